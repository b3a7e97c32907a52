-- expect: memory
-- limits: memory=64MB
-- what: single 200 MiB string.rep allocation (below string.rep's own INT_MAX size check, so the allocation really happens)
local s = string.rep("x", 200 * 1024 * 1024)
print(#s)
