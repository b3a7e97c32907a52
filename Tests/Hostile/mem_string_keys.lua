-- expect: memory
-- limits: memory=64MB timeout=30s
-- what: millions of distinct short strings used as hash keys
local t = {}
local i = 0
while true do
  i = i + 1
  t["key" .. i] = i
end
