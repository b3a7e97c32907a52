-- Conformance: integer and float arithmetic, coercions, the math library and
-- bitwise operators. NaN is never printed directly (its sign is CPU-dependent);
-- it is shown through `x ~= x`.

local function v(x)
  if type(x) == "number" then
    if x ~= x then return "NaN" end
    return tostring(x) .. "(" .. math.type(x) .. ")"
  end
  return tostring(x)
end

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = v((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

print("== basic operators with signs ==")
local operands = { { 7, 2 }, { -7, 2 }, { 7, -2 }, { -7, -2 }, { 7.0, 2 }, { -7.5, 2 }, { 7, 0.5 }, { 0, 3 } }
for _, p in ipairs(operands) do
  local a, b = p[1], p[2]
  show(string.format("%s op %s", v(a), v(b)), a + b, a - b, a * b, a / b, a // b, a % b, a ^ b)
end
show("unary minus", -(3), -(3.0), -(-0.0), -math.mininteger)
show("float floor div", 7.5 // 2, -7.5 // 2, 1 // 0.0, -1 // 0.0)
show("float mod", 5.5 % 2, -5.5 % 2, 5.5 % -2, 5 % math.huge, -5 % math.huge)
show("mod by inf keeps sign rules", 5.0 % -math.huge, -5.0 % -math.huge)
show("float mod zero is nan", (1 % 0.0) ~= (1 % 0.0))
show("float div zero", 1 / 0, -1 / 0, 0 / 0 ~= 0 / 0, 1 / -0.0)
show("int div zero", pcall(function() local z = 0 return 1 // z end))
show("int mod zero", pcall(function() local z = 0 return 1 % z end))
show("pow always float", 2 ^ 2, 2 ^ 0.5, (-8) ^ (1 / 3) ~= (-8) ^ (1 / 3), 10 ^ -2)

print("== integer overflow wraps ==")
show("maxint + 1 == minint", math.maxinteger + 1 == math.mininteger)
show("minint - 1 == maxint", math.mininteger - 1 == math.maxinteger)
show("maxint * 2", math.maxinteger * 2)
show("minint * -1", math.mininteger * -1)
show("minint // -1", math.mininteger // -1)
show("minint % -1", math.mininteger % -1)
show("maxint + 1.0", math.maxinteger + 1.0)
show("maxint as float == 2^63", math.maxinteger + 0.0 == 2 ^ 63)
show("abs minint", math.abs(math.mininteger))

print("== math.type / tointeger ==")
show("math.type", math.type(1), math.type(1.0), math.type("1"), math.type(nil))
show("tointeger", math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger(2 ^ 63), math.tointeger(-2 ^ 63))
show("tointeger other", math.tointeger("x"), math.tointeger({}) == nil)
show("float/int eq", 1 == 1.0, -0.0 == 0, 2 ^ 53 == 2 ^ 53 + 1, math.maxinteger == 2 ^ 63)
show("int/float lt", 1 < 1.5, math.maxinteger < 2 ^ 63, math.mininteger <= -2 ^ 63, 3 <= 3.0)
show("int vs inf", math.maxinteger < math.huge, math.mininteger > -math.huge)
show("nan comparisons", (0/0) < 1, (0/0) > 1, (0/0) == (0/0), 1 <= (0/0))

print("== string coercions ==")
show("'10'+1", "10" + 1)
show("'0x10'+0", "0x10" + 0)
show("'1e2'*1", "1e2" * 1)
show("'3.0'+0", "3.0" + 0)
show("' 5 '*2", " 5 " * 2)
show("'10'//'3'", "10" // "3")
show("'2'^'3'", "2" ^ "3")
show("-'2'", -"2")
show("'9007199254740993'+0", "9007199254740993" + 0)
show("'abc'+1", pcall(function() return "abc" + 1 end))
show("'10'|1 (strings do not coerce for bitwise ops)", pcall(function() return "10" | 1 end))
show("'1.0'|1", pcall(function() return "1.0" | 1 end))
show("'1.5'|1", pcall(function() return "1.5" | 1 end))
show("'10' < '9' (string)", "10" < "9")
show("10 < '9'", pcall(function() return 10 < "9" end))
show("'10' == 10", "10" == 10)

print("== tonumber ==")
show("tonumber plain", tonumber("42"), tonumber("42.0"), tonumber("  0x1F  "), tonumber("1e3"), tonumber(".5"), tonumber("5."))
show("tonumber hex float", tonumber("0x1p4"), tonumber("0xA.8"), tonumber("-0x10"))
show("tonumber bad", tonumber("1e"), tonumber(""), tonumber("0x"), tonumber("1 2"), tonumber("inf"), tonumber("nan"))
show("tonumber base 2", tonumber("1010", 2), tonumber("-1010", 2))
show("tonumber base 16", tonumber("ff", 16), tonumber("FF", 16), tonumber("  7f  ", 16))
show("tonumber base 36", tonumber("zz", 36), tonumber("Kehu", 36))
show("tonumber base 8 bad digit", tonumber("19", 8))
show("tonumber base with float", tonumber("1.5", 10))
show("tonumber bad base", pcall(tonumber, "10", 1))
show("tonumber base non-string", pcall(tonumber, 10, 16))
show("tonumber huge int", tonumber("9223372036854775807"), tonumber("9223372036854775808"), tonumber("-9223372036854775808"))
show("tonumber hex wraps", tonumber("0xffffffffffffffff"), tonumber("0x10000000000000000"))
show("tonumber non-numbers", tonumber(nil), tonumber(true), tonumber({}) == nil)
show("tonumber no arg", pcall(tonumber))

print("== math library ==")
show("floor", math.floor(3.7), math.floor(-3.7), math.floor(5), math.floor(-0.0), math.floor(2 ^ 70))
show("ceil", math.ceil(3.2), math.ceil(-3.2), math.ceil(5), math.ceil(1e300))
show("fmod", math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(7.5, 2), math.fmod(-7.5, 2))
show("fmod int zero", pcall(math.fmod, 1, 0))
show("fmod minint", math.fmod(math.mininteger, -1))
show("modf", math.modf(3.7))
show("modf neg", math.modf(-3.7))
show("modf int", math.modf(5))
show("modf inf", math.modf(math.huge))
show("abs", math.abs(-5), math.abs(-5.5), math.abs(0.0), math.abs(-0.0))
show("max/min", math.max(1, 2.5, -3), math.min(1, 2.5, -3), math.max(2, 2.0), math.max(2.0, 2), math.min(7))
show("max no args", pcall(math.max))
show("ult", math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1), math.ult(math.maxinteger, math.mininteger))
show("sqrt/exp/log", math.sqrt(16), math.exp(0), math.log(1), math.log(8, 2), math.log(100, 10), math.log(27, 3))
show("trig", math.sin(0), math.cos(0), math.floor(math.atan(1, 1) * 4 * 1e6), math.pi)
show("deg/rad", math.deg(math.pi), math.rad(180) == math.pi)
show("huge", math.huge, -math.huge, math.maxinteger, math.mininteger)

print("== bitwise ==")
show("and/or/xor", 0xF0 & 0x3C, 0xF0 | 0x0F, 0xFF ~ 0x0F, ~0)
show("shifts", 1 << 4, 256 >> 4, 1 << 63, 1 << 64, -1 >> 1, -1 >> 63, 1 << -1, 2 >> -1)
show("float operands", 3.0 | 0, 2 ^ 3 & 0xF)
show("float with fraction", pcall(function() return 1.5 | 0 end))
show("huge float", pcall(function() return 2 ^ 63 | 0 end))
show("string operand", pcall(function() return "abc" & 1 end))
show("table operand", pcall(function() return {} & 1 end))
show("nil operand", pcall(function() local x return x << 1 end))
show("precedence", 1 | 2 ~ 3 & 4, 1 << 2 + 1, ~5 + 1)

print("== random with fixed seed ==")
math.randomseed(42)
local r = {}
for i = 1, 5 do r[i] = math.random(1, 100) end
show("random(1,100) x5", table.unpack(r))
show("random(10)", math.random(10))
local f = math.random()
show("random() in [0,1)", f >= 0 and f < 1, string.format("%.10f", f))
show("random(0) integer", math.type(math.random(0)))
show("random bad range", pcall(math.random, 2, 1))
math.randomseed(42)
show("reseed repeats", math.random(1, 100) == r[1])
