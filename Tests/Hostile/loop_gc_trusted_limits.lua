-- expect: instructions
-- limits: instructions=1000000 timeout=3600s
-- profile: trusted
-- what: a trusted script given limits (kehu run --trust --timeout 2s hung on this): its finalizer, an endless loop run with hooks off by Lua, must be held to the limits like the rest of its code
local mt = { __gc = true }
setmetatable({}, mt)
mt.__gc = function() while true do end end
collectgarbage()
print("not reached")
