-- Writes a CLIENTS.lua for score.lua: `return { {client}, … }` with N made-up clients
-- whose fields follow docs/playbooks.md (no methods: scoring does not query).
--
--   lua5.4 Benchmarks/lua/make_clients.lua 100000 [SEED] > /tmp/clients.lua

local n = math.tointeger(tonumber(arg[1] or "")) or error("usage: make_clients.lua N [SEED]")
math.randomseed(math.tointeger(tonumber(arg[2] or "")) or 42)

local kinds = { "channel", "channel", "channel", "terminal", "terminal", "partner", "upstream" }
local stages = { "awareness", "recognition", "relationship", "relationship", "community", "advocacy" }
local abcs = { "A", "B", "B", "C", "C", "C", "C" }

local function pick(list) return list[math.random(#list)] end
local function maybe(p, v) if math.random() < p then return v end return nil end
local function money(lo, hi) return math.floor((lo + (hi - lo) * math.random() ^ 3) * 100 + 0.5) / 100 end

local out = io.stdout
out:write("return {\n")
for i = 1, n do
  local sales = money(0, 5000000)
  local year_ago = money(0, 5000000)
  local receivable = money(0, sales / 4 + 1)
  local overdue = math.floor(receivable * math.random() ^ 2 * 100) / 100
  local d90 = math.floor(overdue * math.random() ^ 3 * 100) / 100
  local limit = maybe(0.8, money(50000, 2000000))
  local months = math.random(0, 12)
  local count = months == 0 and 0 or months + math.random(0, 24)
  out:write(string.format(
    '{code=%q,name=%q,kind=%q,region="华东",owner="业务员%d",credit_limit=%s,payment_terms_days=30,' ..
    'stage=%q,status="active",staff=%s,vehicles=%s,warehouse_m2=%s,capital=%s,tags={},since=%s,attributes={},' ..
    'metrics={sales_365=%.2f,sales_365_year_ago=%.2f,growth_yoy=%s,growth_mom=%.3f,order_count_365=%d,' ..
    'order_months_365=%d,receivable=%.2f,overdue=%.2f,ageing={d1_30=%.2f,d31_60=0,d61_90=0,d90_plus=%.2f},' ..
    'credit_utilisation=%s,abc=%q,entertainment_365=%.2f,open_complaints=%d,complaint_answer_hours=%s,' ..
    'complaint_resolve_hours=%s}},\n',
    string.format("C%06d", i), "客户" .. i, pick(kinds), i % 50, limit and string.format("%.2f", limit) or "nil",
    pick(stages), tostring(maybe(0.6, math.random(1, 80))), tostring(maybe(0.5, math.random(0, 20))),
    tostring(maybe(0.4, math.random(0, 5000))), limit and tostring(maybe(0.5, money(50000, 50000000))) or "nil",
    maybe(0.9, string.format('"%04d-%02d-%02d"', math.random(2005, 2025), math.random(1, 12), math.random(1, 28))) or "nil",
    sales, year_ago, year_ago > 0 and string.format("%.4f", sales / year_ago - 1) or "nil", math.random() - 0.5,
    count, months, receivable, overdue, overdue - d90, d90,
    limit and string.format("%.4f", receivable / limit) or "nil", pick(abcs), money(0, 50000),
    math.random() < 0.1 and math.random(1, 3) or 0,
    tostring(maybe(0.3, math.random(1, 96))), tostring(maybe(0.3, math.random(4, 200)))))
end
out:write("}\n")
