-- A first look at what a playbook does: score a few dealers' clients on loyalty and
-- strength, place each in a quadrant, and say what to do next. The data is inline here;
-- later the same hooks read it from the dealer's database through the `kehu` module.
-- Run it: kehu run Plugins/examples/first-look.lua

-- Weights of the loyalty parts (they sum to 1).
local LOYALTY_WEIGHTS = { tenure = 0.3, regularity = 0.4, payment = 0.3 }
-- Weights of the strength parts (they sum to 1).
local STRENGTH_WEIGHTS = { sales = 0.6, network = 0.4 }
-- A score at or above this is "high".
local HIGH = 60

local clients = {
  { code = "C0001", name = "华东商贸", years = 6, orders_on_time = 0.9, paid_on_time = 0.95, sales = 920000, outlets = 40 },
  { code = "C0002", name = "顺达批发", years = 1, orders_on_time = 0.5, paid_on_time = 0.6,  sales = 850000, outlets = 35 },
  { code = "C0003", name = "老王五金", years = 9, orders_on_time = 0.95, paid_on_time = 1.0, sales = 120000, outlets = 3 },
  { code = "C0004", name = "新星建材", years = 2, orders_on_time = 0.3, paid_on_time = 0.4,  sales = 60000,  outlets = 2 },
}

local function clamp(x) return math.max(0, math.min(100, x)) end

local function loyalty(c)
  local parts = {
    tenure = clamp(c.years / 10 * 100),
    regularity = clamp(c.orders_on_time * 100),
    payment = clamp(c.paid_on_time * 100),
  }
  local score = 0
  for part, w in pairs(LOYALTY_WEIGHTS) do score = score + w * parts[part] end
  return score
end

local function strength(c)
  local score = STRENGTH_WEIGHTS.sales * clamp(c.sales / 1000000 * 100)
              + STRENGTH_WEIGHTS.network * clamp(c.outlets / 50 * 100)
  return score
end

-- loyalty × strength → what the dealer does with the client
local ADVICE = {
  key       = { label = "重点客户 key",        action = "invest: joint promotion, first call on new lines" },
  develop   = { label = "发展客户 develop",    action = "build the relationship: visits, training" },
  watch     = { label = "观察客户 watch",      action = "tighten credit, watch receivables" },
  phase_out = { label = "淘汰客户 phase out",  action = "minimum service, no new credit" },
}

local function quadrant(l, s)
  if l >= HIGH and s >= HIGH then return "key"
  elseif l >= HIGH then return "develop"
  elseif s >= HIGH then return "watch"
  else return "phase_out" end
end

print(string.format("%-6s %-10s %7s %8s  %s", "code", "name", "loyalty", "strength", "quadrant"))
for _, c in ipairs(clients) do
  local l, s = loyalty(c), strength(c)
  local q = ADVICE[quadrant(l, s)]
  print(string.format("%-6s %s %7.1f %8.1f  %s — %s", c.code, c.name, l, s, q.label, q.action))
end
