-- expect: ok
-- what: finalizers behave as in Lua 5.4: a __gc added after setmetatable (no placeholder) is never called; one put over a placeholder is; __gc sees the object; the order is the reverse of setmetatable's; a protected metatable is still protected
local log = {}
local late = {}
setmetatable({}, late)
late.__gc = function() log[#log + 1] = "late" end
local mt = { __gc = true }
local obj = setmetatable({ name = "obj" }, mt)
mt.__gc = function(o) log[#log + 1] = o.name end
setmetatable({ name = "first" }, { __gc = function(o) log[#log + 1] = o.name end })
setmetatable({ name = "second" }, { __gc = function(o) log[#log + 1] = o.name end })
obj = nil
collectgarbage("collect")
collectgarbage("collect")
assert(table.concat(log, " ") == "second first obj", table.concat(log, " "))
assert(getmetatable(setmetatable({}, mt)) == mt)
local p = setmetatable({}, { __metatable = "locked", __gc = true })
assert(not pcall(setmetatable, p, {}))
print("ok")
