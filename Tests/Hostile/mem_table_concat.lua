-- expect: memory
-- limits: memory=64MB
-- what: table.concat of one million references to a single 1 KiB string (1 GiB result)
local piece = string.rep("y", 1024)
local t = {}
for i = 1, 1000000 do t[i] = piece end
local s = table.concat(t)
print(#s)
