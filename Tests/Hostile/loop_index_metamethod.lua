-- expect: instructions
-- limits: instructions=1000000
-- what: infinite loop inside an __index metamethod
local t = setmetatable({}, { __index = function(_, k) while true do end end })
print(t.anything)
