-- expect: instructions
-- limits: instructions=1000000 timeout=3600s
-- what: a finalizer that is a callable table, not a function: Lua calls its __call with hooks off unless the sandbox runs it in a coroutine
local spin = setmetatable({}, { __call = function() while true do end end })
setmetatable({}, { __gc = spin })
collectgarbage("collect")
print("not reached")
