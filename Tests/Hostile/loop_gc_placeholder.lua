-- expect: time
-- limits: timeout=1s
-- what: a __gc placeholder (true) marks the table for finalization; the real finalizer, an endless loop, is put in the field after setmetatable, where no wrapping at setmetatable time sees it
local mt = { __gc = true }
setmetatable({}, mt)
mt.__gc = function() while true do end end
collectgarbage("collect")
print("not reached")
