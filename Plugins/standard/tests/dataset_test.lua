-- The standard playbook on datasets: rows as a dealer's CSV would hold them, loaded with
-- `fixture{…}` into a database of the test's own; kehu computes the metrics, and
-- `score(code)` runs the hooks as `kehu score` does. Run: kehu playbook test standard

local today = kehu.today()
local function ago(n) return kehu.add_days(today, -n) end

-- A channel client of three years ordering `amount` yuan every 30 days for a year, each
-- order paid 15 days later unless `unpaid`; `o` sets the client file.
local function monthly(code, o)
  o = o or {}
  local amount = o.amount or 20000
  local client = {
    code = code, name = o.name or ("客户" .. code), kind = "channel", owner = "李明",
    credit_limit = 300000, payment_terms_days = 30, stage = o.stage or "relationship", since = ago(3 * 365),
    capital = o.capital, staff = o.staff, vehicles = o.vehicles, warehouse_m2 = o.warehouse_m2,
  }
  local orders, payments = {}, {}
  for m = 1, 12 do
    orders[#orders + 1] = { client = code, date = ago(m * 30 - 15), amount = amount }
    if not o.unpaid then payments[#payments + 1] = { client = code, date = ago(m * 30 - 30), amount = amount } end
  end
  return { client = client, orders = orders, payments = payments }
end

-- One fixture from several clients' rows.
local function dealer(list)
  local d = { clients = {}, orders = {}, payments = {} }
  for _, x in ipairs(list) do
    d.clients[#d.clients + 1] = x.client
    for _, r in ipairs(x.orders) do d.orders[#d.orders + 1] = r end
    for _, r in ipairs(x.payments) do d.payments[#d.payments + 1] = r end
  end
  return d
end

local big = { stage = "community", capital = 5000000, staff = 20, vehicles = 6, warehouse_m2 = 1500, amount = 80000 }

return {
  ["metrics are computed from the fixture's rows"] = function()
    fixture(dealer { monthly("C1") })
    local m = kehu.client("C1").metrics
    expect.eq(m.sales_365, 240000, "twelve orders of ¥20,000")
    expect.eq(m.order_count_365, 12)
    expect.eq(m.overdue, 0, "every order paid")
  end,

  ["a large, regular, paying client is key"] = function()
    fixture(dealer { monthly("C1", big), monthly("C2") })
    local s = score("C1")
    expect.eq(s.quadrant, "key")
    expect.eq(s.abc, "A")
  end,

  ["a regular payer without the means is developed, not dropped"] = function()
    fixture(dealer { monthly("C1", big), monthly("C2") })
    expect.eq(score("C2").quadrant, "develop")
  end,

  ["unpaid orders past their terms cost loyalty"] = function()
    fixture(dealer { monthly("PAID"), monthly("LATE", { unpaid = true }) })
    expect.truthy(kehu.client("LATE").metrics.overdue > 0, "LATE has overdue orders")
    local paid, late = score("PAID"), score("LATE")
    expect.at_most(late.loyalty, paid.loyalty - 15, "loyalty of LATE against PAID")
  end,

  ["the dataset of one test does not leak into the next"] = function()
    expect.eq(kehu.client("C1"), nil)
  end,

  ["a bad fixture row is named with its field"] = function()
    expect.error(function()
      fixture { clients = { { code = "X1", name = "甲", kind = "channel" }, { code = "X2", name = "乙", kind = "wholesaler" } } }
    end, "clients[2].kind")
  end,
}
