-- expect: instructions
-- limits: instructions=1000000
-- what: infinite loop inside a __concat metamethod
local a = setmetatable({}, { __concat = function(x, y) while true do end end })
print(a .. "tail")
