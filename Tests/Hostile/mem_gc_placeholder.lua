-- expect: memory
-- limits: memory=64MB timeout=3600s
-- what: an allocation storm in a __gc set after setmetatable over a placeholder: the memory cap must reach it
local mt = { __gc = true }
setmetatable({}, mt)
mt.__gc = function() local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(1024) .. i end end
collectgarbage("collect")
print("not reached")
