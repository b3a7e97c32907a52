-- expect: ok
-- note: __gc runs with hooks disabled
-- what: leave a finalizer with an infinite loop pending when the script returns; the run itself succeeds, but lua_close() runs pending finalizers with hooks disabled, so closing the state must not hang (the harness calls close() and then checks a fresh state)
KEEP = setmetatable({}, { __gc = function() while true do end end })
print("ok")
