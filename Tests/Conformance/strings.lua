-- Conformance: the string library (byte/char/sub/rep/reverse/case/len and
-- string.format), and how numbers turn into text.
-- Deterministic: prints no addresses, iterates no hash tables.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

print("== byte / char ==")
local s = "Hello, Kehu!"
show("byte()", string.byte(s))
show("byte(1,5)", string.byte(s, 1, 5))
show("byte(-1)", string.byte(s, -1))
show("byte(-5,-2)", s:byte(-5, -2))
show("byte(100)", s:byte(100))
show("byte(0)", s:byte(0))
show("byte(3,2)", s:byte(3, 2))
show("char", string.char(75, 101, 104, 117))
show("char()", "[" .. string.char() .. "]")
show("char bad", pcall(string.char, 256))
show("char bad2", pcall(string.char, -1))
show("byte round trip", string.char(s:byte(1, -1)) == s)

print("== sub ==")
show("sub(1,5)", s:sub(1, 5))
show("sub(-5)", s:sub(-5))
show("sub(-5,-2)", s:sub(-5, -2))
show("sub(8)", s:sub(8))
show("sub(0)", s:sub(0))
show("sub(-100,3)", s:sub(-100, 3))
show("sub(5,2)", "[" .. s:sub(5, 2) .. "]")
show("sub(3,100)", s:sub(3, 100))
show("sub(math.mininteger,2)", s:sub(math.mininteger, 2))
show("sub(2,math.maxinteger)", s:sub(2, math.maxinteger))
show("sub float idx", s:sub(2.0, 4.0))
show("sub bad idx", pcall(string.sub, s, 1.5))

print("== rep / reverse / upper / lower / len ==")
show("rep", ("ab"):rep(3))
show("rep sep", ("ab"):rep(3, ", "))
show("rep 0", "[" .. ("ab"):rep(0) .. "]")
show("rep -1", "[" .. ("ab"):rep(-1, "x") .. "]")
show("rep 1 sep", ("ab"):rep(1, "--"))
show("rep empty sep", ("x"):rep(4, ""))
show("reverse", ("stressed"):reverse())
show("reverse empty", "[" .. (""):reverse() .. "]")
show("upper", ("Mixed Case 123 äö"):upper())
show("lower", ("Mixed Case 123 ÄÖ"):lower())
show("len", ("abc"):len(), #"abc", (""):len(), ("a\0b"):len())
show("len zero byte", #"\0\0\0")
show("number method", pcall(function() return (12):len() end))
show("string coercion arg", string.len(12345), string.upper(1.5))

print("== format: integers ==")
show("%d", string.format("%d", 42), string.format("%d", -42), string.format("%d", 3.0))
show("%i", string.format("%i", 7))
show("%5d|", string.format("%5d|", 42))
show("%-5d|", string.format("%-5d|", 42))
show("%05d", string.format("%05d", -42))
show("%+d", string.format("%+d", 42), string.format("% d", 42))
show("%.3d", string.format("%.3d", 7))
show("%x %X", string.format("%x %X %#x", 255, 255, 255))
show("%o", string.format("%o %#o", 8, 8))
show("%x neg", string.format("%x", -1))
show("%d maxint", string.format("%d", math.maxinteger), string.format("%d", math.mininteger))
show("%d float err", pcall(string.format, "%d", 3.5))
show("%d str", string.format("%d", "10"))
show("%c", string.format("%c%c%c", 76, 117, 97))

print("== format: floats ==")
show("%5.2f", string.format("[%5.2f]", 3.14159))
show("%-8.3f", string.format("[%-8.3f]", -2.5))
show("%08.2f", string.format("[%08.2f]", -2.5))
show("%.0f", string.format("%.0f %.0f %.0f", 0.5, 1.5, 2.5))
show("%f int", string.format("%f", 3))
show("%e", string.format("%e %.2e %E", 12345.678, 0.000123, 1e300))
show("%g", string.format("%g %g %g %g", 100000, 1000000, 1e-5, 0.0001))
show("%g misc", string.format("%g %g %.3g %#g", 3.0, 2^53, math.pi, 1.0))
show("%g inf", string.format("%g %g %f", math.huge, -math.huge, math.huge))
show("%.14g", string.format("%.14g", 0.1), string.format("%.17g", 0.1))
show("%10.4s", string.format("[%10.4s]", "abcdefgh"))
show("%-10s", string.format("[%-10s]", "left"))
show("%s non-string", string.format("%s %s %s %s", 1, 1.0, true, nil))
show("%s tostring meta", string.format("%s", setmetatable({}, { __tostring = function() return "OBJ" end })))
show("%%", string.format("100%%"))
show("bad spec", pcall(string.format, "%y", 1))
show("missing arg", pcall(string.format, "%d %d", 1))
show("too long", pcall(string.format, "%123d", 1))

print("== format %q ==")
print(string.format("%q", "plain"))
print(string.format("%q", 'quote " and \\ backslash'))
print(string.format("%q", "line1\nline2"))
print(string.format("%q", "ctl\0\1\2\r\t\127end"))
print(string.format("%q", "\0001"))  -- zero byte followed by a digit
print(string.format("%q", "\r9"))
print(string.format("%q", 42), string.format("%q", -7), string.format("%q", 0))
print(string.format("%q", math.maxinteger))
print(string.format("%q", math.mininteger))
print(string.format("%q", 1.0), string.format("%q", 0.5), string.format("%q", -2.25))
print(string.format("%q", 1/0), string.format("%q", -1/0), string.format("%q", 0/0))
print(string.format("%q", true), string.format("%q", false), string.format("%q", nil))
show("%q table", pcall(string.format, "%q", {}))
show("%q modifiers", pcall(string.format, "%5q", "x"))
-- %q output reloads to the same value
for _, v in ipairs({ "a\0b\n\"c\\", 12, -0.0, 0.1, math.mininteger, 2^63, 1e-300 }) do
  local back = load("return " .. string.format("%q", v))()
  print("reload", math.type(back) or type(back), back == v, string.format("%q", back) == string.format("%q", v))
end

print("== tostring of numbers ==")
local nums = { 1, 1.0, -0.0, 0.0, 1e100, 2^63, -2^63, math.huge, -math.huge,
  1/3, 100.0, 1e15, 1e16, 123456789012345678, 0.1, 2^53, 2^53 + 1, 3 // 1.0,
  math.maxinteger, math.mininteger, 7 / 7, 5 // 2, 2^-1074, 1.7976931348623157e308 }
for i, v in ipairs(nums) do
  print(i, tostring(v), math.type(v))
end
local nan = 0/0
print("nan ~= nan", nan ~= nan, "type", math.type(nan))
print("concat", 1 .. "", 1.0 .. "", -0.0 .. "", 2^63 .. "", 10 // 3 .. "|" .. 10 / 2)
