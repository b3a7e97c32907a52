-- expect: ok
-- what: every library table and the string metatable refuse writes (plain, rawset, setmetatable), and still work afterwards
local libs = { string = string, table = table, math = math, os = os, utf8 = utf8, coroutine = coroutine,
               stringmeta = getmetatable("") }
for name, lib in pairs(libs) do
  local ok, err = pcall(function() lib.evil = 1 end)
  assert(not ok and tostring(err):find("read-only", 1, true), name .. ": assignment allowed: " .. tostring(err))
  ok, err = pcall(rawset, lib, "evil", 1)
  assert(not ok and tostring(err):find("read-only", 1, true), name .. ": rawset allowed: " .. tostring(err))
  ok = pcall(setmetatable, lib, {})
  assert(not ok, name .. ": setmetatable allowed")
  assert(lib.evil == nil)
end
assert(("abc"):upper() == "ABC")
assert(string.format("%d", 42) == "42")
assert(math.max(1, 2) == 2 and table.concat({ "a", "b" }) == "ab")
assert(utf8.char(72) == "H")
print("ok")
