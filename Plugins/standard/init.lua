-- The standard playbook: the domain doctrine (DOMAIN.md, the four seed articles) as code.
--
-- Loyalty comes from tenure, ordering rhythm, payment discipline, relationship stage and
-- complaints; wining and dining counts for nothing. Strength comes from sales, growth, ABC
-- class and the client file (capital, staff, vehicles, warehouse). The two place a client in
-- a quadrant, which decides how money is spent on it; follow-ups turn the doctrine's habits
-- (respect, special days, complaint standards, credit discipline) into a rep's to-do list.
--
-- Every number a consultant may retune is in `settings` below, read at call time: another
-- playbook can do `require("standard").settings.high_loyalty = 55`.

local settings = {
  -- Quadrants: a score at or above these is "high".
  high_loyalty = 60,
  high_strength = 60,

  -- Weights of the loyalty parts; they are normalised to sum 1 when used.
  loyalty_weights = {
    tenure = 0.20,        -- years on file
    regularity = 0.25,    -- orders spread over the year
    payment = 0.30,       -- paying on time and within the credit limit
    stage = 0.15,         -- how far the relationship has come
    complaints = 0.10,    -- open complaints, and how fast they were handled
    entertainment = 0,    -- wining and dining: shown, never counted (DOMAIN.md)
  },
  tenure_full_years = 8,            -- years on file that earn the full tenure score
  regular_order_months = 12,        -- months with an order (of the last 12) for full regularity
  regular_orders = 12,              -- orders in the last year for the full order-count half
  regularity_months_share = 0.7,    -- share of regularity from months with orders (rest: order count)
  overdue_penalty = 60,             -- payment points lost when all of the receivable is overdue
  d90_penalty = 40,                 -- further points lost when all of it is over 90 days past terms
  over_limit_penalty = 50,          -- payment points lost for ordering beyond the credit limit at all
  over_limit_slope = 100,           -- further points lost per 1.0 of utilisation above the limit
  stage_scores = {                  -- loyalty sub-score of each relationship stage
    awareness = 0, recognition = 25, relationship = 50, community = 75, advocacy = 100,
  },
  complaint_open_penalty = 25,      -- complaint points lost per open complaint
  complaint_slow_penalty = 30,      -- most points lost for answering (and again resolving) too slowly
  complaint_answer_hours = 24,      -- standard: a complaint is answered within this many hours
  complaint_resolve_hours = 72,     -- standard: a complaint is resolved within this many hours

  -- Weights of the strength parts; normalised to sum 1 when used.
  strength_weights = {
    sales = 0.40,         -- trailing-year sales, log scale
    growth = 0.15,        -- year-on-year growth
    abc = 0.15,           -- Pareto class
    capital = 0.10,       -- registered/working capital in the client file
    staff = 0.07,         -- people
    vehicles = 0.05,      -- delivery vehicles
    warehouse = 0.08,     -- warehouse floor
  },
  sales_floor = 10000,              -- trailing-year sales (yuan) that score 0
  sales_reference = 2000000,        -- trailing-year sales (yuan) that score 100; log scale between
  growth_full = 0.5,                -- growth of +50 % scores 100, -50 % scores 0, flat 50
  growth_unknown = 50,              -- growth sub-score without a base a year ago
  abc_scores = { A = 100, B = 60, C = 20 },  -- strength sub-score of each ABC class (none: 0)
  capital_floor = 100000,           -- capital (yuan) that scores 0
  capital_reference = 10000000,     -- capital (yuan) that scores 100; log scale between
  staff_full = 30,                  -- staff for the full staff score (linear below)
  vehicles_full = 10,               -- vehicles for the full vehicle score
  warehouse_full_m2 = 2000,         -- warehouse m² for the full warehouse score
  unknown_profile_score = 0,        -- sub-score of a profile field missing from the file (50 = average)

  -- Allocation: how each quadrant's money is split between resources (shares sum to 1; a
  -- resource not offered in the run is dropped and the rest rescaled).
  allocation_mix = {
    key = { advertising = 0.30, promotion = 0.35, gifts = 0.10, staff = 0.25 },     -- focus support
    develop = { advertising = 0.35, promotion = 0.30, gifts = 0.15, staff = 0.20 }, -- build strength
    watch = { advertising = 0.50, promotion = 0.50 },  -- brand pull and agreed promotions only
    phase_out = { promotion = 1.0 },                   -- clearance support, nothing else
  },
  -- What a client's share of its quadrant's money follows: "sales", "strength", "loyalty", "equal".
  allocation_basis = { key = "sales", develop = "loyalty", watch = "strength", phase_out = "equal" },

  -- Follow-ups.
  relationship_days = { upstream = 30, partner = 21, channel = 14, terminal = 45 },  -- quiet days before a relationship touch
  relationship_channel = { upstream = "visit", partner = "wechat", channel = "visit", terminal = "call" },
  relationship_priority = { A = 2, B = 2, C = 3 },  -- by ABC class; big rocks first (no class: 3)
  credit_guard_utilisation = 0.9,   -- credit utilisation that raises a credit guard
  urgent_overdue_buckets = { "d61_90", "d90_plus" },  -- ageing buckets that make a payment reminder priority 1
  complaint_window_days = 60,       -- how far back complaints are read
  complaint_revisit_days = 3,       -- days after a resolved complaint to ask how it went
  quiet_days = 120,                 -- days without an order that call for reactivation
  quiet_probability = 0.7,          -- p_quiet (learned chance of no order in the horizon) that calls for
                                    -- reactivation of a valuable client, before it is gone
  reactivation_value = { A = true, B = true },  -- ABC classes (now or a year ago) worth winning back early
  reactivation_kinds = { channel = true, terminal = true },  -- kinds that buy from us, so can go quiet
  stage_advance_kinds = { channel = true },  -- kinds invited along the five stages (dealer meetings)
  widen_contacts_kinds = { channel = true }, -- kinds whose buyer and finance people we should know
  stage_advance_loyalty = 65,       -- loyalty needed to invite a client to the next stage
  stage_advance_overdue_share = 0.05, -- most overdue share of receivable for a stage invitation
  min_contacts = 2,                 -- fewer people than this at an ordering client: widen contacts
  -- Who to speak to for each follow-up, in order of preference (else the first contact).
  roles = {
    relationship = { "owner", "buyer", "store_manager" },
    payment_reminder = { "finance", "owner" },
    credit_guard = { "owner", "finance" },
    complaint = { "store_manager", "owner", "buyer" },
    reactivation = { "buyer", "owner" },
    stage_advance = { "owner" },
    widen_contacts = { "owner", "buyer" },
  },
  -- The stage a client is invited towards, and how.
  stage_advance = {
    recognition = { channel = "visit", message = "stage_advance_recognition" },
    relationship = { channel = "meeting", message = "stage_advance_relationship" },
    community = { channel = "meeting", message = "stage_advance_community" },
  },
}

-- The resources offered when a run names none.
local default_resources = { "advertising", "promotion", "gifts", "staff" }

-- The default split of the budget between quadrants (docs/playbooks.md).
local allocation_shares = { key = 0.5, develop = 0.3, watch = 0.15, phase_out = 0.05 }

-- Notes of the score parts (kept in code, not in messages/, because they are built for every
-- client of a run; a format each, filled with string.format).
local notes = {
  zh = {
    money_unit = 10000,  -- money in notes is shown in 万元
    tenure = "建档%.1f年", tenure_unknown = "无建档日期，不计分",
    regularity = "近12个月有%.0f个月下单，共%.0f单",
    payment = "逾期占应收%.0f%%，其中90天以上%.0f%%；额度使用%.0f%%",
    payment_no_limit = "逾期占应收%.0f%%，其中90天以上%.0f%%；无信用额度",
    payment_over = "逾期占应收%.0f%%，其中90天以上%.0f%%；超额度下单（使用%.0f%%），重扣",
    stage = "关系阶段：%s", stage_unknown = "关系阶段未知",
    complaints = "未解决投诉%.0f起；平均%s小时答复、%s小时解决（标准%g/%g小时）",
    entertainment = "近一年招待%.2f万元：不计分，吃喝不等于关系",
    entertainment_none = "近一年无招待记录（招待本就不计分）",
    complaints_none = "近一年无投诉记录",
    sales = "近一年销售%.1f万元", growth = "同比%+.0f%%", growth_unknown = "无去年同期数据，按中性计",
    abc = "%s类客户", abc_unknown = "无ABC分类",
    capital = "资金%.0f万元", staff = "员工%.0f人", vehicles = "车辆%.0f台", warehouse = "仓库%.0f平方米",
    unknown = "档案未填，按%g分计",
  },
  en = {
    money_unit = 1,      -- money in notes is shown in yuan
    tenure = "%.1f years on file", tenure_unknown = "no date on file: no points",
    regularity = "orders in %.0f of the last 12 months, %.0f orders",
    payment = "%.0f%% of receivable overdue, %.0f%% over 90 days; %.0f%% of credit used",
    payment_no_limit = "%.0f%% of receivable overdue, %.0f%% over 90 days; no credit limit",
    payment_over = "%.0f%% of receivable overdue, %.0f%% over 90 days; ordering beyond the limit (%.0f%% used) weighs heavily",
    stage = "stage: %s", stage_unknown = "stage unknown",
    complaints = "%.0f open complaints; answered in %s h, resolved in %s h on average (standards %g/%g h)",
    entertainment = "¥%.0f entertainment in the year: not counted, wining and dining is not loyalty",
    entertainment_none = "no entertainment on record (it would not count anyway)",
    complaints_none = "no complaints in the year",
    sales = "¥%.0f sales in the last year", growth = "%+.0f%% year on year", growth_unknown = "no base a year ago: neutral",
    abc = "class %s", abc_unknown = "no ABC class",
    capital = "capital ¥%.0f", staff = "%.0f staff", vehicles = "%.0f vehicles", warehouse = "%.0f m² of warehouse",
    unknown = "not in the client file: counts %g",
  },
}

local stage_names = {
  zh = { awareness = "认知", recognition = "认同", relationship = "关系", community = "族群", advocacy = "拥护" },
  en = { awareness = "awareness", recognition = "recognition", relationship = "relationship",
         community = "community", advocacy = "advocacy" },
}

local stage_index = { awareness = 1, recognition = 2, relationship = 3, community = 4, advocacy = 5 }

local floor, min, max, log = math.floor, math.min, math.max, math.log
local format = string.format

local function clamp(x)
  if x < 0 then return 0 elseif x > 100 then return 100 end
  return x
end

-- The sums of the weights, to normalise them (a misspelt key does not dilute the rest).
local function loyalty_total(w)
  local total = (w.tenure or 0) + (w.regularity or 0) + (w.payment or 0) + (w.stage or 0)
    + (w.complaints or 0) + (w.entertainment or 0)
  return total > 0 and total or 1
end

local function strength_total(w)
  local total = (w.sales or 0) + (w.growth or 0) + (w.abc or 0) + (w.capital or 0) + (w.staff or 0)
    + (w.vehicles or 0) + (w.warehouse or 0)
  return total > 0 and total or 1
end

-- Appends a part; `sub` is the part's 0–100 sub-score, `w` its normalised weight.
-- Returns the points it adds, so the caller can sum them into the score.
local function add_part(parts, name, value, w, sub, note)
  local points = w * sub
  parts[#parts + 1] = { name = name, value = value, weight = w, points = points, note = note }
  return points
end

-- 0 at `lo`, 100 at `hi`, logarithmic between.
local function log_scale(x, lo, hi)
  if x <= lo then return 0 elseif x >= hi then return 100 end
  return 100 * log(x / lo) / log(hi / lo)
end

local function hours_text(h)
  return h and format("%.0f", h) or "—"
end

-- Notes that do not depend on the client, made once per language: stage and ABC notes.
for lang, n in pairs(notes) do
  n.stage_notes = {}
  for stage, label in pairs(stage_names[lang]) do n.stage_notes[stage] = format(n.stage, label) end
  n.abc_notes = {}
  for _, class in ipairs({ "A", "B", "C" }) do n.abc_notes[class] = format(n.abc, class) end
end

local function language_notes()
  return notes[kehu.language()] or notes.en
end

-- The note of a profile field missing from the file (remembered for the last score used).
local function unknown_note(n, score)
  if n.unknown_score ~= score then
    n.unknown_score, n.unknown_text = score, format(n.unknown, score)
  end
  return n.unknown_text
end

---------------------------------------------------------------------------------------------
-- Loyalty

local function regularity_score(m, s)
  local months = m.order_months_365 or 0
  local count = m.order_count_365 or 0
  local share = s.regularity_months_share
  return clamp(share * 100 * months / s.regular_order_months
    + (1 - share) * 100 * min(1, count / s.regular_orders)), months, count
end

-- Payment discipline: what share of the receivable is overdue, how old, and whether the
-- client orders beyond its credit limit (which no friendship excuses).
local function payment_score(m, s)
  local receivable = m.receivable or 0
  local overdue_share, d90_share = 0, 0
  if receivable > 0 then
    overdue_share = min(1, (m.overdue or 0) / receivable)
    local ageing = m.ageing
    d90_share = min(1, (ageing and ageing.d90_plus or 0) / receivable)
  end
  local points = 100 - overdue_share * s.overdue_penalty - d90_share * s.d90_penalty
  local util = m.credit_utilisation
  if util and util > 1 then
    points = points - s.over_limit_penalty - (util - 1) * s.over_limit_slope
  end
  return clamp(points), overdue_share, d90_share, util
end

-- How much slower than `standard` complaints were handled, as lost points (none when on time).
local function slowness(hours, standard, penalty)
  if not hours or not standard or standard <= 0 or hours <= standard then return 0 end
  return min(penalty, penalty * (hours / standard - 1))
end

local function complaint_score(m, s)
  local open = m.open_complaints or 0
  return clamp(100 - open * s.complaint_open_penalty
    - slowness(m.complaint_answer_hours, s.complaint_answer_hours, s.complaint_slow_penalty)
    - slowness(m.complaint_resolve_hours, s.complaint_resolve_hours, s.complaint_slow_penalty)), open
end

local function loyalty(c)
  local s, m = settings, c.metrics or {}
  local w = s.loyalty_weights
  local total = loyalty_total(w)
  local n = language_notes()
  local parts, score = {}, 0

  local years = c.since and kehu.days_between(c.since, kehu.today()) / 365.25
  if years then
    score = score + add_part(parts, "tenure", years, (w.tenure or 0) / total,
      clamp(100 * years / s.tenure_full_years), format(n.tenure, years))
  else
    score = score + add_part(parts, "tenure", nil, (w.tenure or 0) / total, 0, n.tenure_unknown)
  end

  local reg, months, count = regularity_score(m, s)
  score = score + add_part(parts, "regularity", months, (w.regularity or 0) / total, reg,
    format(n.regularity, months, count))

  local pay, overdue_share, d90_share, util = payment_score(m, s)
  local pay_note
  if not util then
    pay_note = format(n.payment_no_limit, overdue_share * 100, d90_share * 100)
  else
    pay_note = format(util > 1 and n.payment_over or n.payment, overdue_share * 100, d90_share * 100, util * 100)
  end
  score = score + add_part(parts, "payment", overdue_share, (w.payment or 0) / total, pay, pay_note)

  local stage_sub = s.stage_scores[c.stage]
  score = score + add_part(parts, "stage", c.stage, (w.stage or 0) / total, stage_sub or 0,
    stage_sub and (n.stage_notes[c.stage] or format(n.stage, c.stage)) or n.stage_unknown)

  local comp, open = complaint_score(m, s)
  local answer_h, resolve_h = m.complaint_answer_hours, m.complaint_resolve_hours
  score = score + add_part(parts, "complaints", open, (w.complaints or 0) / total, comp,
    (open == 0 and not answer_h and not resolve_h) and n.complaints_none
    or format(n.complaints, open, hours_text(answer_h), hours_text(resolve_h),
      s.complaint_answer_hours, s.complaint_resolve_hours))

  -- Shown so `kehu explain` answers "what about the dinners?"; its sub-score is always 0 and
  -- its default weight 0, so it can only ever lower the score if someone weights it.
  local ent = m.entertainment_365 or 0
  score = score + add_part(parts, "entertainment", ent, (w.entertainment or 0) / total, 0,
    ent == 0 and n.entertainment_none or format(n.entertainment, ent / n.money_unit))

  return score, parts
end

---------------------------------------------------------------------------------------------
-- Strength

-- A profile field from the client file: its sub-score, or the "unknown" score and note.
-- `unit` divides the value for the note (money in 万元 for Chinese notes).
local function profile_part(parts, n, name, value, w, sub_of, fmt, s, unit)
  if value == nil then
    return add_part(parts, name, nil, w, s.unknown_profile_score, unknown_note(n, s.unknown_profile_score))
  end
  return add_part(parts, name, value, w, sub_of(value, s), format(fmt, value / unit))
end

local function capital_sub(v, s) return log_scale(v, s.capital_floor, s.capital_reference) end
local function staff_sub(v, s) return clamp(100 * v / s.staff_full) end
local function vehicles_sub(v, s) return clamp(100 * v / s.vehicles_full) end
local function warehouse_sub(v, s) return clamp(100 * v / s.warehouse_full_m2) end

local function strength(c)
  local s, m = settings, c.metrics or {}
  local w = s.strength_weights
  local total = strength_total(w)
  local n = language_notes()
  local parts, score = {}, 0

  local sales = m.sales_365 or 0
  score = score + add_part(parts, "sales", sales, (w.sales or 0) / total,
    log_scale(sales, s.sales_floor, s.sales_reference), format(n.sales, sales / n.money_unit))

  local g = m.growth_yoy
  if g then
    score = score + add_part(parts, "growth", g, (w.growth or 0) / total,
      clamp(50 + 50 * g / s.growth_full), format(n.growth, g * 100))
  else
    score = score + add_part(parts, "growth", nil, (w.growth or 0) / total, s.growth_unknown, n.growth_unknown)
  end

  local abc = m.abc
  local abc_sub = abc and s.abc_scores[abc]
  score = score + add_part(parts, "abc", abc, (w.abc or 0) / total, abc_sub or 0,
    abc_sub and (n.abc_notes[abc] or format(n.abc, abc)) or n.abc_unknown)

  score = score + profile_part(parts, n, "capital", c.capital, (w.capital or 0) / total, capital_sub, n.capital, s, n.money_unit)
  score = score + profile_part(parts, n, "staff", c.staff, (w.staff or 0) / total, staff_sub, n.staff, s, 1)
  score = score + profile_part(parts, n, "vehicles", c.vehicles, (w.vehicles or 0) / total, vehicles_sub, n.vehicles, s, 1)
  score = score + profile_part(parts, n, "warehouse", c.warehouse_m2, (w.warehouse or 0) / total, warehouse_sub,
    n.warehouse, s, 1)

  return score, parts
end

---------------------------------------------------------------------------------------------
-- Quadrant

local function quadrant(l, s, _)
  local high_l = l >= settings.high_loyalty
  local high_s = s >= settings.high_strength
  if high_l then return high_s and "key" or "develop" end
  return high_s and "watch" or "phase_out"
end

---------------------------------------------------------------------------------------------
-- Allocation

-- The quadrant's mix restricted to the offered resources, as a list of { name, share } with
-- shares summing to 1, largest first (ties by name). When none of the mix is offered the
-- money is spread evenly over what is.
local function resource_mix(mix, resources)
  local offered, seen = {}, {}
  for _, name in ipairs(resources) do
    if not seen[name] then offered[#offered + 1], seen[name] = name, true end
  end
  local list, total = {}, 0
  for _, name in ipairs(offered) do
    local share = mix[name]
    if share and share > 0 then
      list[#list + 1] = { name = name, share = share }
      total = total + share
    end
  end
  if total == 0 then
    for _, name in ipairs(offered) do list[#list + 1] = { name = name, share = 1 } end
    total = #list
  end
  for _, r in ipairs(list) do r.share = r.share / total end
  table.sort(list, function(a, b)
    if a.share ~= b.share then return a.share > b.share end
    return a.name < b.name
  end)
  return list
end

local function basis_weight(c, basis)
  if basis == "sales" then return c.metrics and c.metrics.sales_365 or 0
  elseif basis == "strength" then return c.strength or 0
  elseif basis == "loyalty" then return c.loyalty or 0
  end
  return 1
end

-- Splits `cents` (an integer) by the weights `weight_of(i)` for i = 1..n; the rounding
-- remainder goes to the first. Returns a list of integers summing exactly to `cents`.
local function split_cents(cents, n, weight_of)
  local total = 0
  for i = 1, n do total = total + max(0, weight_of(i)) end
  local out, given = {}, 0
  for i = 1, n do
    local share = total > 0 and max(0, weight_of(i)) / total or 1 / n
    out[i] = floor(cents * share)
    given = given + out[i]
  end
  if n > 0 then out[1] = out[1] + (cents - given) end
  return out
end

local function allocate(quad, clients, budget, resources)
  if not clients or #clients == 0 then return {} end
  budget = budget or 0
  if budget < 0 then return nil, "a budget cannot be negative" end
  resources = resources or default_resources
  local s = settings
  local mix = resource_mix(s.allocation_mix[quad] or {}, resources)
  if #mix == 0 and budget > 0 then return nil, "no resources to spend the budget on" end
  local basis = s.allocation_basis[quad] or "equal"

  local rows = {}
  for i, c in ipairs(clients) do rows[i] = { c = c, w = basis_weight(c, basis) } end
  table.sort(rows, function(a, b)
    if a.w ~= b.w then return a.w > b.w end
    return tostring(a.c.code) < tostring(b.c.code)
  end)

  local budget_cents = floor(budget * 100 + 0.5)
  local client_cents = split_cents(budget_cents, #rows, function(i) return rows[i].w end)
  local message = s.allocation_mix[quad] and ("allocate_" .. quad) or "allocate_other"
  local basis_text = kehu.message("basis_" .. basis, {})

  local out = {}
  for i, row in ipairs(rows) do
    local c, cents = row.c, client_cents[i]
    local by_resource = split_cents(cents, #mix, function(j) return mix[j].share end)
    local amounts = {}
    for j, r in ipairs(mix) do amounts[r.name] = by_resource[j] / 100 end
    local reason = kehu.message(message, {
      client = c.name or c.code, code = c.code, quadrant = quad,
      loyalty = format("%.0f", c.loyalty or 0), strength = format("%.0f", c.strength or 0),
      amount = kehu.money(cents / 100), basis = basis_text,
      share = format("%.0f%%", budget_cents > 0 and 100 * cents / budget_cents or 0),
    })
    out[i] = { client = c.code, amounts = amounts, reason = reason, cents = cents }
  end
  table.sort(out, function(a, b)
    if a.cents ~= b.cents then return a.cents > b.cents end
    return tostring(a.client) < tostring(b.client)
  end)
  for _, e in ipairs(out) do e.cents = nil end
  return out
end

---------------------------------------------------------------------------------------------
-- Follow-ups

-- The first contact holding the first role of `roles` that anyone holds, else the first contact.
local function pick_contact(contacts, roles)
  for _, role in ipairs(roles or {}) do
    for _, p in ipairs(contacts) do
      if p.role == role then return p end
    end
  end
  return contacts[1]
end

local function contact_named(contacts, name)
  if not name then return nil end
  for _, p in ipairs(contacts) do
    if p.name == name then return p end
  end
  return nil
end

-- Today, or the day the person's preferred interval between contacts has passed.
local function due_for(person, today)
  local every, since = person and person.min_contact_days, person and person.days_since_contact
  if every and since and since < every then
    return kehu.add_days(today, floor(every - since))
  end
  return today
end

local function later(a, b) return a > b and a or b end

local function base_vars(c, person)
  return {
    client = c.name or c.code,
    contact = person and person.name or c.name or c.code,
    owner = c.owner or kehu.message("owner_unknown", {}),
  }
end

local function add(out, kind, due, channel, person, message, priority)
  out[#out + 1] = {
    kind = kind, due = due, channel = channel, contact = person and person.name,
    message = message, priority = priority,
  }
end

local function credit_guard(c, m, s, contacts, today, out)
  local util = m.credit_utilisation
  if not util or util < s.credit_guard_utilisation then return end
  local person = pick_contact(contacts, s.roles.credit_guard)
  local vars = base_vars(c, person)
  vars.utilisation = format("%.0f%%", util * 100)
  vars.receivable = kehu.money(m.receivable or 0)
  vars.limit = kehu.money(c.credit_limit or 0)
  vars.overdue = kehu.money(m.overdue or 0)
  vars.over = kehu.money(max(0, -(m.credit_headroom or 0)))
  add(out, "credit_guard", today, "visit", person,
    kehu.message(util > 1 and "credit_guard_over" or "credit_guard", vars), 1)
end

local function payment_reminder(c, m, s, contacts, today, out)
  local overdue = m.overdue or 0
  if overdue <= 0 then return end
  local ageing = m.ageing or {}
  local urgent = false
  for _, bucket in ipairs(s.urgent_overdue_buckets) do
    if (ageing[bucket] or 0) > 0 then urgent = true end
  end
  local person = pick_contact(contacts, s.roles.payment_reminder)
  local vars = base_vars(c, person)
  vars.amount = kehu.money(overdue)
  vars.days = (ageing.d90_plus or 0) > 0 and 90 or (ageing.d61_90 or 0) > 0 and 60
    or (ageing.d31_60 or 0) > 0 and 30 or 0
  if urgent then
    add(out, "payment_reminder", today, "visit", person, kehu.message("payment_reminder_late", vars), 1)
  else
    add(out, "payment_reminder", due_for(person, today), "call", person, kehu.message("payment_reminder", vars), 2)
  end
end

local function birthdays(c, m, contacts, today, out)
  for _, day in ipairs(m.special_days or {}) do
    local person = contact_named(contacts, day.contact) or { name = day.contact }
    local vars = base_vars(c, person)
    vars.month_day = day.month_day
    local month, dom = string.match(day.month_day or "", "^(%d+)%-(%d+)$")
    vars.month, vars.day = tonumber(month), tonumber(dom)
    add(out, "birthday", kehu.add_days(today, floor(day.in_days or 0)), "wechat", person,
      kehu.message("birthday", vars), 2)
  end
end

-- A date as people write it in the run's language (the `short_date` message).
local function short_date(date)
  local y, mo, d = string.match(date, "^(%d+)%-(%d+)%-(%d+)")
  return kehu.message("short_date", { date = date, year = tonumber(y), month = tonumber(mo), day = tonumber(d) })
end

-- Hours from a complaint's day to the as-of day (the data has days, not hours).
local function hours_open(date, today)
  return kehu.days_between(date, today) * 24
end

-- A complaint follow-up against a standard: priority 1 and due now once the standard has
-- passed, else priority 2 and due on the day the standard runs out.
local function complaint_due(date, standard_hours, today)
  if hours_open(date, today) >= standard_hours then return today, 1 end
  return later(today, kehu.add_days(date, math.ceil(standard_hours / 24))), 2
end

-- The items of a query's iterator (a function, or the triple of a generic `for`) as a list.
local function collect(f, state, control)
  local list = {}
  if f then
    for item in f, state, control do list[#list + 1] = item end
  end
  return list
end

-- Talking to the client after a complaint was resolved (a complaint itself does not count).
local human_kinds = { visit = true, call = true, message = true, meeting = true, training = true }

local function complaint_followups(c, m, s, contacts, today, out)
  local window_from = kehu.add_days(today, -s.complaint_window_days)
  local complaints = collect(c:interactions{ kind = "complaint", from = window_from })
  local open_seen = 0
  for _, it in ipairs(complaints) do
    if not it.resolved then open_seen = open_seen + 1 end
  end
  if (m.open_complaints or 0) > open_seen then
    complaints = collect(c:interactions{ kind = "complaint" }) -- older complaints still open
  end

  local seen, revisits, earliest = {}, {}, nil
  local function once(kind, person)
    local key = kind .. "\0" .. (person and person.name or "")
    if seen[key] then return false end
    seen[key] = true
    return true
  end

  -- Most urgent first, so `once` keeps the oldest complaint of each person.
  table.sort(complaints, function(a, b) return a.date < b.date end)
  for _, it in ipairs(complaints) do
    local date = string.sub(it.date, 1, 10)
    local person = contact_named(contacts, it.contact) or pick_contact(contacts, s.roles.complaint)
    local vars = base_vars(c, person)
    vars.date = short_date(date)
    vars.issue = kehu.message((it.summary and it.summary ~= "") and "complaint_issue" or "complaint_issue_plain",
      { date = vars.date, summary = it.summary })
    if not it.resolved then
      local kind = it.answered and "complaint_resolve" or "complaint_answer"
      local standard = it.answered and s.complaint_resolve_hours or s.complaint_answer_hours
      local due, priority = complaint_due(date, standard, today)
      vars.hours = standard
      if once(kind, person) then
        add(out, kind, due, it.answered and "visit" or "call", person,
          kehu.message(priority == 1 and (kind .. "_late") or kind, vars), priority)
      end
    else
      local resolved = string.sub(tostring(it.resolved), 1, 10)
      if resolved >= window_from and resolved <= today then
        revisits[#revisits + 1] = { resolved = resolved, person = person, vars = vars }
        earliest = earliest and min(earliest, resolved) or resolved
      end
    end
  end
  -- No "how did it go?" while another complaint of the client is still open.
  if not earliest or open_seen > 0 or (m.open_complaints or 0) > 0 then return end

  local last_talk = nil
  for it in c:interactions{ from = kehu.add_days(earliest, 1) } do
    if human_kinds[it.kind] then
      local d = string.sub(it.date, 1, 10)
      if not last_talk or d > last_talk then last_talk = d end
    end
  end
  for _, r in ipairs(revisits) do
    if (not last_talk or last_talk <= r.resolved) and once("complaint_revisit", r.person) then
      add(out, "complaint_revisit", later(today, kehu.add_days(r.resolved, s.complaint_revisit_days)), "call",
        r.person, kehu.message("complaint_revisit", r.vars), 2)
    end
  end
end

local function relationship(c, m, s, contacts, today, out)
  local every = s.relationship_days[c.kind]
  local quiet = m.days_since_last_contact
  if not every or (quiet and quiet < every) then return end
  local person = pick_contact(contacts, s.roles.relationship)
  local vars = base_vars(c, person)
  vars.days = quiet and floor(quiet)
  add(out, "relationship", due_for(person, today), s.relationship_channel[c.kind] or "visit", person,
    kehu.message("relationship_" .. c.kind, vars), s.relationship_priority[m.abc or ""] or 3)
end

local function is_quiet(c, m, s)
  if not s.reactivation_kinds[c.kind] or (m.order_count or 0) == 0 then return false end
  if m.dormant or c.status == "dormant" or (m.days_since_last_order or 0) >= s.quiet_days then return true end
  -- Valuable and likely quiet (kehu model): call before the silence is long.
  local valuable = s.reactivation_value[m.abc or ""] or s.reactivation_value[m.abc_year_ago or ""]
  return valuable and (m.p_quiet or 0) >= s.quiet_probability or false
end

local function reactivation(c, m, s, contacts, today, out)
  local person = pick_contact(contacts, s.roles.reactivation)
  local vars = base_vars(c, person)
  vars.days = floor(m.days_since_last_order or 0)
  add(out, "reactivation", due_for(person, today), "visit", person, kehu.message("reactivation", vars),
    m.abc_year_ago == "A" and 1 or 2)
end

local function stage_advance(c, m, s, contacts, today, out)
  local step = s.stage_advance[c.stage]
  if not step or not s.stage_advance_kinds[c.kind] or (m.open_complaints or 0) > 0 then return end
  local receivable = m.receivable or 0
  if receivable > 0 and (m.overdue or 0) / receivable > s.stage_advance_overdue_share then return end
  if (loyalty(c)) < s.stage_advance_loyalty then return end
  local person = pick_contact(contacts, s.roles.stage_advance)
  add(out, "stage_advance", due_for(person, today), step.channel, person,
    kehu.message(step.message, base_vars(c, person)), 3)
end

local function widen_contacts(c, m, s, contacts, today, out)
  if not s.widen_contacts_kinds[c.kind] or (m.order_count_365 or 0) == 0 or #contacts >= s.min_contacts then
    return
  end
  local person = pick_contact(contacts, s.roles.widen_contacts)
  add(out, "widen_contacts", due_for(person, today), "visit", person,
    kehu.message("widen_contacts", base_vars(c, person)), 3)
end

local function by_urgency(a, b)
  if a.priority ~= b.priority then return a.priority < b.priority end
  if a.due ~= b.due then return a.due < b.due end
  if a.kind ~= b.kind then return a.kind < b.kind end
  return (a.contact or "") < (b.contact or "")
end

local function followups(c, today)
  local s, m = settings, c.metrics or {}
  today = today or kehu.today()
  local contacts = c.contacts and c:contacts() or {}
  local out = {}

  credit_guard(c, m, s, contacts, today, out)
  payment_reminder(c, m, s, contacts, today, out)
  if c.interactions then complaint_followups(c, m, s, contacts, today, out) end
  birthdays(c, m, contacts, today, out)
  if c.status ~= "phased_out" then
    if is_quiet(c, m, s) then
      reactivation(c, m, s, contacts, today, out)
    else
      relationship(c, m, s, contacts, today, out)
      stage_advance(c, m, s, contacts, today, out)
      widen_contacts(c, m, s, contacts, today, out)
    end
  end

  table.sort(out, by_urgency)
  return out
end

-- What `kehu playbook backtest` counts as a hit: key and watch clients keep ordering, develop
-- clients grow, phase_out clients stop; a credit guard or payment reminder comes true when
-- the client owes money past due at the horizon's end.
local outcomes = {
  key = "stayed", develop = "grew", watch = "stayed", phase_out = "stopped",
  credit_flags = { "credit_guard", "payment_reminder" },
}

return {
  settings = settings,
  allocation_shares = allocation_shares,
  outcomes = outcomes,
  loyalty = loyalty,
  strength = strength,
  quadrant = quadrant,
  allocate = allocate,
  followups = followups,
  -- Not a hook: the order follow-ups are listed in, for playbooks that add their own.
  by_urgency = by_urgency,
}
