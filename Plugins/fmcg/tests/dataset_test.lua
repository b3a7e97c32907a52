-- The fmcg playbook on a dataset: a small store whose orders grow every month is weak by
-- the standard playbook's measure (no capital, staff or warehouse on file) and strong by
-- this one's (goods that move). Run: kehu playbook test fmcg

local today = kehu.today()
local function ago(n) return kehu.add_days(today, -n) end
local std = require "standard"

-- A terminal store of two years ordering every 30 days, each order ¥1,500 more than the
-- one before, each paid 15 days later.
local function growing_store()
  local orders, payments = {}, {}
  for m = 1, 12 do
    local amount = 8000 + (12 - m) * 1500
    orders[#orders + 1] = { client = "S1", date = ago(m * 30 - 15), amount = amount }
    payments[#payments + 1] = { client = "S1", date = ago(m * 30 - 30), amount = amount }
  end
  fixture {
    clients = { { code = "S1", name = "街角便利店", kind = "terminal", since = ago(800), stage = "relationship",
                  credit_limit = 100000, payment_terms_days = 30 } },
    orders = orders, payments = payments,
  }
end

return {
  ["a growing small store is key here and only develop by the standard playbook"] = function()
    growing_store()
    expect.eq(score("S1").quadrant, "key")
    local c = kehu.client("S1")
    local l, s = std.loyalty(c), std.strength(c)
    expect.eq(std.quadrant(l, s, c), "develop")
  end,

  ["loyalty is the standard playbook's"] = function()
    growing_store()
    expect.near(score("S1").loyalty, std.loyalty(kehu.client("S1")), 1e-9)
  end,
}
