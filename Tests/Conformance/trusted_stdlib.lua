-- Conformance (trusted profile only): what the sandbox leaves out — _G, io,
-- package/require, string.dump, debug, the string metatable, print's use of
-- luaL_tolstring, the script's arg table. Nothing here reads a file or an
-- environment variable; paths and search lists are not printed.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

print("== _G and _ENV ==")
show("_G._G", _G._G == _G, _ENV == _G, type(_G))
_G.kehu_global = "set via _G"
show("global via _G", kehu_global)
kehu_other = 5
show("global via name", _G.kehu_other, rawget(_G, "kehu_other"))
local names = {}
for _, k in ipairs({ "assert", "collectgarbage", "dofile", "error", "getmetatable", "ipairs", "load",
  "loadfile", "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawlen", "rawset", "require",
  "select", "setmetatable", "tonumber", "tostring", "type", "xpcall", "warn" }) do
  names[#names + 1] = k .. "=" .. type(_G[k])
end
show("base functions", table.concat(names, " "))
local libs = {}
for _, k in ipairs({ "coroutine", "debug", "io", "math", "os", "package", "string", "table", "utf8" }) do
  libs[#libs + 1] = k .. "=" .. type(_G[k])
end
show("libraries", table.concat(libs, " "))
show("_VERSION", _VERSION)

print("== script arguments ==")
show("arg", type(arg), #arg, select("#", ...), arg[0] ~= nil)

print("== package / require ==")
show("loaded", package.loaded.string == string, package.loaded._G == _G, package.loaded.math == math)
show("require builtin", require("string") == string, require("table") == table)
show("package.config bytes", package.config:byte(1, -1))
package.preload["kehu.testmod"] = function(name, extra) return { name = name, extra = extra } end
local m = require("kehu.testmod")
show("preload module", m.name, m.extra, require("kehu.testmod") == m, package.loaded["kehu.testmod"] == m)
local okr, errr = pcall(require, "kehu_missing_module_xyz")
show("require missing (first line)", okr, (errr:match("^[^\n]*")))

print("== string metatable ==")
local smt = getmetatable("")
show("string metatable", type(smt), smt.__index == string)
show("metamethod names", type(smt.__add), type(smt.__unm), type(smt.__band))

print("== string.dump ==")
local function adder(a, b) local c = a + b return c * 2 end
local dumped = string.dump(adder, true)
local back = load(dumped, "=dumped", "b")
show("dump roundtrip", back(3, 4), #dumped, dumped:sub(1, 4) == "\27Lua")
show("binary refused in text mode", load(dumped, "=dumped", "t"))
show("text refused in binary mode", load("return 1", "=b", "b"))
show("dump C function", pcall(string.dump, print))

print("== io.write and print share stdout ==")
io.write("io.write: ", 1, " ", 2.5, " ", -0.0, "\n")
-- io.write formats floats with "%.14g" only, so 1.0 is written as "1" (print gives "1.0")
io.write("io.write floats: ", 1.0, " ", 2^63, " ", 1e100, " ", math.maxinteger, "\n")
print("print after io.write")
show("io.write returns stdout", io.write("") == io.stdout)
io.stdout:write("chained ", "write"):write("s\n")
show("io.type", io.type(io.stdout), io.type(42), io.type(io.stderr))
show("io.write bad arg", pcall(io.write, {}))
show("io.open missing", io.open("/nonexistent-kehu-conformance/file.txt"))
show("os.remove missing", os.remove("/nonexistent-kehu-conformance/file.txt"))

print("== print uses luaL_tolstring, not the global tostring ==")
local original = tostring
tostring = function() return "REPLACED" end
print("print still formats", 1, 2.0, nil, true)
tostring = original
print(setmetatable({}, { __tostring = function() return "custom __tostring via print" end }))
print(setmetatable({}, { __name = "Named", __tostring = function() return "tostring wins over __name" end }))

print("== debug library (no tracebacks, no addresses) ==")
show("currentline", debug.getinfo(1, "l").currentline)
show("what", debug.getinfo(print, "S").what, debug.getinfo(adder, "S").what, debug.getinfo(1, "S").what)
show("linedefined", debug.getinfo(adder, "S").linedefined, debug.getinfo(adder, "S").lastlinedefined)
show("nparams", debug.getinfo(adder, "u").nparams, debug.getinfo(adder, "u").isvararg, debug.getinfo(show, "u").isvararg)
show("getlocal param names", debug.getlocal(adder, 1), debug.getlocal(adder, 2), debug.getlocal(adder, 3))
local up1, up2 = 10, 20
local function uses() return up1 + up2 end
show("getupvalue", debug.getupvalue(uses, 1))
show("getupvalue 2", debug.getupvalue(uses, 2))
debug.setupvalue(uses, 1, 100)
show("setupvalue", uses(), up1)
local function locals_here()
  local alpha, beta = "a", "b"
  local found = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    if type(value) == "string" then found[#found + 1] = name .. "=" .. value end
    i = i + 1
  end
  return table.concat(found, " ")
end
show("getlocal level 1", locals_here())
show("getmetatable via debug", debug.getmetatable("").__index == string)
local hooked = 0
debug.sethook(function() hooked = hooked + 1 end, "", 1000)
for _ = 1, 10000 do end
debug.sethook()
show("count hook fired", hooked > 0, debug.gethook())

print("== collectgarbage options ==")
show("isrunning", collectgarbage("isrunning"))
show("collect", collectgarbage("collect"))
show("bad option", pcall(collectgarbage, "nonsense"))
