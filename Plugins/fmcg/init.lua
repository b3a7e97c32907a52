-- A fast-moving-consumer-goods distributor's playbook (饮料、日化、休闲食品 and the like).
--
-- In FMCG a store's size matters less than how fast the goods move: strength here weighs
-- growth (year on year and month on month) and sell-through (动销) over the client file, and
-- the quadrant bars differ. Channel clients get a restock call when they sell well and have
-- gone quiet, and a visit to help them sell when stock moves slowly, never a push to load
-- more (压货). Loyalty and allocation are the standard playbook's: left out of the table
-- below, the host falls back to them.

local std = require "standard"
local rules = require "rules"

local settings = {
  -- Quadrants: stores switch suppliers easily, so the loyalty bar is a little lower and the
  -- strength bar (now mostly sell-through and growth) higher than the standard's 60/60.
  high_loyalty = 55,
  high_strength = 65,

  -- Weights of the strength parts; normalised to sum 1 when used.
  strength_weights = {
    sales = 0.30,          -- trailing-year sales, log scale (the standard's floor and reference)
    growth_yoy = 0.20,     -- year on year
    growth_mom = 0.10,     -- month on month: FMCG moves fast
    sell_through = 0.25,   -- share of what they buy that they sell (动销率)
    abc = 0.15,            -- Pareto class (the standard's class scores)
  },
  growth_yoy_full = 0.3,   -- +30 % a year scores 100, -30 % scores 0, flat 50
  growth_mom_full = 0.15,  -- +15 % on the previous month scores 100, -15 % scores 0
  growth_unknown = 50,     -- a growth sub-score without a base

  -- Stock checks for channel clients.
  restock_sell_through = 0.8,     -- selling at least this share: worth a restock call
  restock_days = 21,              -- … once this many days have passed since the last order
  restock_max_utilisation = 0.8,  -- no restock call to a client using more of its credit than this
  slow_sell_through = 0.5,        -- a reported sell-through under this: help them sell first
  channel_relationship_days = 7,  -- stores are visited weekly in FMCG
  roles = {
    restock = { "buyer", "owner" },                 -- who orders
    sell_through = { "store_manager", "owner" },    -- who runs the shelf
  },
}

-- Retune the standard follow-ups for this trade: weekly store visits. The standard playbook
-- reads its settings at call time, so std.followups below picks this up.
std.settings.relationship_days.channel = settings.channel_relationship_days

local notes = {
  zh = {
    money_unit = 10000,
    sales = "近一年销售%.1f万元",
    growth_yoy = "同比%+.0f%%", growth_mom = "环比%+.0f%%", growth_unknown = "无对比基数，按中性计",
    sell_through_reported = "动销率%.0f%%（客户提供）", sell_through_estimated = "动销率约%.0f%%（按订货频率估算）",
    sell_through_unknown = "动销率未知",
    abc = "%s类客户", abc_unknown = "无ABC分类",
  },
  en = {
    money_unit = 1,
    sales = "¥%.0f sales in the last year",
    growth_yoy = "%+.0f%% year on year", growth_mom = "%+.0f%% month on month", growth_unknown = "no base: neutral",
    sell_through_reported = "%.0f%% sell-through (reported)",
    sell_through_estimated = "about %.0f%% sell-through (estimated from ordering frequency)",
    sell_through_unknown = "sell-through unknown",
    abc = "class %s", abc_unknown = "no ABC class",
  },
}

local format, log = string.format, math.log

local function clamp(x)
  if x < 0 then return 0 elseif x > 100 then return 100 end
  return x
end

local function add_part(parts, name, value, w, sub, note)
  local points = w * sub
  parts[#parts + 1] = { name = name, value = value, weight = w, points = points, note = note }
  return points
end

-- A growth part: 50 when flat, 0 and 100 at -full and +full.
local function growth_part(parts, n, name, g, w, full, unknown)
  if not g then return add_part(parts, name, nil, w, unknown, n.growth_unknown) end
  return add_part(parts, name, g, w, clamp(50 + 50 * g / full), format(n[name], g * 100))
end

local function strength(c)
  local s, base, m = settings, std.settings, c.metrics or {}
  local w = s.strength_weights
  local total = (w.sales or 0) + (w.growth_yoy or 0) + (w.growth_mom or 0) + (w.sell_through or 0) + (w.abc or 0)
  if total <= 0 then total = 1 end
  local n = notes[kehu.language()] or notes.en
  local parts, score = {}, 0

  local sales = m.sales_365 or 0
  local sales_sub = 0
  if sales >= base.sales_reference then sales_sub = 100
  elseif sales > base.sales_floor then
    sales_sub = 100 * log(sales / base.sales_floor) / log(base.sales_reference / base.sales_floor)
  end
  score = score + add_part(parts, "sales", sales, (w.sales or 0) / total, sales_sub,
    format(n.sales, sales / n.money_unit))

  score = score + growth_part(parts, n, "growth_yoy", m.growth_yoy, (w.growth_yoy or 0) / total,
    s.growth_yoy_full, s.growth_unknown)
  score = score + growth_part(parts, n, "growth_mom", m.growth_mom, (w.growth_mom or 0) / total,
    s.growth_mom_full, s.growth_unknown)

  local share, source = rules.sell_through(c)
  score = score + add_part(parts, "sell_through", share, (w.sell_through or 0) / total, share and 100 * share or 0,
    share and format(n["sell_through_" .. source], share * 100) or n.sell_through_unknown)

  local abc = m.abc
  local abc_sub = abc and base.abc_scores[abc]
  score = score + add_part(parts, "abc", abc, (w.abc or 0) / total, abc_sub or 0,
    abc_sub and format(n.abc, abc) or n.abc_unknown)

  return score, parts
end

local function quadrant(l, s, _)
  local high_l, high_s = l >= settings.high_loyalty, s >= settings.high_strength
  if high_l then return high_s and "key" or "develop" end
  return high_s and "watch" or "phase_out"
end

local function stock_followup(c, today)
  local check, share = rules.stock_check(c, settings)
  if not check then return nil end
  local person = rules.pick_contact(c:contacts(), settings.roles[check])
  local m = c.metrics or {}
  local message = kehu.message(check, {
    client = c.name or c.code,
    contact = person and person.name or c.name or c.code,
    owner = c.owner or kehu.message("owner_unknown", {}),
    sell_through = format("%.0f%%", share * 100),
    days = math.floor(m.days_since_last_order or 0),
  })
  return {
    kind = check, due = rules.due_for(person, today), channel = check == "restock" and "call" or "visit",
    contact = person and person.name, message = message, priority = 2,
  }
end

local function followups(c, today)
  today = today or kehu.today()
  local out = {}
  if c.kind == "channel" and c.status == "active" then
    out[#out + 1] = stock_followup(c, today)
  end
  for _, f in ipairs(std.followups(c, today)) do out[#out + 1] = f end
  table.sort(out, std.by_urgency)
  return out
end

return {
  settings = settings,
  -- More of the budget goes to clients to develop: in FMCG small stores grow with shelf support.
  allocation_shares = { key = 0.40, develop = 0.40, watch = 0.12, phase_out = 0.08 },
  strength = strength,
  quadrant = quadrant,
  followups = followups,
}
