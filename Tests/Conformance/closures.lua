-- Conformance: closures, upvalues, per-iteration locals, recursion, varargs,
-- multiple-result adjustment and proper tail calls.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. " [" .. n .. "]: " .. table.concat(parts, " | "))
end

print("== shared upvalues ==")
local function counter()
  local n = 0
  local function inc(by) n = n + (by or 1) return n end
  local function get() return n end
  local function reset() n = 0 end
  return inc, get, reset
end
local inc, get, reset = counter()
inc(); inc(5)
show("after inc", get())
reset()
show("after reset", get(), inc())
local inc2, get2 = counter()
inc2(100)
show("independent counters", get(), get2())

print("== fresh locals per iteration ==")
local fns = {}
for i = 1, 3 do fns[i] = function() return i end end
show("numeric for", fns[1](), fns[2](), fns[3]())
fns = {}
for _, name in ipairs({ "a", "b", "c" }) do fns[#fns + 1] = function() return name end end
show("generic for", fns[1](), fns[2](), fns[3]())
fns = {}
local j = 0
while j < 3 do
  j = j + 1
  local k = j * 10
  fns[j] = function() k = k + 1 return k end
end
show("while locals", fns[1](), fns[1](), fns[2](), fns[3]())
fns = {}
local shared = 0
for i = 1, 3 do fns[i] = function() shared = shared + i return shared end end
show("shared outer", fns[1](), fns[2](), fns[3](), shared)
-- modifying the loop variable copy does not affect iteration
local iters = {}
for i = 1, 3 do
  local before = i
  i = i * 100
  iters[#iters + 1] = before .. "->" .. i
end
show("loop var copy", table.concat(iters, " "))

print("== recursion ==")
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
show("fact", fact(5), fact(20), fact(21))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
show("fib", fib(10), fib(20))
local isodd
local function iseven(n) if n == 0 then return true end return isodd(n - 1) end
function isodd(n) if n == 0 then return false end return iseven(n - 1) end
show("mutual", iseven(10), isodd(7), iseven(7))
local memo = {}
local function mfib(n)
  if n < 2 then return n end
  if memo[n] then return memo[n] end
  local r = mfib(n - 1) + mfib(n - 2)
  memo[n] = r
  return r
end
show("memo fib 90", mfib(90))

print("== varargs ==")
local function count(...) return select("#", ...) end
show("select #", count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
show("select 2", select(2, "a", "b", "c"))
show("select -1", select(-1, "a", "b", "c"))
show("select -3", select(-3, "a", "b", "c"))
show("select beyond", select(5, "a", "b"))
show("select bad", pcall(select, -4, "a", "b", "c"))
show("select zero", pcall(select, 0, "a"))
local packed = table.pack(nil, 2, nil)
show("pack n", packed.n, #{ n = 0 } == 0)
local function pass(...) return ... end
show("pass through", pass(1, nil, 3, nil))
local function first(...) local a = ... return a end
show("first of", first(9, 8, 7))
local function tbl(...) return { ... } end
show("{...} len", #tbl(1, 2, 3))
local function va_in_middle(...) return ..., "end" end
show("... in middle truncated", va_in_middle(1, 2, 3))
local function va_sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...) or 0) end
  return s
end
show("sum with nils", va_sum(1, nil, 2, nil, 3))

print("== multiple results adjustment ==")
local function three() return 1, 2, 3 end
local function none() end
show("last position", three())
show("not last", three(), "x")
show("parenthesized", (three()))
show("in table ctor", #{ three(), three() })
show("in table middle", #{ three(), "x" })
local a, b, c, d = three()
show("assign extra", a, b, c, d)
local e, f = 0, three()
show("assign mixed", e, f)
show("none", none())
show("none in middle", none(), 1)
show("none parenthesized", (none()))
show("string.format with call", string.format("%d-%d-%d", three()))
show("concat uses first", three() .. "")
local t = { three(), three(), n = "x" }
show("ctor result", t[1], t[2], t[3], t[4], t.n)

print("== tail calls ==")
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
show("tail 100000", loop(100000, 0))
local function ping(n) if n == 0 then return "ping done" end return (function(m) return ping(m) end)(n - 1) end
show("tail via closure 200000", ping(200000))
local function notail(n) if n == 0 then return 0 end return 1 + notail(n - 1) end
show("non-tail 10000", notail(10000))
local okdeep, errdeep = pcall(function()
  local function inf(n) return 1 + inf(n + 1) end
  return inf(1)
end)
show("stack overflow caught", okdeep, (tostring(errdeep):gsub("^.-:%d+: ", "")))
local function tailmulti(n) if n == 0 then return 1, 2, 3 end return tailmulti(n - 1) end
show("tail multi results", tailmulti(50000))

print("== functions as values ==")
local function compose(f, g) return function(...) return f(g(...)) end end
local add1 = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
show("compose", compose(add1, dbl)(5), compose(dbl, add1)(5))
local function curry(f) return function(x) return function(y) return f(x, y) end end end
show("curry", curry(math.max)(3)(7))
local obj = { value = 10 }
function obj:add(x) self.value = self.value + x return self end
function obj.static(x) return x * 3 end
show("method chaining", obj:add(1):add(2).value, obj.static(4))
show("type", type(print), type(show), type(nil))
show("function equality", add1 == add1, (function() end) == (function() end))
