-- expect: memory
-- limits: memory=64MB
-- what: string.rep of an empty string with a separator: the size comes from the separator (1e9 bytes)
local s = string.rep("", 1000000000, "x")
print(#s)
