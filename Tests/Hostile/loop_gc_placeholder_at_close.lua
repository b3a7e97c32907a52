-- expect: ok
-- what: the __gc placeholder escape left pending when the script returns: closing the state runs the finalizer, which must be cut by the close budget rather than hang (the harness closes the state, then checks a fresh one)
local mt = { __gc = true }
KEEP = setmetatable({}, mt)
mt.__gc = function() while true do end end
print("ok")
