-- expect: time
-- limits: timeout=1s
-- note: __gc runs with hooks disabled
-- what: infinite loop inside a __gc finalizer, forced by collectgarbage(); Lua runs finalizers with debug hooks disabled, so neither the count hook nor a hook-based deadline fires
setmetatable({}, { __gc = function() while true do end end })
collectgarbage("collect")
print("not reached")
