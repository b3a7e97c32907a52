-- expect: error stack overflow
-- what: __concat that concatenates its own operands again
local c
c = setmetatable({}, { __concat = function(a, b) return a .. b end })
print(c .. "x")
