-- expect: ok
-- what: a finalizer that raises; Lua 5.4 turns errors in __gc into warnings, the script continues
setmetatable({}, { __gc = function() error("boom in __gc") end })
collectgarbage("collect")
collectgarbage("collect")
print("ok")
