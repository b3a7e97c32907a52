-- Conformance: metatables and metamethods. Objects are never printed with the
-- default tostring (it shows an address); __gc effects are observed only
-- through counters after a full collection.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

print("== __index / __newindex ==")
local defaults = { color = "red", size = 1 }
local obj = setmetatable({ size = 5 }, { __index = defaults })
show("__index table", obj.color, obj.size, obj.missing, rawget(obj, "color"))
local calls = {}
local dyn = setmetatable({}, { __index = function(t, k) calls[#calls + 1] = tostring(k) return k .. "!" end })
show("__index function", dyn.a, dyn.bb, dyn[1] == nil and "nil" or "n/a", table.concat(calls, ","))
local store = {}
local guarded = setmetatable({}, { __newindex = function(t, k, v) rawset(t, k, v * 2) store[#store + 1] = k end })
guarded.x = 1
guarded.x = 10 -- exists now: no metamethod
show("__newindex function", guarded.x, table.concat(store, ","))
local backing = {}
local proxy = setmetatable({}, { __newindex = backing, __index = backing })
proxy.k = "v"
show("__newindex table", rawget(proxy, "k"), backing.k, proxy.k)
local ro = setmetatable({}, { __newindex = function(_, k) error("read-only field " .. tostring(k), 2) end })
show("read-only", pcall(function() ro.x = 1 end))

print("== inheritance chain ==")
local Base = {}
Base.__index = Base
function Base.new(name) return setmetatable({ name = name }, Base) end
function Base:hello() return "hello from " .. self.name end
function Base:kind() return "base" end
local Derived = setmetatable({}, { __index = Base })
Derived.__index = Derived
function Derived.new(name) local o = Base.new(name) return setmetatable(o, Derived) end
function Derived:kind() return "derived(" .. Base.kind(self) .. ")" end
local d = Derived.new("d1")
show("chain", d:hello(), d:kind(), getmetatable(d) == Derived, rawget(Derived, "hello"))
local deep = setmetatable({}, { __index = setmetatable({}, { __index = setmetatable({}, { __index = { leaf = "found" } }) }) })
show("deep chain", deep.leaf)

print("== arithmetic metamethods ==")
local V = {}
V.__index = V
local function vec(x, y) return setmetatable({ x = x, y = y }, V) end
local function lift(a) if type(a) == "number" then return vec(a, a) end return a end
V.__add = function(a, b) a, b = lift(a), lift(b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) a, b = lift(a), lift(b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b) a, b = lift(a), lift(b) return vec(a.x * b.x, a.y * b.y) end
V.__div = function(a, b) a, b = lift(a), lift(b) return vec(a.x / b.x, a.y / b.y) end
V.__mod = function(a, b) a, b = lift(a), lift(b) return vec(a.x % b.x, a.y % b.y) end
V.__pow = function(a, b) a, b = lift(a), lift(b) return vec(a.x ^ b.x, a.y ^ b.y) end
V.__idiv = function(a, b) a, b = lift(a), lift(b) return vec(a.x // b.x, a.y // b.y) end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__band = function(a, b) a, b = lift(a), lift(b) return vec(a.x & b.x, a.y & b.y) end
V.__bor = function(a, b) a, b = lift(a), lift(b) return vec(a.x | b.x, a.y | b.y) end
V.__bxor = function(a, b) a, b = lift(a), lift(b) return vec(a.x ~ b.x, a.y ~ b.y) end
V.__shl = function(a, b) a, b = lift(a), lift(b) return vec(a.x << b.x, a.y << b.y) end
V.__shr = function(a, b) a, b = lift(a), lift(b) return vec(a.x >> b.x, a.y >> b.y) end
V.__bnot = function(a) return vec(~a.x, ~a.y) end
V.__len = function(a) return 2 end
V.__tostring = function(a) return "(" .. tostring(a.x) .. "," .. tostring(a.y) .. ")" end
V.__concat = function(a, b)
  local sa = type(a) == "table" and tostring(a) or "<" .. tostring(a) .. ">"
  local sb = type(b) == "table" and tostring(b) or "<" .. tostring(b) .. ">"
  return sa .. sb
end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) a, b = lift(a), lift(b) return a.x < b.x or (a.x == b.x and a.y < b.y) end
V.__le = function(a, b) a, b = lift(a), lift(b) return not (b.x < a.x or (b.x == a.x and b.y < a.y)) end
V.__call = function(self, k, extra) return self[k], extra end
V.__name = "Vector"
local p, q = vec(7, 12), vec(2, 5)
show("add/sub", tostring(p + q), tostring(p - q), tostring(p + 1), tostring(10 + q))
show("mul/div/mod", tostring(p * q), tostring(p / q), tostring(p % q))
show("pow/idiv/unm", tostring(q ^ 2), tostring(p // q), tostring(-p), tostring(-7 // q))
show("bitwise", tostring(p & q), tostring(p | q), tostring(p ~ q), tostring(p << 1), tostring(p >> 1), tostring(~q))
show("len/concat", #p, p .. q, p .. "s", 1 .. q, 2.5 .. p)
show("concat chain", "a" .. p .. "b")
show("eq", p == vec(7, 12), p ~= q, p == p, p == 7, rawequal(p, vec(7, 12)))
show("lt/le", q < p, p < q, q <= p, p <= p, p > q, q >= p, 1 < q, q <= 100)
show("call", p("x", "extra"), p("y"))
show("tostring", tostring(p), string.format("%s", q))

print("== __lt without __le, __eq on different types ==")
local L = setmetatable({}, { __lt = function() return true end })
show("__lt only, <", L < L)
show("__lt only, <= (emulated as not (b < a) under LUA_COMPAT_5_3 builds)", pcall(function() return L <= L end))
local E1 = setmetatable({}, { __eq = function() return true end })
show("__eq with non-table", E1 == 1, E1 == "x", E1 == setmetatable({}, {}))
show("__eq result coerced", setmetatable({}, { __eq = function() return "yes" end }) == {})

print("== __name in error messages ==")
local named = setmetatable({}, { __name = "Dealer" })
show("arith on named", pcall(function() return named + 1 end))
show("call named", pcall(function() return named() end))
show("library arg named", pcall(string.rep, named, 2))
show("compare named", pcall(function() return named < named end))
show("concat named", pcall(function() return "x" .. named end))
show("index nil field", pcall(function() return named.a.b end))

print("== __tostring / __len / __unm edge cases ==")
show("__tostring non-string", pcall(tostring, setmetatable({}, { __tostring = function() return 42 end })))
show("__len returns string", #setmetatable({}, { __len = function() return "long" end }))
show("rawlen", rawlen(setmetatable({ 1, 2, 3 }, { __len = function() return 99 end })), rawlen("abcd"))
show("rawlen bad", pcall(rawlen, 5))
show("rawequal", rawequal("a", "a"), rawequal(1, 1.0), rawequal({}, {}))
show("rawset/rawget", rawget(rawset(setmetatable({}, { __newindex = error }), "k", "v"), "k"))

print("== __metatable protection ==")
local locked = setmetatable({}, { __metatable = "locked!", __index = { secret = 1 } })
show("getmetatable", getmetatable(locked), locked.secret)
show("setmetatable", pcall(setmetatable, locked, {}))
show("setmetatable nil", pcall(setmetatable, locked, nil))
show("setmetatable bad arg", pcall(setmetatable, {}, 5))
show("getmetatable plain", getmetatable({}), getmetatable(1))
show("string has metatable index", ("abc"):upper(), ("x"):rep(3))

print("== __pairs ==")
local ordered = setmetatable({}, { __pairs = function(t)
  local keys = { "first", "second", "third" }
  local i = 0
  return function() i = i + 1 if keys[i] then return keys[i], i * 10 end end, t, nil
end })
local seen = {}
for k, val in pairs(ordered) do seen[#seen + 1] = k .. "=" .. val end
show("__pairs", table.concat(seen, " "))
local ip = {}
for i, val in ipairs(setmetatable({}, { __index = function(_, i) if i <= 3 then return i * i end end })) do ip[#ip + 1] = val end
show("ipairs respects __index", table.concat(ip, ","))

print("== __close ==")
do
  local c <close> = setmetatable({}, { __close = function(_, e) print("  closed, err:", e) end })
  print("  in block")
end

print("== __gc and weak tables ==")
local finalized = {}
local function make_garbage()
  for i = 1, 5 do
    setmetatable({ id = i }, { __gc = function(o) finalized[#finalized + 1] = o.id end })
  end
end
make_garbage()
collectgarbage("collect")
collectgarbage("collect")
show("finalized count", #finalized)
table.sort(finalized)
show("finalized ids", table.concat(finalized, ","))
local resurrected
do
  local function mk() setmetatable({ tag = "zombie" }, { __gc = function(o) resurrected = o end }) end
  mk()
end
collectgarbage("collect")
show("resurrected", resurrected and resurrected.tag)
local weak = setmetatable({}, { __mode = "v" })
local keep = { "kept" }
local function fill() weak[1] = keep; weak[2] = {}; weak[3] = "strings stay"; weak[4] = {} end
fill()
collectgarbage("collect")
show("weak values", weak[1] == keep, weak[2], weak[3], weak[4])
local wk = setmetatable({}, { __mode = "k" })
local function fillk() wk[keep] = 1; wk[{}] = 2 end
fillk()
collectgarbage("collect")
local nk = 0
for _ in pairs(wk) do nk = nk + 1 end
show("weak keys", nk, wk[keep])
show("collectgarbage returns", collectgarbage("collect"), type(collectgarbage("count")))
