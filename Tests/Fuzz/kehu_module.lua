-- Fuzzes the kehu module: random functions with random arguments, each call under pcall.
-- A call may fail with an error; it may never crash the process, hang it past its limit,
-- or leave the database inconsistent. Run by Tests/KehuTests/FuzzModuleTests.swift and
-- Scripts/fuzz as: kehu run --allow-write kehu_module.lua SEED CALLS
local seed = math.tointeger(tonumber(arg[1])) or 1
local calls = math.tointeger(tonumber(arg[2])) or 100

-- A generator of our own (a 31-bit LCG), so the cases do not depend on math.random.
local state = seed % 2147483648
local function pick(n)
  state = (state * 1103515245 + 12345) % 2147483648
  return state % n + 1
end

local names = {}
for k, v in pairs(kehu) do if type(v) == "function" then names[#names + 1] = "kehu." .. k end end
for k, v in pairs(kehu.out or {}) do if type(v) == "function" then names[#names + 1] = "kehu.out." .. k end end
table.sort(names)
local function resolve(name)
  local f = _ENV
  for part in name:gmatch("[^.]+") do f = f[part] end
  return f
end

local codes = {}
for c in kehu.clients{} do
  codes[#codes + 1] = c.code
  if #codes >= 20 then break end
end
local some = codes[1] or "C000001"
local values = {
  nil, true, false, 0, -1, 1, 7, 2^53, math.maxinteger, math.mininteger, 1e308, -1e308, 0/0, 1/0, -1/0, 0.5, -0.005,
  1e12, 92233720368547758.07, "", "C000001", some, "0000-06-15", "0001-01-01", "9999-12-31", "2026-02-30",
  "1900-01-01", "2026-11-25", "11-25", "02-29", "-5", "1e400", string.rep("x", 5000), "\0", "\27]0;x\7\27[2J",
  "华东商贸", "{name}", "{", "}}", "visit", "complaint", "channel", "key", "%", "%s%s%s", "a*b", string.rep("a", 3000),
  {}, { kind = 1 }, { kind = "channel" }, { kind = "nope" }, { limit = -1 }, { limit = 1e308 }, { from = "x", to = 5 },
  { owner = {} }, { 1, 2, 3 }, { name = "王总", n = 3 }, { date = "0000-01-01", kind = "visit" }, { kind = "visit", cost = -1 },
  setmetatable({}, { __index = function() error("index boom") end }),
  setmetatable({}, { __tostring = function() return {} end }),
  function() end, print, coroutine.create(function() end),
}
local nvalues = 67  -- #values is unreliable with a nil inside

local outcomes = { ok = 0, failed = 0 }
for _ = 1, calls do
  local target, args, n = nil, {}, pick(4) - 1
  for j = 1, n do args[j] = values[pick(nvalues)] end
  local ok
  if pick(4) == 1 then
    -- A method of a client.
    local c = pcall(kehu.client, codes[pick(math.max(1, #codes))] or some) and kehu.client(codes[1] or some)
    local methods = { "orders", "payments", "interactions", "contacts", "score", "history" }
    local m = methods[pick(#methods)]
    if c and c[m] then ok = pcall(c[m], c, table.unpack(args, 1, n)) else ok = false end
  else
    target = names[pick(#names)]
    ok = pcall(resolve(target), table.unpack(args, 1, n))
  end
  outcomes[ok and "ok" or "failed"] = outcomes[ok and "ok" or "failed"] + 1
end
print(string.format("fuzz: %d calls, %d returned, %d raised", calls, outcomes.ok, outcomes.failed))
