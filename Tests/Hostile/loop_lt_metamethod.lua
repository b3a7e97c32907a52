-- expect: time
-- limits: timeout=1s
-- what: infinite loop inside an __lt metamethod
local mt = { __lt = function(a, b) while true do end end }
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a < b)
