-- Conformance: error values, levels, runtime error messages (with variable
-- names), pcall/xpcall, assert. Error tables are compared by identity and
-- never printed with the default tostring. No tracebacks are printed.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do
    local v = (select(i, ...))
    parts[i] = type(v) == "table" and "<table>" or tostring(v)
  end
  print(label .. ": " .. table.concat(parts, " | "))
end

local function msg(f, ...)
  local ok, e = pcall(f, ...)
  if ok then return "no error" end
  return type(e) == "table" and "<table>" or tostring(e)
end

print("== error values and levels ==")
local function lvl1() error("level one") end
local function lvl2() error("level two", 2) end
local function call_lvl2() lvl2() end -- the line reported for level 2
local function lvl0() error("level zero", 0) end
local function lvl3_inner() error("level three", 3) end
local function lvl3_mid() lvl3_inner() end
local function lvl3_outer() lvl3_mid() end -- the line reported for level 3
show("level 1", pcall(lvl1))
show("level 2", pcall(call_lvl2))
show("level 0", pcall(lvl0))
show("level 3", pcall(lvl3_outer))
show("no args", pcall(error))
show("nil", pcall(error, nil))
show("number", pcall(error, 42))
show("float with level", pcall(error, 42.5, 2))
show("boolean", pcall(error, false))
show("number keeps type", math.type(select(2, pcall(error, 7))))
show("error called directly by pcall has no position", pcall(error, "direct"))
local errt = { code = 404 }
local ok, got = pcall(error, errt)
show("table identity", ok, got == errt, got.code)
local ok2, got2 = pcall(function() local ok3, inner = pcall(error, errt) error(inner) end)
show("rethrown identity", ok2, got2 == errt)
show("__tostring error object", pcall(error, setmetatable({}, { __tostring = function() return "TS" end })))

print("== runtime error messages ==")
print(msg(function() local x; return x.field end))
print(msg(function() local t = {}; t.x.y = 1 end))
print(msg(function() return undefined_global_z.k end))
print(msg(function() undefined_function() end))
print(msg(function() local t = {}; t.method() end))
print(msg(function() local t = {}; t:method() end))
print(msg(function() return ("str")() end))
print(msg(function() local up = nil; return (function() return up.x end)() end))
print(msg(function() local a = {}; return a.b.c end))
print(msg(function() local a = { b = {} }; return a.b.c.d end))
print(msg(function() local a = {}; return a[1][2] end))
print(msg(function() return {} < {} end))
print(msg(function() return {} <= 1 end))
print(msg(function() return 1 < "x" end))
print(msg(function() return nil > 1 end))
print(msg(function() return {} .. "x" end))
print(msg(function() local s = "x"; local n = nil; return s .. n end))
print(msg(function() return #nil end))
print(msg(function() local n = 5; return #n end))
print(msg(function() return -{} end))
print(msg(function() local t = {}; return t + 1 end))
print(msg(function() return "a" + {} end))
print(msg(function() return "abc" * 2 end))
print(msg(function() return "10" + "x" end))
print(msg(function() local b = true; return b / 2 end))
print(msg(function() return 1 // 0 end))
print(msg(function() return 1 % 0 end))
print(msg(function() return 1.5 & 1 end))
print(msg(function() return math.huge | 0 end))
print(msg(function() local t = setmetatable({}, { __index = function(t, k) return nil + k end }); return t.x end))
print(msg(function() for i = 1, "x" do end end))
print(msg(function() for i = 1, 10, 0 do end end))
print(msg(function() for i = "a", 2 do end end))
print(msg(function() local f = 5; for k in f do end end))

print("== library argument errors ==")
print(msg(function() return math.floor("x") end))
print(msg(function() return ("abc"):rep("x") end))
print(msg(function() return string.rep() end))
print(msg(function() return ("x"):bad_method() end))
print(msg(function() return setmetatable(1, {}) end))
print(msg(function() return tostring() end))
print(msg(function() return select() end))
print(msg(function() return select("x") end))
print(msg(function() return ipairs() end))
print(msg(function() return string.sub() end))
print(msg(string.sub))
print(msg(string.format, "%d", "x"))
print(msg(table.concat, {}, 1))
print(msg(function() return math.max("a", 1) end))

print("== tostring(nil) and friends ==")
show("tostring nil", tostring(nil), tostring(false), tostring(12), tostring("s"))
show("type errors", msg(type))
show("tonumber of nil arg", tonumber(nil))

print("== assert ==")
show("assert true", assert(1, "unused", 3))
show("assert false", pcall(assert, false))
show("assert nil msg", pcall(assert, nil, "custom message"))
show("assert with table msg", pcall(assert, false, errt))
local _, assert_obj = pcall(assert, false, errt)
show("assert table identity", assert_obj == errt)
show("assert with number msg", pcall(assert, false, 99))
show("assert no args", pcall(assert))

print("== xpcall ==")
show("handler transforms", xpcall(function() error("E", 0) end, function(m) return "H(" .. m .. ")" end))
show("handler gets position", xpcall(function() error("E") end, function(m) return "H(" .. m .. ")" end))
show("handler gets table", xpcall(function() error(errt) end, function(m) return m == errt end))
show("success passes args", xpcall(function(a, b) return a + b, a * b end, print, 3, 4))
show("handler sees nil", xpcall(function() error() end, function(m) return type(m) end))
show("handler runtime error msg", xpcall(function() local z; return z.q end, function(m) return "caught: " .. m end))
show("error in handler", xpcall(function() error("first") end, function(m) error("second") end))
show("handler not called on success", xpcall(function() return "fine" end, function() return "bad" end))
show("xpcall missing handler", pcall(xpcall, function() end))
show("nested pcall", pcall(pcall, error, "inner"))
show("pcall non-function", pcall(42))
show("pcall no args", pcall(pcall))

print("== errors inside metamethods and iterators ==")
print(msg(function() return setmetatable({}, { __add = function() error("in __add", 0) end }) + 1 end))
print(msg(function() for _ in function() error("in iterator") end do end end))
print(msg(function() return tostring(setmetatable({}, { __tostring = function() return {} end })) end))
print(msg(function() return setmetatable({}, { __index = function() error("deep", 2) end }).field end))
