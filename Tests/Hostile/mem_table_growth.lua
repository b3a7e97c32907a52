-- expect: memory
-- limits: memory=64MB
-- what: append to a table forever (`t[#t+1] = i`)
local t = {}
local i = 0
while true do
  i = i + 1
  t[#t + 1] = i
end
