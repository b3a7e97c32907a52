-- expect: ok
-- what: string.dump is absent (no way to produce bytecode from inside the sandbox)
assert(string.dump == nil)
assert(getmetatable("").__index.dump == nil)
assert(not pcall(function() return string.dump(print) end))
print("ok")
