-- Lua-level tests of the standard playbook's hooks. Each test builds clients by hand (the
-- `client` helper fills every field of the contract in docs/playbooks.md) and checks an
-- outcome worked out by hand from the settings in init.lua.
--
--   lua5.4 Benchmarks/lua/run_tests.lua Plugins/standard/tests/hooks_test.lua

local std = require "standard"

local today = kehu.today()

local function days_ago(n) return kehu.add_days(today, -n) end

local function copy(t)
  if type(t) ~= "table" then return t end
  local out = {}
  for k, v in pairs(t) do out[k] = copy(v) end
  return out
end

local function merge(into, from)
  for k, v in pairs(from or {}) do into[k] = v end
  return into
end

-- An iterator over `list` filtered like the host's queries: `from`/`to` dates, `kind`.
local function query(list, q)
  q = q or {}
  local i = 0
  return function()
    while true do
      i = i + 1
      local item = list[i]
      if not item then return nil end
      local date = string.sub(item.date, 1, 10)
      if (not q.from or date >= q.from) and (not q.to or date <= q.to) and (not q.kind or item.kind == q.kind) then
        return item
      end
    end
  end
end

-- A hand-built client: an ordinary channel client of three years, ordering most months,
-- paying on time, well within its limit. `o` overrides fields; `o.metrics` is merged into
-- the default metrics; `o.contact_list`, `o.interaction_list`, … feed the methods.
local function client(o)
  o = o or {}
  local c = {
    code = "C0001", name = "华东商贸", kind = "channel", region = "华东", owner = "李明",
    credit_limit = 200000, payment_terms_days = 30, stage = "relationship", status = "active",
    staff = nil, vehicles = nil, premises_m2 = nil, warehouse_m2 = nil, capital = nil,
    ads = "门头广告", tags = {}, since = days_ago(3 * 365), attributes = {},
    metrics = {
      sales_30 = 20000, sales_90 = 60000, sales_365 = 240000,
      sales_30_year_ago = 19000, sales_90_year_ago = 57000, sales_365_year_ago = 228000,
      sales_previous_30 = 20000, growth_yoy = 0.05, growth_mom = 0,
      order_count_365 = 12, order_count = 40, order_months_365 = 10, average_order = 20000,
      first_order = days_ago(3 * 365), last_order = days_ago(10), days_since_last_order = 10,
      receivable = 50000, overdue = 0, ageing = { d1_30 = 0, d31_60 = 0, d61_90 = 0, d90_plus = 0 },
      credit_utilisation = 0.25, credit_headroom = 150000, abc = "B", abc_year_ago = "B", dormant = false,
      interactions_90 = { visit = 2, call = 3 }, days_since_last_contact = 5, contacts_due = {},
      entertainment_365 = 0, entertainment_share = 0, open_complaints = 0,
      complaint_answer_hours = nil, complaint_resolve_hours = nil,
      contact_count = 2, roles = { "owner", "finance" }, special_days = {},
    },
  }
  local lists = {
    contacts = {
      { name = "王建国", role = "owner", phone = "13800000001", wechat = "wjg", birthday = "1970-05-20",
        hobbies = "钓鱼", notes = "", min_contact_days = 7, last_contact = days_ago(5), days_since_contact = 5 },
      { name = "刘芳", role = "finance", phone = "13800000002", wechat = "lf", birthday = nil,
        hobbies = "", notes = "", min_contact_days = 30, last_contact = days_ago(40), days_since_contact = 40 },
    },
    interactions = {}, orders = {}, payments = {}, history = {},
  }
  for k, v in pairs(o) do
    if k == "metrics" then merge(c.metrics, v)
    elseif k == "contact_list" then lists.contacts = v
    elseif k == "interaction_list" then lists.interactions = v
    else c[k] = v end
  end
  c.contacts = function() return copy(lists.contacts) end
  c.interactions = function(_, q) return query(lists.interactions, q) end
  c.orders = function(_, q) return query(lists.orders, q) end
  c.payments = function(_, q) return query(lists.payments, q) end
  c.score = function() return lists.history[#lists.history] end
  c.history = function() return lists.history end
  return c
end

local function near(actual, expected, what, tolerance)
  if math.abs(actual - expected) > (tolerance or 0.01) then
    error(string.format("%s: expected %.4f, got %.4f", what, expected, actual), 2)
  end
end

local function equal(actual, expected, what)
  if actual ~= expected then
    error(string.format("%s: expected %s, got %s", what, tostring(expected), tostring(actual)), 2)
  end
end

local function find(list, kind)
  for _, f in ipairs(list) do
    if f.kind == kind then return f end
  end
  return nil
end

local function count(list, kind)
  local n = 0
  for _, f in ipairs(list) do
    if f.kind == kind then n = n + 1 end
  end
  return n
end

local function place(c)
  local l, s = std.loyalty(c), std.strength(c)
  return std.quadrant(l, s, c), l, s
end

-- The four quadrant clients (scores worked out by hand from the default settings).

-- Ten years on file, orders every month (24 orders), nothing overdue, community stage, no
-- complaints: loyalty 20 + 25 + 30 + 11.25 + 10 = 96.25. Sales ¥3m (40), +20 % (10.5),
-- class A (15), capital ¥20m (10), 40 staff (7), 12 vehicles (5), 3000 m² (8): strength 95.5.
local function key_client()
  return client{
    code = "K1", name = "华东商贸", since = days_ago(3653), stage = "community",
    capital = 20000000, staff = 40, vehicles = 12, warehouse_m2 = 3000,
    metrics = { sales_365 = 3000000, growth_yoy = 0.2, abc = "A", order_months_365 = 12, order_count_365 = 24,
      receivable = 400000, overdue = 0, credit_utilisation = 0.4 },
  }
end

-- Nine years, orders every month (12), pays on time, relationship stage: loyalty
-- 20 + 25 + 30 + 7.5 + 10 = 92.5. Sales ¥80k (log 15.70), flat (7.5), class C (3), 3 staff
-- (0.7), the rest unknown (0): strength 26.9.
local function develop_client()
  return client{
    code = "D1", name = "老王五金", since = days_ago(3288), staff = 3,
    metrics = { sales_365 = 80000, growth_yoy = 0, abc = "C", order_months_365 = 12, order_count_365 = 12,
      receivable = 8000, overdue = 0, credit_utilisation = 0.4 },
  }
end

-- Eighteen months (tenure 3.75), orders in 6 months (8 orders: regularity 13.75), half the
-- receivable overdue and 10 % over the limit (payment 100 - 30 - 50 - 10 = 10: 3), recognition
-- (3.75), one open complaint answered in 48 h and resolved in 100 h (33.33: 3.33): loyalty
-- 27.58. A national chain: strength 40 + 9 + 15 + 10 + 7 + 5 + 8 = 94.
local function watch_client()
  return client{
    code = "W1", name = "全家福连锁", since = days_ago(548), stage = "recognition",
    capital = 50000000, staff = 200, vehicles = 30, warehouse_m2 = 10000, credit_limit = 800000,
    metrics = { sales_365 = 5000000, growth_yoy = 0.1, abc = "A", order_months_365 = 6, order_count_365 = 8,
      receivable = 880000, overdue = 440000, credit_utilisation = 1.1, credit_headroom = -80000,
      open_complaints = 1, complaint_answer_hours = 48, complaint_resolve_hours = 100 },
  }
end

-- One year (2.5), orders in 3 months (3 orders: 6.25), 50 % overdue and 20 % over 90 days
-- (payment 62: 18.6), awareness (0), one open complaint (7.5): loyalty 34.85. Sales ¥30k
-- (8.29), -30 % (3), class C (3), nothing on file: strength 14.29.
local function phase_out_client()
  return client{
    code = "P1", name = "新星建材", since = days_ago(365), stage = "awareness",
    metrics = { sales_365 = 30000, growth_yoy = -0.3, abc = "C", order_months_365 = 3, order_count_365 = 3,
      receivable = 30000, overdue = 15000, ageing = { d1_30 = 5000, d31_60 = 4000, d61_90 = 0, d90_plus = 6000 },
      credit_utilisation = 0.3, open_complaints = 1 },
  }
end

local function sum_points(parts)
  local total = 0
  for _, p in ipairs(parts) do total = total + p.points end
  return total
end

local function cents(x) return math.floor(x * 100 + 0.5) end

local tests = {}

tests["a long-standing punctual client with a big business lands in key"] = function()
  local q, l, s = place(key_client())
  near(l, 96.25, "loyalty")
  near(s, 95.5, "strength")
  equal(q, "key", "quadrant")
end

tests["a loyal small shop lands in develop"] = function()
  local q, l, s = place(develop_client())
  near(l, 92.5, "loyalty")
  near(s, 26.9, "strength", 0.05)
  equal(q, "develop", "quadrant")
end

tests["a big chain that orders beyond its limit lands in watch"] = function()
  local q, l, s = place(watch_client())
  near(l, 27.58, "loyalty", 0.05)
  near(s, 94, "strength")
  equal(q, "watch", "quadrant")
end

tests["a new, late-paying small client lands in phase_out"] = function()
  local q, l, s = place(phase_out_client())
  near(l, 34.85, "loyalty", 0.05)
  near(s, 14.29, "strength", 0.05)
  equal(q, "phase_out", "quadrant")
end

tests["the parts' points add up to the score, within 0–100"] = function()
  for _, make in ipairs({ key_client, develop_client, watch_client, phase_out_client, client }) do
    for _, hook in ipairs({ std.loyalty, std.strength }) do
      local score, parts = hook(make())
      near(sum_points(parts), score, "sum of points", 1e-9)
      assert(score >= 0 and score <= 100, "score out of range: " .. score)
      for _, p in ipairs(parts) do
        assert(type(p.name) == "string" and type(p.note) == "string" and p.note ~= "", "part without a name or note")
        assert(type(p.weight) == "number" and type(p.points) == "number", "part without weight or points")
      end
    end
  end
end

tests["entertainment spending does not raise loyalty"] = function()
  local sober = std.loyalty(client())
  local wined = std.loyalty(client{ metrics = { entertainment_365 = 500000, entertainment_share = 2.1 } })
  equal(wined, sober, "loyalty with ¥500,000 of dinners")
end

tests["ordering beyond the credit limit weighs heavily against loyalty"] = function()
  local within = std.loyalty(client{ metrics = { credit_utilisation = 0.95 } })
  local beyond = std.loyalty(client{ metrics = { credit_utilisation = 1.2 } })
  -- payment 100 → 100 - 50 - 20 = 30, weight 0.3: 21 points fewer
  near(within - beyond, 21, "loyalty lost over the limit")
end

tests["well-handled complaints are not a penalty"] = function()
  local none = std.loyalty(client())
  local fast = std.loyalty(client{ metrics = { complaint_answer_hours = 2, complaint_resolve_hours = 20 } })
  equal(fast, none, "loyalty with complaints handled within standard")
end

tests["a missing client file scores the profile as unknown and says so"] = function()
  local _, parts = std.strength(client())
  for _, p in ipairs(parts) do
    if p.name == "capital" then
      equal(p.value, nil, "capital value")
      equal(p.points, 0, "capital points")
      return
    end
  end
  error("no capital part")
end

tests["settings are read at call time, so another playbook can retune them"] = function()
  local c = key_client()
  local saved = std.settings.high_loyalty
  std.settings.high_loyalty = 99
  local ok, q = pcall(place, c)
  std.settings.high_loyalty = saved
  assert(ok, q)
  equal(q, "watch", "quadrant with high_loyalty = 99")
  equal(place(c), "key", "quadrant after restoring")
end

tests["credit utilisation at the threshold raises a priority-1 credit guard"] = function()
  local list = std.followups(client{ metrics = { credit_utilisation = 0.9, receivable = 180000,
    credit_headroom = 20000 } }, today)
  local guard = find(list, "credit_guard")
  assert(guard, "no credit_guard follow-up")
  equal(guard.priority, 1, "priority")
  equal(guard.due, today, "due")
  equal(guard.contact, "王建国", "contact (the owner)")
  equal(list[1].kind, "credit_guard", "first follow-up")
end

tests["credit utilisation under the threshold raises no credit guard"] = function()
  local list = std.followups(client{ metrics = { credit_utilisation = 0.89 } }, today)
  equal(find(list, "credit_guard"), nil, "credit_guard follow-up")
end

tests["over the limit, the credit guard says so"] = function()
  local over = find(std.followups(client{ credit_limit = 100000, metrics = { credit_utilisation = 1.25,
    receivable = 125000, credit_headroom = -25000 } }, today), "credit_guard")
  local within = find(std.followups(client{ credit_limit = 100000, metrics = { credit_utilisation = 0.95,
    receivable = 95000, credit_headroom = 5000 } }, today), "credit_guard")
  assert(over and within, "no credit guard")
  assert(over.message ~= within.message, "the same words over and within the limit")
  assert(over.message:find(kehu.money(25000), 1, true), "the excess is not in the message: " .. over.message)
end

tests["a birthday in the coming days gives a birthday follow-up due on the day"] = function()
  local day = kehu.add_days(today, 3)
  local list = std.followups(client{ metrics = { special_days = {
    { contact = "王建国", month_day = kehu.month_day(day), in_days = 3 } } } }, today)
  local f = find(list, "birthday")
  assert(f, "no birthday follow-up")
  equal(f.due, day, "due")
  equal(f.contact, "王建国", "contact")
  assert(f.message:find("王建国", 1, true), "the message does not name the contact")
end

tests["a complaint open past its answer standard gives a priority-1 complaint_answer"] = function()
  local list = std.followups(client{
    metrics = { open_complaints = 1 },
    interaction_list = { { date = days_ago(3), kind = "complaint", contact = "王建国", cost = 0,
      summary = "到货破损两箱", answered = nil, resolved = nil } },
  }, today)
  local f = find(list, "complaint_answer")
  assert(f, "no complaint_answer follow-up")
  equal(f.priority, 1, "priority")
  equal(f.due, today, "due")
  equal(f.contact, "王建国", "contact")
  equal(list[1].kind, "complaint_answer", "first follow-up")
end

tests["a complaint still within its answer standard is priority 2, due when the standard runs out"] = function()
  local f = find(std.followups(client{
    metrics = { open_complaints = 1 },
    interaction_list = { { date = today, kind = "complaint", contact = "王建国", summary = "" } },
  }, today), "complaint_answer")
  assert(f, "no complaint_answer follow-up")
  equal(f.priority, 2, "priority")
  equal(f.due, kehu.add_days(today, 1), "due (24 hours)")
end

tests["an answered complaint past its resolve standard gives a priority-1 complaint_resolve"] = function()
  local list = std.followups(client{
    metrics = { open_complaints = 1 },
    interaction_list = { { date = days_ago(5), kind = "complaint", contact = "王建国", summary = "价格被冲乱",
      answered = days_ago(5) .. " 15:00" } },
  }, today)
  local f = find(list, "complaint_resolve")
  assert(f, "no complaint_resolve follow-up")
  equal(f.priority, 1, "priority")
  equal(find(list, "complaint_answer"), nil, "complaint_answer follow-up")
end

tests["a resolved complaint with no talk since gets a revisit; one followed by a visit does not"] = function()
  local complaint = { date = days_ago(10), kind = "complaint", contact = "王建国", summary = "送货晚了",
    answered = days_ago(10), resolved = days_ago(6) }
  local quiet = std.followups(client{ interaction_list = { complaint } }, today)
  local f = find(quiet, "complaint_revisit")
  assert(f, "no complaint_revisit follow-up")
  equal(f.due, today, "due")
  local visited = std.followups(client{ interaction_list = { complaint,
    { date = days_ago(2), kind = "visit", contact = "王建国", summary = "回访" } } }, today)
  equal(find(visited, "complaint_revisit"), nil, "complaint_revisit after a visit")
end

tests["a contact reached 3 days ago who likes 14 days between contacts is due in 11 days"] = function()
  local list = std.followups(client{
    metrics = { overdue = 8000, ageing = { d1_30 = 8000, d31_60 = 0, d61_90 = 0, d90_plus = 0 } },
    contact_list = { { name = "刘芳", role = "finance", min_contact_days = 14, days_since_contact = 3 } },
  }, today)
  local f = find(list, "payment_reminder")
  assert(f, "no payment_reminder follow-up")
  equal(f.contact, "刘芳", "contact (finance)")
  equal(f.priority, 2, "priority")
  equal(f.due, kehu.add_days(today, 11), "due")
end

tests["money overdue more than 60 days is a priority-1 reminder due today"] = function()
  local f = find(std.followups(client{
    metrics = { overdue = 30000, ageing = { d1_30 = 0, d31_60 = 0, d61_90 = 30000, d90_plus = 0 } },
    contact_list = { { name = "刘芳", role = "finance", min_contact_days = 14, days_since_contact = 3 } },
  }, today), "payment_reminder")
  assert(f, "no payment_reminder follow-up")
  equal(f.priority, 1, "priority")
  equal(f.due, today, "due")
end

tests["a channel client quiet for longer than its interval gets a relationship touch from the owner"] = function()
  local list = std.followups(client{ metrics = { days_since_last_contact = 20 },
    contact_list = { { name = "王建国", role = "owner", min_contact_days = 7, days_since_contact = 20 } } }, today)
  local f = find(list, "relationship")
  assert(f, "no relationship follow-up")
  equal(f.contact, "王建国", "contact")
  equal(f.channel, "visit", "channel")
  equal(f.due, today, "due")
  equal(find(std.followups(client{ metrics = { days_since_last_contact = 5 } }, today), "relationship"), nil,
    "relationship follow-up 5 days after the last contact")
end

tests["each kind of client gets its own relationship words"] = function()
  local seen = {}
  for _, kind in ipairs({ "upstream", "partner", "channel", "terminal" }) do
    local f = find(std.followups(client{ kind = kind, metrics = { days_since_last_contact = 100 } }, today),
      "relationship")
    assert(f, "no relationship follow-up for " .. kind)
    assert(not seen[f.message], kind .. " has the same words as another kind")
    seen[f.message] = true
  end
end

tests["a dormant client gets a reactivation visit instead of a relationship touch"] = function()
  local list = std.followups(client{ status = "dormant", metrics = { dormant = true, days_since_last_order = 150,
    days_since_last_contact = 90 } }, today)
  assert(find(list, "reactivation"), "no reactivation follow-up")
  equal(find(list, "relationship"), nil, "relationship follow-up")
end

tests["a valuable client the learned signal calls likely quiet is visited before it is gone"] = function()
  local likely = client{ metrics = { abc = "A", p_quiet = 0.85, days_since_last_order = 30, days_since_last_contact = 90 } }
  assert(find(std.followups(likely, today), "reactivation"), "no reactivation for a likely quiet A client")
  local small = client{ metrics = { abc = "C", abc_year_ago = "C", p_quiet = 0.85, days_since_last_order = 30,
    days_since_last_contact = 90 } }
  equal(find(std.followups(small, today), "reactivation"), nil, "reactivation for a C client")
  local sure = client{ metrics = { abc = "A", p_quiet = 0.2, days_since_last_order = 30, days_since_last_contact = 90 } }
  equal(find(std.followups(sure, today), "reactivation"), nil, "reactivation for a client likely to order")
end

tests["a loyal relationship-stage client is invited towards community"] = function()
  local f = find(std.followups(develop_client(), today), "stage_advance")
  assert(f, "no stage_advance follow-up")
  equal(f.channel, "meeting", "channel")
  equal(f.priority, 3, "priority")
  equal(find(std.followups(phase_out_client(), today), "stage_advance"), nil, "stage_advance for a weak client")
end

tests["a phased-out client gets no relationship, stage or reactivation follow-ups"] = function()
  local list = std.followups(client{ status = "phased_out", metrics = { days_since_last_contact = 300 } }, today)
  equal(count(list, "relationship") + count(list, "stage_advance") + count(list, "reactivation"), 0,
    "relationship follow-ups")
end

tests["every follow-up is complete and drafted without an unfilled placeholder"] = function()
  local busy = client{
    credit_limit = 100000,
    metrics = { credit_utilisation = 1.3, receivable = 130000, credit_headroom = -30000, overdue = 60000,
      ageing = { d1_30 = 10000, d31_60 = 10000, d61_90 = 10000, d90_plus = 30000 }, open_complaints = 2,
      days_since_last_contact = 60, special_days = { { contact = "刘芳", month_day = kehu.month_day(today), in_days = 0 } } },
    interaction_list = {
      { date = days_ago(4), kind = "complaint", contact = "王建国", summary = "到货破损" },
      { date = days_ago(9), kind = "complaint", contact = "刘芳", summary = "", answered = days_ago(8) },
      { date = days_ago(20), kind = "complaint", contact = nil, summary = "发票开错", answered = days_ago(20),
        resolved = days_ago(15) },
    },
  }
  local list = std.followups(busy, today)
  assert(#list >= 6, "expected at least six follow-ups, got " .. #list)
  local channels = { visit = true, call = true, wechat = true, meeting = true }
  for i, f in ipairs(list) do
    assert(type(f.kind) == "string", "follow-up without a kind")
    assert(f.due:match("^%d%d%d%d%-%d%d%-%d%d$"), f.kind .. ": bad due " .. tostring(f.due))
    assert(channels[f.channel], f.kind .. ": bad channel " .. tostring(f.channel))
    assert(f.priority == 1 or f.priority == 2 or f.priority == 3, f.kind .. ": bad priority")
    assert(type(f.message) == "string" and f.message ~= "", f.kind .. ": no message")
    assert(not f.message:find("{[%w_]+}"), f.kind .. ": unfilled placeholder in " .. f.message)
    if i > 1 then assert(list[i - 1].priority <= f.priority, "not sorted by priority") end
  end
end

tests["allocate splits the budget to the cent and gives nothing to a resource not offered"] = function()
  local clients = {}
  for i, sales in ipairs({ 300000, 200000, 100000 }) do
    local c = client{ code = "K" .. i, metrics = { sales_365 = sales } }
    c.loyalty, c.strength = 80, 70
    clients[i] = c
  end
  local out = std.allocate("key", clients, 10000.01, { "advertising", "promotion", "training" })
  equal(#out, 3, "entries")
  local total = 0
  for _, e in ipairs(out) do
    equal(e.amounts.gifts, nil, "gifts (not offered)")
    equal(e.amounts.staff, nil, "staff (not offered)")
    equal(e.amounts.training, nil, "training (not in the mix)")
    for _, yuan in pairs(e.amounts) do
      equal(cents(yuan) / 100, yuan, "amount in whole cents")
      total = total + cents(yuan)
    end
    assert(type(e.reason) == "string" and e.reason ~= "", "no reason")
  end
  equal(total, 1000001, "total in cents")
  equal(out[1].client, "K1", "largest seller first")
  -- by sales 3:2:1 of 1,000,001 cents, rounded down: 500,000, 333,333, 166,666; the two
  -- cents left over go to the first
  local got = {}
  for i, e in ipairs(out) do
    got[i] = 0
    for _, yuan in pairs(e.amounts) do got[i] = got[i] + cents(yuan) end
  end
  equal(got[1], 500002, "first client's cents")
  equal(got[2], 333333, "second client's cents")
  equal(got[3], 166666, "third client's cents")
end

tests["allocate handles an empty quadrant and a zero budget"] = function()
  equal(#std.allocate("develop", {}, 5000, { "advertising" }), 0, "entries for no clients")
  local c = client{ code = "D1" }
  c.loyalty, c.strength = 80, 30
  local out = std.allocate("develop", { c }, 0, { "advertising", "promotion", "gifts", "staff" })
  equal(#out, 1, "entries")
  for _, yuan in pairs(out[1].amounts) do equal(yuan, 0, "amount") end
end

tests["watch and phase_out get only what their policy spends money on"] = function()
  local c = client{ code = "W1" }
  c.loyalty, c.strength = 30, 90
  local watch = std.allocate("watch", { c }, 1000, { "advertising", "promotion", "gifts", "staff" })[1]
  equal(watch.amounts.gifts, nil, "gifts for a watch client")
  equal(watch.amounts.staff, nil, "in-store staff for a watch client")
  near(watch.amounts.advertising + watch.amounts.promotion, 1000, "watch total")
  local out = std.allocate("phase_out", { c }, 100, { "advertising", "promotion", "gifts", "staff" })[1]
  equal(out.amounts.promotion, 100, "phase_out promotion")
  equal(out.amounts.advertising, nil, "phase_out advertising")
end

tests["a resource named twice is paid once, and the total still holds"] = function()
  local c = client{ code = "K1" }
  c.loyalty, c.strength = 80, 80
  local e = std.allocate("key", { c }, 999.99, { "promotion", "promotion", "gifts" })[1]
  equal(cents(e.amounts.promotion) + cents(e.amounts.gifts), 99999, "total in cents")
end

tests["allocation shares cover the four quadrants and sum to 1"] = function()
  local s = std.allocation_shares
  near(s.key + s.develop + s.watch + s.phase_out, 1, "sum of shares", 1e-12)
end

return tests
