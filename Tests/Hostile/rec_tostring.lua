-- expect: error stack overflow
-- what: __tostring that calls tostring on itself
local t
t = setmetatable({}, { __tostring = function(self) return tostring(self) end })
print(tostring(t))
