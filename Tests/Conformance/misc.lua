-- Conformance: numeric for-loops (float steps, bounds near maxinteger), string
-- coercion in concatenation, long strings and escapes, division by zero,
-- load with an environment table and load's syntax error messages.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

local function collect(a, b, c)
  local out = {}
  if c == nil then
    for i = a, b do out[#out + 1] = tostring(i) if #out > 20 then break end end
  else
    for i = a, b, c do out[#out + 1] = tostring(i) if #out > 20 then break end end
  end
  return "[" .. table.concat(out, " ") .. "]"
end

print("== numeric for ==")
show("int", collect(1, 5))
show("int step 2", collect(1, 10, 2))
show("int descending", collect(5, 1, -1))
show("empty", collect(3, 1), collect(1, 3, -1))
show("float step", collect(1, 2, 0.25))
show("float start", collect(1.0, 3))
show("float limit floors", collect(1, 3.9), collect(1, 0.5))
show("negative float step", collect(1, 0, -0.5))
local steps = 0
for _ = 0, 1, 0.1 do steps = steps + 1 end
show("0..1 by 0.1 iterations", steps)
show("near maxinteger", collect(math.maxinteger - 2, math.maxinteger))
show("near mininteger", collect(math.mininteger + 2, math.mininteger, -1))
show("huge step", collect(1, 10, math.maxinteger), collect(-1, -10, math.mininteger))
show("limit beyond int range", collect(math.maxinteger - 1, 1e300))
show("float limit below minint", collect(math.mininteger, -1e300))
show("inf limit with break", (function() local n = 0 for _ = 1, math.huge do n = n + 1 if n == 5 then break end end return n end)())
show("loop var type", (function() local t = {} for i = 1, 2 do t[#t + 1] = math.type(i) end for i = 1.0, 2 do t[#t + 1] = math.type(i) end return table.concat(t, ",") end)())
show("numeric-string initial value makes a float loop (5.4.4)", pcall(collect, "1", 3))
show("zero float step", pcall(collect, 1, 2, 0.0))

print("== concatenation coercion ==")
show("ints", 1 .. 2, 10 .. "")
show("floats", 1.5 .. "", 2.0 .. "|", -0.0 .. "", 1e300 * 10 .. "")
show("mixed", "n=" .. 42 .. ", f=" .. 0.1, "x" .. 2^53)
show("large", math.maxinteger .. "", math.mininteger .. "")
show("nested", ("a" .. "b") .. ("c" .. 1 .. 2.0))
show("bool fails", pcall(function() return "x" .. true end))
show("nil fails", pcall(function() local n; return "x" .. n end))

print("== long strings and escapes ==")
local long1 = [[
first line
second line]]
show("long string drops first newline", #long1, long1:sub(1, 5))
local long2 = [==[contains ]] and [=[ inside]==]
show("level 2", long2)
local long3 = [[
]]
show("only newline", #long3)
show("no escapes in long", [[\n\t]], #[[\n\t]])
show("\\z skips whitespace", "abc\z
       def")
show("\\x", "\x41\x42\x43", "\x7a")
show("\\u{}", "\u{48}\u{49}", #"\u{7FF}", #"\u{FFFF}", #"\u{10FFFF}")
show("\\ddd", "\65\066\0677", #"\0", "\9" == "\t")
show("named escapes", #"\a\b\f\n\r\t\v\\\"\'", ("\a\b\f\v"):byte(1, -1))
show("line continuation", "one\
two")
show("escape errors", select(2, load([[return "\q"]], "=e")))
show("escape errors 2", select(2, load([[return "\x4"]], "=e")))
show("escape errors 3", select(2, load([[return "\u{110000000}"]], "=e")))
show("escape errors 4", select(2, load([[return "\256"]], "=e")))
show("unfinished string", select(2, load("return 'abc", "=e")))
show("unfinished long string", select(2, load("return [[abc", "=e")))

print("== division by zero ==")
show("int // 0", pcall(function() local z = 0 return 5 // z end))
show("int % 0", pcall(function() local z = 0 return 5 % z end))
show("float / 0", 5 / 0, -5 / 0, 0 / 0 ~= 0 / 0)
show("int / 0 is float", 5 / 0 == math.huge, math.type(4 / 2))
show("float // 0", 5.0 // 0, -5 // 0.0)
show("float % 0 is nan", (function() local r = 5.0 % 0 return r ~= r end)())
show("constant folding skipped", pcall(load("return 1 // 0", "=fold")))

print("== load with env ==")
local env = { x = 10, y = 32 }
local f = load("z = x + y; return z", "=envchunk", "t", env)
show("result", f(), env.z, rawget(env, "z"))
show("global untouched", z)
local g = load("return tostring", "=noenv", "t", {})
show("empty env", g())
local counter = load("n = (n or 0) + 1; return n", "=counter", "t", env)
counter(); counter()
show("env persists", env.n)
local withmeta = setmetatable({}, { __index = function(_, k) return "<" .. k .. ">" end })
show("env with __index", load("return missing_name, other", "=meta", "t", withmeta)())
show("load varargs", load("return select('#', ...), ...")(1, nil, 3))
local pieces = { "return ", "1 + ", "41" }
local idx = 0
show("load from function", load(function() idx = idx + 1 return pieces[idx] end)())
show("runtime error in chunk", pcall(load("local t = nil; return t.x")))
show("runtime error named chunk", pcall(load("error('named')", "=mychunk")))
show("runtime error @chunk", pcall(load("\n\nerror('at line 3')", "@virtual.lua")))
show("_ENV local", (function() local _ENV = { print = 1, v = "fromenv" } return v end)())
show("_ENV upvalue rebinding", (function() local _ENV <const> = { a = 1 } return a end)())

print("== load syntax errors ==")
local sources = {
  "x = = 1",
  "return 1 +",
  "if x then",
  "for i = 1 do end",
  "local function() end",
  "x = }",
  "return 'unfinished",
  "f(",
  "a.b:c = 1",
  "return 0x",
  "local t = {1, 2,, 3}",
  "x = 1 y = 2 z",
  "return ...; local function f() return ... end",
  "goto = 1",
  "return 1e",
  "--[[ unclosed comment",
  "\n\n  local 1 = 2",
}
for _, src in ipairs(sources) do
  local fn, err = load(src)
  print(fn == nil, err)
end
for _, src in ipairs({ "x = = 1", "return 1 +" }) do
  local fn, err = load(src, "=named")
  print("named", fn == nil, err)
end
-- Too-deep nesting raises "C stack overflow" through luaG_runerror, which runs the
-- current message handler; call load under pcall so no handler (and no traceback
-- text from the standalone interpreter) is involved.
show("deep nesting", pcall(load, string.rep("(", 300) .. "1" .. string.rep(")", 300)))
show("nesting within limits", load("return " .. string.rep("(", 100) .. "1" .. string.rep(")", 100))())

print("== os date/time with fixed inputs (UTC formats only) ==")
show("date epoch", os.date("!%Y-%m-%d %H:%M:%S", 0))
show("date fixed", os.date("!%Y-%m-%dT%H:%M:%SZ %j %w", 1700000000))
local tt = os.date("!*t", 1700000000)
local fields = {}
for _, k in ipairs({ "year", "month", "day", "hour", "min", "sec", "wday", "yday", "isdst" }) do
  fields[#fields + 1] = k .. "=" .. tostring(tt[k])
end
show("date *t", table.concat(fields, " "))
local d1 = os.time({ year = 2024, month = 2, day = 27, hour = 12 })
local d2 = os.time({ year = 2024, month = 3, day = 1, hour = 12 })
show("difftime across leap day", os.difftime(d2, d1), math.type(d1))
show("date bad format", pcall(os.date, "%Ez", 0))
