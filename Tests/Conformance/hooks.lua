-- Conformance (trusted profile only): debug.sethook and debug.gethook as Lua 5.4's own test
-- suite uses them (db.lua's hooks on a suspended coroutine, coroutine.lua's hooks inside
-- coroutines): a script's hook lives in the hook slot of the thread it was set on, fires
-- there, and gethook gives back the function, mask and count that were set. The engine's own
-- limits hook must not take the slot when no limit is set.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do
    local v = select(i, ...)
    parts[i] = type(v) == "function" and "function" or tostring(v)
  end
  print(label .. ": " .. table.concat(parts, " | "))
end

print("== no hook set ==")
show("gethook()", debug.gethook())

print("== a line/call/return hook on a coroutine ==")
local co = coroutine.create(function(x)
  local a = x + 1
  coroutine.yield(a)
  local b = a * 2
  coroutine.yield(b)
  return a + b
end)
local events = {}
local function record(event, line)
  events[#events + 1] = line and (event .. "@" .. line) or event
end
debug.sethook(co, record, "lcr")
local f, mask, count = debug.gethook(co)
show("gethook(co)", f == record, mask, count)
show("gethook() on the main thread", debug.gethook())
show("resume 1", coroutine.resume(co, 10))
show("events so far", table.concat(events, " "))
show("gethook(co) while suspended", debug.gethook(co) == record)
show("resume 2", coroutine.resume(co))
show("resume 3", coroutine.resume(co))
show("events", table.concat(events, " "))
show("status", coroutine.status(co))

print("== a hook set inside a coroutine stays on that coroutine ==")
local lines = 0
local inner = coroutine.wrap(function()
  debug.sethook(function(e) lines = lines + 1 end, "l")
  for i = 1, 3 do coroutine.yield(i) end
  local hf, hm = debug.gethook()
  return hf ~= nil, hm
end)
show("wrap 1", inner())
show("main thread still without a hook", debug.gethook())
show("wrap 2", inner())
show("wrap 3", inner())
show("wrap 4", inner())
show("line events counted in the coroutine", lines)

print("== a count hook on the main thread ==")
local ticks = 0
local function tick(event) ticks = ticks + 1 end
debug.sethook(tick, "", 100)
local hf, hm, hc = debug.gethook()
local s = 0
for i = 1, 10000 do s = s + i end
debug.sethook()
show("gethook() while set", hf == tick, hm, hc)
show("count hook fired", ticks > 0, s)
show("gethook() after clearing", debug.gethook())

print("== a hook survives from one chunk statement to the next ==")
local calls = 0
debug.sethook(function() calls = calls + 1 end, "c")
local function g() return 1 end
g() g() g()
debug.sethook()
show("call events", calls >= 3)
