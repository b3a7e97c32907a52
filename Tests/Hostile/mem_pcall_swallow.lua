-- expect: memory
-- limits: memory=64MB
-- what: memory bomb inside pcall, retried in a loop while keeping what was allocated (the memory error must not be swallowed)
local keep = {}
for round = 1, 1000 do
  local ok, err = pcall(function()
    local t = {}
    for i = 1, 1e9 do t[i] = i end
  end)
  keep[#keep + 1] = string.rep("k", 1024 * 1024)
end
print("survived")
