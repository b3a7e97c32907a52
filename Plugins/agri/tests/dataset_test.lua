-- The agri playbook against the standard one on the same village shop: a client that owes
-- for the season under way is overdue by the standard's flat terms and not by the harvest
-- rule: agri counts it loyal.

local today = kehu.today()

return {
  ["harvest credit is not held against a shop by agri, as the standard's terms would"] = function()
    local agri = require "init"
    local start = (agri.season_window(agri.season_of(today)))
    -- Buying in each of the last four seasons, paid, and owing for this one (bought at its start).
    local orders, payments = {}, {}
    local y, kind = agri.season_of(today)
    for i = 1, 4 do
      if kind == "spring" then y, kind = y - 1, "autumn" else kind = "spring" end
      local from = agri.season_window(y, kind)
      orders[#orders + 1] = { client = "V1", date = from, amount = 20000 }
      payments[#payments + 1] = { client = "V1", date = agri.due(nil, { date = from }), amount = 20000 }
      if payments[#payments].date > today then payments[#payments] = nil end
    end
    orders[#orders + 1] = { client = "V1", date = start, amount = 20000 }
    fixture {
      clients = { { code = "V1", name = "河湾村农资店", kind = "channel", since = "2012-03-01", stage = "advocacy",
                    credit_limit = 200000, payment_terms_days = 1 } },
      orders = orders, payments = payments,
    }
    local c = kehu.client("V1")
    expect.eq(c.metrics.overdue, 0, "owing only what is not yet due at its harvest")
    expect.eq(c.metrics.seasons_bought, 4)
    local s = score("V1")
    expect.at_least(s.loyalty, 90)
    expect.truthy(s.quadrant == "key" or s.quadrant == "develop", s.quadrant)
  end,
}
