-- expect: error stack overflow
-- what: infinite recursion through an __index function that indexes itself (lua5.4 says "C stack overflow")
local t
t = setmetatable({}, { __index = function(self, k) return t[k] end })
print(t.missing)
