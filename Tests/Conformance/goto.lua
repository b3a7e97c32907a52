-- Conformance: goto and labels, <const> locals and <close> locals
-- (__close order on normal exit, break, return, goto and errors).

print("== goto continue ==")
local odds = {}
for i = 1, 10 do
  if i % 2 == 0 then goto continue end
  odds[#odds + 1] = i
  ::continue::
end
print("odds", table.concat(odds, ","))

local i = 0
local collected = {}
while i < 8 do
  i = i + 1
  if i == 3 or i == 5 then goto next_iter end
  collected[#collected + 1] = i
  ::next_iter::
end
print("while continue", table.concat(collected, ","))

local r = 0
repeat
  r = r + 1
  if r == 2 then goto skip end
  print("repeat body", r)
  ::skip::
until r >= 3

print("== break out of nested loops ==")
local found
for x = 1, 5 do
  for y = 1, 5 do
    if x * y == 12 then
      found = x .. "*" .. y
      goto done
    end
  end
end
::done::
print("found", found)

print("== backward goto as a loop ==")
local n, acc = 0, {}
::top::
n = n + 1
acc[#acc + 1] = n
if n < 5 then goto top end
print("backward", table.concat(acc, " "))

print("== label at end of block, nested blocks ==")
do
  local k = 0
  ::again::
  k = k + 1
  if k < 3 then goto again end
  print("k", k)
  do goto out end
  print("never printed")
  ::out::
end
for _, w in ipairs({ "a", "b", "c" }) do
  do
    if w == "b" then goto continue end
    print("word", w)
  end
  ::continue::
end

print("== goto compile errors (via load) ==")
local bad = {
  "goto nowhere",
  "do goto l1 end local a ::l1:: print(a)",
  "::a:: ::a::",
  "break",
  "for i=1,2 do end goto continue",
  "local x <const> = 1; x = 2",
  "local x <foo> = 1",
  "local a <close>, b <close> = 1, 2",
}
for _, src in ipairs(bad) do
  local f, msg = load(src, "=src")
  print(f == nil, msg)
end
-- jumping to a label at the end of a block past a local is allowed
print("end-label ok", load("do goto e local x = 1 ::e:: end") ~= nil)

print("== <const> ==")
local LIMIT <const> = 10
local NAME <const> = "kehu"
local sum = 0
for v = 1, LIMIT do sum = sum + v end
print("const", LIMIT, NAME, sum, LIMIT * 2)
local function uses_const() return NAME:upper() .. LIMIT end
print("const upvalue", uses_const())

print("== <close> ==")
local log = {}
local function closer(name)
  return setmetatable({}, { __close = function(_, err)
    log[#log + 1] = name .. "(" .. tostring(err) .. ")"
    print("  close", name, "err=" .. tostring(err))
  end })
end

do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = closer("c")
  print("  body of block")
end
print("order", table.concat(log, " "))

log = {}
local function early(flag)
  local x <close> = closer("x")
  if flag then return "early" end
  local y <close> = closer("y")
  return "late"
end
print("return", early(true))
print("return", early(false))

log = {}
for k = 1, 3 do
  local z <close> = closer("loop" .. k)
  if k == 2 then break end
end
print("break order", table.concat(log, " "))

log = {}
do
  local g <close> = closer("g")
  goto after
end
::after::
print("goto order", table.concat(log, " "))

print("-- error inside scope")
log = {}
local ok, err = pcall(function()
  local p <close> = closer("p")
  local q <close> = closer("q")
  error("oops", 0)
end)
print("pcall", ok, err, table.concat(log, " "))

print("-- error inside __close replaces the error")
ok, err = pcall(function()
  local bad1 <close> = setmetatable({}, { __close = function() error("close failed", 0) end })
  local good <close> = closer("good")
  error("original", 0)
end)
print("pcall", ok, err)

print("-- nil and false are allowed, other values are not")
print(pcall(function() local x <close> = nil; local y <close> = false; return "ok" end))
print(pcall(function() local x <close> = 42 end))
print(pcall(function() local x <close> = {} end))

print("-- close values are constant")
print(load("local x <close> = nil; x = 1", "=c"))

print("-- returned values survive closing")
local function make()
  local res <close> = closer("res")
  return "value", 2
end
print("returned", make())

print("-- generic for closes its 4th value")
local function iter_with_close()
  local n = 0
  return function() n = n + 1 if n <= 5 then return n end end, nil, nil, closer("for-closer")
end
for v in iter_with_close() do
  if v == 2 then break end
  print("  for", v)
end
print("done")
