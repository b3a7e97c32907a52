-- expect: time
-- limits: timeout=1s
-- what: infinite loop inside a __newindex metamethod
local t = setmetatable({}, { __newindex = function() while true do end end })
t.x = 1
