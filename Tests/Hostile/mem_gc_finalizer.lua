-- expect: memory
-- limits: memory=64MB
-- note: errors inside __gc become warnings
-- what: memory bomb inside a __gc finalizer; Lua converts errors raised in finalizers into warnings, so the memory error would be swallowed unless the engine remembers the crossed cap
setmetatable({}, { __gc = function() local s = string.rep("x", 200 * 1024 * 1024) end })
collectgarbage("collect")
print("ok")
