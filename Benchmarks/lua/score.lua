-- Scores a file of clients with a playbook in plain lua5.4 (the `kehu` stub standing in for
-- the host), timing loyalty, strength and quadrant, and printing a checksum to compare with
-- the host's run on the same clients.
--
--   lua5.4 Benchmarks/lua/score.lua CLIENTS.lua [TODAY] [--playbook Plugins/fmcg] [--lang en]
--
-- CLIENTS.lua returns { {client}, … } (see make_clients.lua). TODAY defaults to 2026-03-15.

local script_dir = (arg[0]:match("^(.*)/[^/]*$") or ".")
local root = script_dir .. "/../.."

local file, today, playbook, language
do
  local i = 1
  while i <= #arg do
    local a = arg[i]
    if a == "--playbook" then playbook = arg[i + 1]; i = i + 2
    elseif a == "--lang" then language = arg[i + 1]; i = i + 2
    elseif not file then file = a; i = i + 1
    elseif not today then today = a; i = i + 1
    else error("usage: score.lua CLIENTS.lua [TODAY] [--playbook DIR] [--lang zh|en]") end
  end
end
if not file then
  io.stderr:write("usage: lua5.4 Benchmarks/lua/score.lua CLIENTS.lua [TODAY] [--playbook DIR] [--lang zh|en]\n")
  os.exit(2)
end
playbook = playbook or (root .. "/Plugins/standard")

kehu = dofile(script_dir .. "/kehu_stub.lua"){
  root = root, playbook = playbook, language = language or "zh", today = today or "2026-03-15", quiet = true,
}
package.path = playbook .. "/?.lua"
package.cpath = ""
package.preload.standard = function() return assert(loadfile(root .. "/Plugins/standard/init.lua"))() end

local standard = require "standard"
local hooks = assert(loadfile(playbook .. "/init.lua"))()
local loyalty = hooks.loyalty or standard.loyalty
local strength = hooks.strength or standard.strength
local quadrant = hooks.quadrant or standard.quadrant

local clients = assert(loadfile(file))()
local n = #clients

local sum, counts = 0, { key = 0, develop = 0, watch = 0, phase_out = 0 }
local t0 = os.clock()
for i = 1, n do
  local c = clients[i]
  local l = loyalty(c)
  local s = strength(c)
  local q = quadrant(l, s, c)
  sum = sum + l + s
  counts[q] = (counts[q] or 0) + 1
end
local elapsed = os.clock() - t0

print(string.format("%s: scored %d clients in %.3f s (%.2f µs a client)", _VERSION:gsub("Lua ", "lua"), n, elapsed,
  n > 0 and elapsed / n * 1e6 or 0))
print(string.format("checksum: loyalty+strength %.6f; key %d, develop %d, watch %d, phase_out %d",
  sum, counts.key, counts.develop, counts.watch, counts.phase_out))
