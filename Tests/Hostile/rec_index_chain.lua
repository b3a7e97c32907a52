-- expect: error stack overflow
-- what: mutual recursion through the __index functions of two proxies
local a, b = {}, {}
setmetatable(a, { __index = function(_, k) return b[k] end })
setmetatable(b, { __index = function(_, k) return a[k] end })
print(a.x)
