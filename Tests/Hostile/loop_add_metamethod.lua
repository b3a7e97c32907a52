-- expect: time
-- limits: timeout=1s
-- what: infinite loop inside an __add metamethod
local mt = { __add = function(a, b) while true do end end }
local a = setmetatable({}, mt)
print(a + 1)
