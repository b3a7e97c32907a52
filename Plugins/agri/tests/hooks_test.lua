-- Lua-level tests of the agri playbook: the harvest rule, its own measures, the quadrant's
-- reason and the pre-season visit. Every date is worked out from the as-of date, so the
-- tests hold on any day:  kehu playbook test agri [--as-of DATE]

local agri = require "init"

local today = kehu.today()
local year = tonumber(today:sub(1, 4))

-- The first day of the season `back` seasons before the one under way (0: this one).
local function season_start(back)
  local y, kind = agri.season_of(today)
  for _ = 1, back do
    if kind == "spring" then y, kind = y - 1, "autumn" else kind = "spring" end
  end
  return (agri.season_window(y, kind))
end

local function shop(orders, payments, extra)
  local c = { code = "F1", name = "丰收农资店", kind = "channel", since = "2015-03-01", stage = "community",
              credit_limit = 200000, payment_terms_days = 30 }
  for k, v in pairs(extra or {}) do c[k] = v end
  fixture {
    clients = { c },
    contacts = { { client = "F1", name = "李强", role = "owner" } },
    orders = orders, payments = payments or {},
  }
end

return {
  ["spring orders fall due on 12-31, autumn ones on 07-31 after the harvest"] = function()
    expect.eq(agri.due(nil, { date = "2026-02-01" }), "2026-12-31")
    expect.eq(agri.due(nil, { date = "2026-07-31" }), "2026-12-31")
    expect.eq(agri.due(nil, { date = "2026-08-01" }), "2027-07-31")
    expect.eq(agri.due(nil, { date = "2026-12-20" }), "2027-07-31")
    expect.eq(agri.due(nil, { date = "2027-01-20" }), "2027-07-31", "January belongs to the autumn before")
  end,

  ["this season's debt is not overdue though past the terms; two seasons back it is"] = function()
    local now, old = season_start(0), season_start(2)
    shop({ { client = "F1", date = now, amount = 3000 }, { client = "F1", date = old, amount = 1000 } })
    local m = kehu.client("F1").metrics
    expect.eq(m.receivable, 4000)
    -- The old order fell due at its harvest, before the season under way began.
    local due = agri.due(nil, { date = old })
    expect.truthy(due < now, "the old order's harvest is past")
    expect.eq(m.overdue, 1000)
    local days = kehu.days_between(due, today)
    local bucket = days > 90 and "d90_plus" or days > 60 and "d61_90" or days > 30 and "d31_60" or "d1_30"
    expect.eq(m.ageing[bucket], 1000, bucket)
  end,

  ["seasons bought counts the complete seasons with an order"] = function()
    shop({ { client = "F1", date = season_start(1), amount = 500 }, { client = "F1", date = season_start(2), amount = 500 },
           { client = "F1", date = season_start(5), amount = 500 } },
         { { client = "F1", date = season_start(1), amount = 1500 } })
    local m = kehu.client("F1").metrics
    expect.eq(m.seasons_bought, 2, "seasons 1 and 2 of the last four (5 is beyond them)")
    expect.eq(m.previous_season_sales, 500)
  end,

  ["debt long past its harvest phases a client out, and says why"] = function()
    shop({ { client = "F1", date = season_start(4), amount = 9000 }, { client = "F1", date = season_start(0), amount = 1000 } })
    local s = score("F1")
    expect.eq(s.quadrant, "phase_out")
    expect.eq(s.reason, kehu.message("reason_harvest_debt", { amount = kehu.money(9000), share = "90%" }))
  end,

  ["a shop that bought last season is visited to stock up before planting"] = function()
    shop({ { client = "F1", date = season_start(1), amount = 5000 } }, { { client = "F1", date = season_start(1), amount = 5000 } })
    local c = kehu.client("F1")
    local function kinds(day)
      local out = {}
      for _, f in ipairs(agri.followups(c, day)) do out[#out + 1] = f.kind end
      return table.concat(out, ",")
    end
    local january = string.format("%04d-01-10", year)
    expect.truthy(kinds(january):find("preseason_stocking", 1, true), kinds(january))
    expect.falsy(kinds(string.format("%04d-04-10", year)):find("preseason_stocking", 1, true))
  end,
}
