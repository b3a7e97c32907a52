-- expect: memory
-- limits: memory=64MB
-- what: allocate closures with upvalues forever and keep them alive
local keep = {}
local i = 0
while true do
  i = i + 1
  local a, b, c = i, i + 1, i + 2
  keep[i] = function() return a + b + c end
end
