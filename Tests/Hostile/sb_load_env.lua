-- expect: ok
-- what: text chunks loaded with load() see the script's sandboxed globals (or the env given), never the host's full globals
local f = assert(load("return io, debug, package, os and os.execute"))
local a, b, c, d = f()
assert(a == nil and b == nil and c == nil and d == nil)
local g = assert(load("return print", "=c", "t", {}))
assert(g() == nil)
local h = assert(load("x = 1; return x", "=c", "t", setmetatable({}, { __index = _G })))
assert(h() == 1 and x == nil)
print("ok")
