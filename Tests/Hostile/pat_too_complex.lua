-- expect: ok
-- what: a pattern deeper than the matcher's recursion limit (MAXCCALLS 200) fails fast ("pattern too complex") instead of overflowing the C stack
local ok, err = pcall(string.find, string.rep("a", 300), "^" .. string.rep("a?", 300) .. string.rep("a", 300))
assert(not ok, "deep pattern was accepted")
print(err)
print("ok")
