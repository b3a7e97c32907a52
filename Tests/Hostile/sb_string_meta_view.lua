-- expect: ok
-- what: the string metatable is a read-only view whose __index is the (read-only) string table; method calls still work
local mt = getmetatable("")
assert(mt ~= nil)
assert(mt.__index == string, "__index is not the string table")
assert(("x"):upper() == "X")
assert(("%d-%s"):format(1, "a") == "1-a")
assert(not pcall(function() mt.__index = {} end))
assert(("x"):rep(3) == "xxx")
print("ok")
