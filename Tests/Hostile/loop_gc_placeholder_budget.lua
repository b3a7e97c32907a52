-- expect: instructions
-- limits: instructions=1000000 timeout=3600s
-- what: the __gc placeholder escape under an instruction budget: the finalizer set after setmetatable must count against the budget like any other code
local mt = { __gc = false }
setmetatable({}, mt)
mt.__gc = function() local n = 0 while true do n = n + 1 end end
collectgarbage("collect")
print("not reached")
