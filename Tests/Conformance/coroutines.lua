-- Conformance: coroutines. Thread objects are never printed (tostring shows an
-- address); only their status and values passed through them.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

print("== passing values both ways ==")
local co = coroutine.create(function(a, b)
  show("  started with", a, b)
  local c, d = coroutine.yield(a + b, a * b)
  show("  resumed with", c, d)
  local e = coroutine.yield()
  show("  resumed again with", e)
  return "finished", e
end)
show("status new", coroutine.status(co))
show("resume 1", coroutine.resume(co, 3, 4))
show("status after yield", coroutine.status(co))
show("resume 2", coroutine.resume(co, "x", "y"))
show("resume 3", coroutine.resume(co, nil))
show("status end", coroutine.status(co))
show("resume dead", coroutine.resume(co))
show("resume dead again", coroutine.resume(co, 1, 2))

print("== status in every state ==")
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function()
    show("  outer seen from inner", coroutine.status(outer))
    coroutine.yield()
  end)
  show("  self status", coroutine.status(outer))
  coroutine.resume(inner)
  show("  inner suspended", coroutine.status(inner))
  coroutine.resume(inner)
  show("  inner dead", coroutine.status(inner))
end)
coroutine.resume(outer)
show("outer dead", coroutine.status(outer))

print("== running / isyieldable ==")
local main, ismain = coroutine.running()
show("main running", type(main), ismain, coroutine.isyieldable())
local c2 = coroutine.create(function()
  local me, im = coroutine.running()
  show("  inside", type(me), im, coroutine.isyieldable())
  return me
end)
local _, returned = coroutine.resume(c2)
show("running is the coroutine", returned == c2)
show("status of main from main", coroutine.status(main))
show("yield from main", pcall(coroutine.yield, 1))

print("== wrap ==")
local gen = coroutine.wrap(function(n)
  for i = 1, n do coroutine.yield(i * i) end
  return "last"
end)
show("wrap calls", gen(4), gen(), gen(), gen(), gen())
show("wrap dead", pcall(gen))
local failing = coroutine.wrap(function() error("inside wrap") end)
show("wrap error keeps position", pcall(failing))
local failing0 = coroutine.wrap(function() error({ code = 7 }) end)
local okt, errt = pcall(failing0)
show("wrap error table", okt, type(errt), errt.code)

print("== errors inside coroutines ==")
local ce = coroutine.create(function() local x = nil; return x.field end)
show("runtime error", coroutine.resume(ce))
show("status after error", coroutine.status(ce))
local ce2 = coroutine.create(function() error("plain", 0) end)
show("error level 0", coroutine.resume(ce2))
local errobj = {}
local ce3 = coroutine.create(function() error(errobj) end)
local ok3, e3 = coroutine.resume(ce3)
show("error object identity", ok3, e3 == errobj)
show("resume non-coroutine", pcall(coroutine.resume, 42))
show("resume running", coroutine.resume(coroutine.create(function()
  return coroutine.resume(coroutine.running())
end)))
show("create non-function", pcall(coroutine.create, 1))

print("== yield across pcall ==")
local cp = coroutine.create(function()
  local ok, v = pcall(function()
    local got = coroutine.yield("yield inside pcall")
    if got == "boom" then error("raised after yield", 0) end
    return got
  end)
  show("  pcall result", ok, v)
  local ok2, v2 = pcall(function() return coroutine.yield("second") end)
  show("  pcall result 2", ok2, v2)
  return "done"
end)
show("r1", coroutine.resume(cp))
show("r2", coroutine.resume(cp, "boom"))
show("r3", coroutine.resume(cp, "fine"))
local cx = coroutine.create(function()
  return xpcall(function() coroutine.yield("in xpcall") error("x", 0) end, function(m) return "handled:" .. m end)
end)
show("xpcall r1", coroutine.resume(cx))
show("xpcall r2", coroutine.resume(cx))
local cs = coroutine.wrap(function()
  table.sort({ 3, 2, 1 }, function(a, b) coroutine.yield() return a < b end)
end)
show("yield across C boundary", pcall(cs))

print("== coroutine.close ==")
local closelog = {}
local cc = coroutine.create(function()
  local a <close> = setmetatable({}, { __close = function(_, e) closelog[#closelog + 1] = "a:" .. tostring(e) end })
  local b <close> = setmetatable({}, { __close = function(_, e) closelog[#closelog + 1] = "b:" .. tostring(e) end })
  coroutine.yield("holding")
  closelog[#closelog + 1] = "never"
end)
show("before close", coroutine.resume(cc))
show("close suspended", coroutine.close(cc))
show("close log", table.concat(closelog, " "))
show("status after close", coroutine.status(cc))
show("close dead", coroutine.close(cc))
local cerr = coroutine.create(function() error("dead with error", 0) end)
coroutine.resume(cerr)
show("close errored", coroutine.close(cerr))
local cclose_err = coroutine.create(function()
  local z <close> = setmetatable({}, { __close = function() error("close error", 0) end })
  coroutine.yield()
end)
coroutine.resume(cclose_err)
show("close with failing __close", coroutine.close(cclose_err))
show("close running", pcall(coroutine.close, coroutine.running()))

print("== producer / consumer ==")
local function producer(items)
  return coroutine.create(function()
    for _, it in ipairs(items) do coroutine.yield(it) end
  end)
end
local function filter(src, pred)
  return coroutine.create(function()
    while true do
      local ok, v = coroutine.resume(src)
      if not v then return end
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local pipeline = filter(producer({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }), function(v) return v % 3 ~= 0 end)
local got = {}
while true do
  local ok, v = coroutine.resume(pipeline)
  if not v then break end
  got[#got + 1] = v
end
show("pipeline", table.concat(got, ","))

local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local perms = {}
for p in coroutine.wrap(function() permgen({ "a", "b", "c" }) end) do perms[#perms + 1] = table.concat(p) end
show("permutations", table.concat(perms, " "))

local deepco = coroutine.wrap(function()
  local function rec(n) if n == 0 then coroutine.yield("bottom") return "up" end return rec(n - 1) end
  return rec(10000)
end)
show("deep yield", deepco(), deepco())
local count = 0
for _ = 1, 1000 do
  local c = coroutine.wrap(function(x) return x + 1 end)
  count = count + c(0)
end
show("many coroutines", count)
