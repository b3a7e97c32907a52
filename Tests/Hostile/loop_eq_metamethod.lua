-- expect: instructions
-- limits: instructions=1000000
-- what: infinite loop inside an __eq metamethod
local mt = { __eq = function(a, b) while true do end end }
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a == b)
