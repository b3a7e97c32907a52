-- An agricultural-inputs dealer's playbook (农资经销商): seeds, fertiliser and pesticide sold
-- on credit to village shops, cooperatives and farms, repaid after the harvest.
--
-- What differs from the standard playbook, and why:
-- * When a debt is due. Orders placed for the spring crop (February to July) are repaid
--   after the autumn harvest, by 31 December; orders for the autumn sowing (August to
--   January) after the summer harvest, by 31 July. `due` says so, and every receivable view
--   (overdue, ageing, the report, the standard's payment reminders and credit guard) follows.
-- * Regularity. A farm buys in two seasons, not twelve months: loyalty counts how many of the
--   last four seasons it bought in (`metrics.seasons_bought`), through the standard's loyalty
--   with its regularity retuned.
-- * Strength. Sales, this season against the same point of last season
--   (`metrics.season_growth`), ABC class, and for farms and cooperatives the land they work
--   (`attributes.cultivated_mu`, 亩) instead of capital and vehicles.
-- * Quadrant. Debt more than 90 days past its harvest, for most of what a client owes, puts
--   it in phase_out whatever its scores — with the reason.
-- * Follow-ups. The standard's, plus a pre-season stocking visit to channel shops in the
--   month before planting, when they bought last season and have credit left.

local std = require "standard"

local settings = {
  -- Harvest credit: orders in months spring_first..spring_last fall due on spring_due of the
  -- same year; the others (the autumn season, August to January) on autumn_due after it.
  spring_first = 2, spring_last = 7,
  spring_due = "12-31",
  autumn_due = "07-31",

  -- Loyalty: the standard's, with regularity counted in seasons.
  seasons_counted = 4,              -- the last four seasons (two years)
  seasons_for_full = 4,             -- bought in all four: full regularity

  -- Quadrants: lower bars than the standard's 60/60 (a county base is small).
  high_loyalty = 55,
  high_strength = 55,
  phase_out_d90_share = 0.5,        -- debt 90+ days past its harvest above this share of what is owed

  -- Strength parts; normalised to sum 1 when used.
  strength_weights = { sales = 0.35, season_growth = 0.20, abc = 0.20, land = 0.25 },
  sales_floor = 5000,               -- trailing-year sales (yuan) that score 0
  sales_reference = 1000000,        -- … and 100; log scale between
  season_growth_full = 0.5,         -- +50 % on the same point of last season scores 100, -50 % scores 0
  growth_unknown = 50,
  land_floor_mu = 30,               -- cultivated area (亩) that scores 0
  land_reference_mu = 3000,         -- … and 100; log scale between
  capital_floor = 50000,            -- a shop's capital (yuan) that scores 0
  capital_reference = 5000000,      -- … and 100

  -- Pre-season stocking: in these months (the month before each planting), channel shops
  -- that bought last season and use less than this share of their credit.
  preseason_months = { [1] = true, [7] = true },
  preseason_max_utilisation = 0.7,
}

-- The standard's follow-ups, retuned for a seasonal trade: a farm quiet for four months is
-- between seasons, not lost; village shops are visited monthly.
std.settings.quiet_days = 270
std.settings.relationship_days.channel = 30
std.settings.relationship_days.terminal = 60

local format, floor, log, min, max = string.format, math.floor, math.log, math.min, math.max

-- Score notes, per language (the follow-up messages are in messages/*.txt).
local notes = {
  zh = {
    seasons = "%d季有进货（近%d季）", sales = "近一年进货%s", money_unit = 10000, money = "%.1f万元", season_growth = "本季较去年同期%+.0f%%",
    no_base = "去年同期无进货，按中性计", abc = "%s类客户", land = "耕种面积%.0f亩", capital = "资金%s",
    no_capital = "资金未登记",
  },
  en = {
    seasons = "bought in %d of the last %d seasons", sales = "%s bought in the last year", money_unit = 1, money = "¥%.0f",
    season_growth = "%+.0f%% on the same point of last season", no_base = "no purchases at this point last season: neutral",
    abc = "class %s", land = "%.0f mu cultivated", capital = "capital %s", no_capital = "no capital on file",
  },
}
local function language_notes() return notes[kehu.language()] or notes.zh end

local function clamp(x)
  if x < 0 then return 0 elseif x > 100 then return 100 end
  return x
end

local function log_scale(x, lo, hi)
  if not x or x <= lo then return 0 end
  return clamp(100 * log(x / lo) / log(hi / lo))
end

---------------------------------------------------------------------------------------------
-- Seasons and when debt is due

-- The season an order date belongs to: its harvest year and "spring" or "autumn". January
-- belongs to the autumn season that began the August before.
local function season_of(date)
  local y, m = tonumber(date:sub(1, 4)), tonumber(date:sub(6, 7))
  if m >= settings.spring_first and m <= settings.spring_last then return y, "spring" end
  if m > settings.spring_last then return y, "autumn" end
  return y - 1, "autumn"
end

-- The first and last day of a season.
local function season_window(y, kind)
  if kind == "spring" then
    return format("%04d-%02d-01", y, settings.spring_first),
           kehu.add_days(format("%04d-%02d-01", y, settings.spring_last + 1), -1)
  end
  return format("%04d-%02d-01", y, settings.spring_last + 1),
         kehu.add_days(format("%04d-%02d-01", y + 1, settings.spring_first), -1)
end

local function previous_season(y, kind)
  if kind == "spring" then return y - 1, "autumn" end
  return y, "spring"
end

local function due(_, order)
  local y, kind = season_of(order.date)
  if kind == "spring" then return format("%04d-%s", y, settings.spring_due) end
  return format("%04d-%s", y + 1, settings.autumn_due)
end

---------------------------------------------------------------------------------------------
-- The playbook's own measures: computed once per client, on first use, by any hook.

-- The same day a calendar year earlier (29 February: the 28th).
local function year_before(day)
  local md = day:sub(5)
  if md == "-02-29" then md = "-02-28" end
  return format("%04d", tonumber(day:sub(1, 4)) - 1) .. md
end

-- The windows every measure reads, worked out once per as-of date (not once per client).
local windows_of = {}
local function windows()
  local today = kehu.today()
  local w = windows_of[today]
  if w then return w end
  local y, kind = season_of(today)
  w = {
    current = { from = (season_window(y, kind)) },
    same_point_last_year = { from = (season_window(y - 1, kind)), to = year_before(today) },
    complete = {},
  }
  for i = 1, settings.seasons_counted do
    y, kind = previous_season(y, kind)
    local from, to = season_window(y, kind)
    w.complete[i] = { from = from, to = to }
  end
  windows_of[today] = w
  return w
end

local metrics = {}

-- Sales of the season under way, up to today.
function metrics.season_sales(c)
  return c:totals(windows().current).sales
end

-- Sales of the same season a year earlier, up to the same day of it.
function metrics.last_season_sales(c)
  return c:totals(windows().same_point_last_year).sales
end

-- This season against the same point of last season (0.2 = +20 %); nil without a base.
function metrics.season_growth(c)
  local before = c.metrics.last_season_sales
  if before <= 0 then return nil end
  return (c.metrics.season_sales - before) / before
end

-- Of the last `seasons_counted` complete seasons, how many the client bought in.
function metrics.seasons_bought(c)
  if (c.metrics.order_count or 0) == 0 then return 0 end
  local n = 0
  for _, w in ipairs(windows().complete) do
    if c:totals(w).orders > 0 then n = n + 1 end
  end
  return n
end

-- Sales of the last complete season (what a pre-season visit builds on).
function metrics.previous_season_sales(c)
  return c:totals(windows().complete[1]).sales
end

---------------------------------------------------------------------------------------------
-- Loyalty: the standard's, with regularity counted in seasons.

local function loyalty(c)
  local score, parts = std.loyalty(c)
  local bought = c.metrics.seasons_bought
  local sub = clamp(100 * bought / settings.seasons_for_full)
  for _, p in ipairs(parts) do
    if p.name == "regularity" then
      score = score - p.points
      p.name, p.value = "seasons", bought
      p.points = p.weight * sub
      p.note = format(language_notes().seasons, bought, settings.seasons_counted)
      score = score + p.points
    end
  end
  -- Swapping a part can leave the sum a rounding error outside 0–100.
  return min(100, max(0, score)), parts
end

---------------------------------------------------------------------------------------------
-- Strength: sales, season growth, ABC, and the land a farm works (a shop's capital).

local function strength(c)
  local s, m = settings, c.metrics
  local w = s.strength_weights
  local total = 0
  for _, x in pairs(w) do total = total + x end
  local parts, score = {}, 0
  local n = language_notes()
  local function money(x) return format(n.money, x / n.money_unit) end
  local function part(name, value, weight, sub, note)
    local points = weight / total * sub
    parts[#parts + 1] = { name = name, value = value, weight = weight / total, points = points, note = note }
    score = score + points
  end
  part("sales", m.sales_365, w.sales, log_scale(m.sales_365, s.sales_floor, s.sales_reference),
    format(n.sales, money(m.sales_365)))
  local g = m.season_growth
  part("season_growth", g, w.season_growth,
    g and clamp(50 + 50 * g / s.season_growth_full) or s.growth_unknown,
    g and format(n.season_growth, g * 100) or n.no_base)
  part("abc", m.abc, w.abc, std.settings.abc_scores[m.abc] or 0, format(n.abc, m.abc))
  local mu = c.attributes and tonumber(c.attributes.cultivated_mu)
  if mu then
    part("land", mu, w.land, log_scale(mu, s.land_floor_mu, s.land_reference_mu), format(n.land, mu))
  else
    part("capital", c.capital, w.land, log_scale(c.capital, s.capital_floor, s.capital_reference),
      c.capital and format(n.capital, money(c.capital)) or n.no_capital)
  end
  return score, parts
end

---------------------------------------------------------------------------------------------
-- Quadrant: debt long past its harvest phases a client out, and says so.

local function quadrant(l, s, c)
  local m = c.metrics
  local owed, late = m.receivable or 0, m.ageing and m.ageing.d90_plus or 0
  if owed > 0 and late > settings.phase_out_d90_share * owed then
    return "phase_out", kehu.message("reason_harvest_debt", { amount = kehu.money(late), share = format("%.0f%%", 100 * late / owed) })
  end
  if l >= settings.high_loyalty then return s >= settings.high_strength and "key" or "develop" end
  return s >= settings.high_strength and "watch" or "phase_out"
end

---------------------------------------------------------------------------------------------
-- Follow-ups: the standard's, and a pre-season stocking visit.

local function preseason(c, today, contacts)
  local m = c.metrics
  local month = tonumber(today:sub(6, 7))
  if c.kind ~= "channel" or c.status == "phased_out" or not settings.preseason_months[month] then return nil end
  if (m.overdue or 0) > 0 then return nil end
  if m.credit_utilisation and m.credit_utilisation > settings.preseason_max_utilisation then return nil end
  local last = m.previous_season_sales
  if last <= 0 then return nil end
  local who
  for _, p in ipairs(contacts) do
    if p.role == "owner" or p.role == "buyer" then who = p.name break end
  end
  return {
    kind = "preseason_stocking", due = today, channel = "visit", contact = who, priority = 2,
    message = kehu.message("preseason_stocking", { contact = who or c.name, client = c.name, owner = c.owner or "",
                                                   last = kehu.money_short(last) }),
  }
end

local function followups(c, today)
  local out = std.followups(c, today) or {}
  local extra = preseason(c, today or kehu.today(), c:contacts())
  if extra then
    out[#out + 1] = extra
    table.sort(out, std.by_urgency)
  end
  return out
end

-- What the backtest counts as a hit. A develop client of a seasonal dealer is doing what is
-- hoped when it buys again within the horizon and pays for what it bought before (a farm's
-- sales swing with the weather, so "grew" would judge the harvest, not the client); the
-- standard's expectations for the rest, and its credit flags, which come true when debt is
-- past due by the harvest rule at the horizon's end.
local outcomes = {
  develop = function(h) return h.orders_after > 0 and h.overdue_at_end == 0 end,
}

return {
  settings = settings,
  outcomes = outcomes,
  due = due,
  metrics = metrics,
  loyalty = loyalty,
  strength = strength,
  quadrant = quadrant,
  followups = followups,
  -- Not hooks: for tests and playbooks built on this one.
  season_of = season_of,
  season_window = season_window,
}
