-- Runs a playbook's Lua-level tests in plain lua5.4, with the pure-Lua `kehu` stub.
--
--   lua5.4 Benchmarks/lua/run_tests.lua Plugins/standard/tests/hooks_test.lua [--lang en] [--today 2026-03-15]
--
-- A tests file returns a table mapping test names to functions that raise on failure. The
-- playbook is the folder above the file's `tests/`: `require` resolves in it (as in the host),
-- `require "standard"` gives Plugins/standard/init.lua, and `kehu` is a global.

local script_dir = (arg[0]:match("^(.*)/[^/]*$") or ".")
local root = script_dir .. "/../.."

local function usage()
  io.stderr:write("usage: lua5.4 Benchmarks/lua/run_tests.lua TESTS.lua [--lang zh|en] [--today YYYY-MM-DD]\n")
  os.exit(2)
end

local file, language, today
do
  local i = 1
  while i <= #arg do
    local a = arg[i]
    if a == "--lang" then language = arg[i + 1]; i = i + 2
    elseif a == "--today" then today = arg[i + 1]; i = i + 2
    elseif not file then file = a; i = i + 1
    else usage() end
  end
end
if not file then usage() end

local playbook = file:match("^(.*)/tests/[^/]*$") or "."

kehu = dofile(script_dir .. "/kehu_stub.lua"){
  root = root, playbook = playbook, language = language or "zh", today = today or "2026-03-15", quiet = true,
}

package.path = playbook .. "/?.lua"
package.cpath = ""
package.preload.standard = function()
  return assert(loadfile(root .. "/Plugins/standard/init.lua"))()
end

local chunk = assert(loadfile(file))
local tests = chunk()
assert(type(tests) == "table", file .. " must return a table of tests")

local names = {}
for name in pairs(tests) do names[#names + 1] = name end
table.sort(names)

local failed = 0
for _, name in ipairs(names) do
  local ok, err = xpcall(tests[name], debug.traceback)
  if ok then
    print("ok    " .. name)
  else
    failed = failed + 1
    print("FAIL  " .. name .. "\n      " .. tostring(err):gsub("\n", "\n      "))
  end
end
print(string.format("%s [%s, %s]: %d passed, %d failed", file, kehu.language(), kehu.today(),
  #names - failed, failed))
os.exit(failed == 0 and 0 or 1)
