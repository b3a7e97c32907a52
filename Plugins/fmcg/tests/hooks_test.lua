-- Lua-level tests of the fmcg playbook: the hooks it overrides (strength, quadrant,
-- followups) and the ones it inherits from the standard playbook (loyalty, allocate).
--
--   lua5.4 Benchmarks/lua/run_tests.lua Plugins/fmcg/tests/hooks_test.lua

local fmcg = require "init"
local std = require "standard"

local today = kehu.today()

local function days_ago(n) return kehu.add_days(today, -n) end

local function copy(t)
  if type(t) ~= "table" then return t end
  local out = {}
  for k, v in pairs(t) do out[k] = copy(v) end
  return out
end

-- An iterator over `list` filtered like the host's queries.
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

-- A hand-built channel client (a grocery store) filling every field of the contract;
-- `o` overrides fields, `o.metrics` is merged into the default metrics, `o.contact_list` and
-- `o.interaction_list` feed the methods.
local function client(o)
  o = o or {}
  local c = {
    code = "S0001", name = "好邻居便利店", kind = "channel", region = "华南", owner = "陈静",
    credit_limit = 50000, payment_terms_days = 15, stage = "relationship", status = "active",
    staff = 6, vehicles = 1, premises_m2 = 120, warehouse_m2 = 30, capital = 500000,
    ads = "门头灯箱", tags = { "便利店" }, since = days_ago(4 * 365), attributes = {},
    metrics = {
      sales_30 = 30000, sales_90 = 90000, sales_365 = 360000,
      sales_30_year_ago = 27000, sales_90_year_ago = 80000, sales_365_year_ago = 320000,
      sales_previous_30 = 29000, growth_yoy = 0.125, growth_mom = 0.03,
      order_count_365 = 40, order_count = 150, order_months_365 = 12, average_order = 9000,
      first_order = days_ago(4 * 365), last_order = days_ago(5), days_since_last_order = 5,
      receivable = 12000, overdue = 0, ageing = { d1_30 = 0, d31_60 = 0, d61_90 = 0, d90_plus = 0 },
      credit_utilisation = 0.24, credit_headroom = 38000, abc = "B", abc_year_ago = "B", dormant = false,
      interactions_90 = { visit = 10 }, days_since_last_contact = 3, contacts_due = {},
      entertainment_365 = 0, entertainment_share = 0, open_complaints = 0,
      complaint_answer_hours = nil, complaint_resolve_hours = nil,
      contact_count = 3, roles = { "owner", "buyer", "store_manager" }, special_days = {},
    },
  }
  local contacts = {
    { name = "黄老板", role = "owner", min_contact_days = 7, days_since_contact = 3 },
    { name = "赵强", role = "buyer", min_contact_days = nil, days_since_contact = 3 },
    { name = "林小梅", role = "store_manager", min_contact_days = nil, days_since_contact = 3 },
  }
  local interactions = {}
  for k, v in pairs(o) do
    if k == "metrics" then
      for mk, mv in pairs(v) do c.metrics[mk] = mv end
    elseif k == "contact_list" then contacts = v
    elseif k == "interaction_list" then interactions = v
    else c[k] = v end
  end
  c.contacts = function() return copy(contacts) end
  c.interactions = function(_, q) return query(interactions, q) end
  c.orders = function() return query({}) end
  c.payments = function() return query({}) end
  c.score = function() return nil end
  c.history = function() return {} end
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

local function part(parts, name)
  for _, p in ipairs(parts) do
    if p.name == name then return p end
  end
  error("no part " .. name)
end

local tests = {}

tests["fmcg inherits loyalty and allocate from the standard playbook"] = function()
  equal(fmcg.loyalty, nil, "fmcg.loyalty")
  equal(fmcg.allocate, nil, "fmcg.allocate")
  local c = client()
  local loyalty = fmcg.loyalty or std.loyalty
  equal(loyalty(c), std.loyalty(c), "loyalty")
end

tests["fmcg overrides strength: a fast-selling, growing store scores by hand"] = function()
  -- sales ¥2m: 100 × 0.30 = 30; +15 % a year: 75 × 0.20 = 15; +5 % on the month: 66.67 × 0.10
  -- = 6.67; 90 % sell-through: 90 × 0.25 = 22.5; class A: 100 × 0.15 = 15. Total 89.17.
  local c = client{ attributes = { sell_through = 0.9 },
    metrics = { sales_365 = 2000000, growth_yoy = 0.15, growth_mom = 0.05, abc = "A" } }
  local score, parts = fmcg.strength(c)
  near(score, 89.17, "fmcg strength")
  local total = 0
  for _, p in ipairs(parts) do total = total + p.points end
  near(total, score, "sum of points", 1e-9)
  assert(math.abs(score - std.strength(c)) > 1, "fmcg strength equals the standard's")
end

tests["sell-through moves fmcg strength but not the standard's"] = function()
  local fast = client{ attributes = { sell_through = 0.9 } }
  local slow = client{ attributes = { sell_through = 0.3 } }
  near(fmcg.strength(fast) - fmcg.strength(slow), 15, "fmcg difference (60 points × 0.25)")
  equal(std.strength(fast), std.strength(slow), "standard strength")
end

tests["without a reported sell-through, ordering frequency stands in"] = function()
  local _, parts = fmcg.strength(client{ metrics = { order_months_365 = 9 } })
  local p = part(parts, "sell_through")
  near(p.value, 0.75, "estimated sell-through")
  local reported = part(select(2, fmcg.strength(client{ attributes = { sell_through = "75%" } })), "sell_through")
  near(reported.value, 0.75, "reported sell-through")
  assert(p.note ~= reported.note, "an estimate reads like a reported figure")
end

tests["fmcg quadrants use their own bars (55 loyalty, 65 strength)"] = function()
  equal(fmcg.quadrant(58, 62), "develop", "fmcg quadrant of 58/62")
  equal(std.quadrant(58, 62), "watch", "standard quadrant of 58/62")
  equal(fmcg.quadrant(56, 70), "key", "fmcg quadrant of 56/70")
  equal(fmcg.quadrant(40, 30), "phase_out", "fmcg quadrant of 40/30")
end

tests["a channel store selling well that has not ordered for three weeks gets a restock call to the buyer"] = function()
  local list = fmcg.followups(client{ attributes = { sell_through = "85%" },
    metrics = { days_since_last_order = 25 } }, today)
  local f = find(list, "restock")
  assert(f, "no restock follow-up")
  equal(f.contact, "赵强", "contact (the buyer)")
  equal(f.priority, 2, "priority")
  equal(f.due, today, "due")
  assert(f.message:find("85%", 1, true), "the message lacks the sell-through: " .. f.message)
  equal(find(list, "sell_through"), nil, "sell_through follow-up")
end

tests["no restock call to a store near its credit limit, but the standard credit guard"] = function()
  local list = fmcg.followups(client{ attributes = { sell_through = 0.9 },
    metrics = { days_since_last_order = 25, credit_utilisation = 0.95, receivable = 47500, credit_headroom = 2500 } },
    today)
  equal(find(list, "restock"), nil, "restock follow-up")
  local guard = find(list, "credit_guard")
  assert(guard, "no credit_guard follow-up from the standard playbook")
  equal(guard.priority, 1, "credit guard priority")
  equal(list[1].kind, "credit_guard", "first follow-up")
end

tests["a store selling slowly gets help to sell, not more stock"] = function()
  local list = fmcg.followups(client{ attributes = { sell_through = 0.3 }, metrics = { days_since_last_order = 40 } },
    today)
  local f = find(list, "sell_through")
  assert(f, "no sell_through follow-up")
  equal(f.contact, "林小梅", "contact (the store manager)")
  equal(f.channel, "visit", "channel")
  equal(find(list, "restock"), nil, "restock follow-up")
end

tests["stock checks are for channel clients only"] = function()
  local list = fmcg.followups(client{ kind = "terminal", attributes = { sell_through = 0.9 },
    metrics = { days_since_last_order = 25 } }, today)
  equal(find(list, "restock"), nil, "restock follow-up for a terminal client")
end

tests["fmcg visits channel clients weekly through the standard follow-ups"] = function()
  equal(std.settings.relationship_days.channel, 7, "standard channel interval as retuned by fmcg")
  local f = find(fmcg.followups(client{ metrics = { days_since_last_contact = 10 },
    contact_list = { { name = "黄老板", role = "owner", min_contact_days = 7, days_since_contact = 10 } } }, today),
    "relationship")
  assert(f, "no relationship follow-up after 10 quiet days")
  equal(f.contact, "黄老板", "contact")
end

tests["fmcg follow-ups carry the standard ones, complete and without unfilled placeholders"] = function()
  local day = kehu.add_days(today, 2)
  local list = fmcg.followups(client{ attributes = { sell_through = 0.95 },
    metrics = { days_since_last_order = 30, days_since_last_contact = 30, overdue = 3000,
      ageing = { d1_30 = 3000, d31_60 = 0, d61_90 = 0, d90_plus = 0 },
      special_days = { { contact = "林小梅", month_day = kehu.month_day(day), in_days = 2 } } } }, today)
  for _, kind in ipairs({ "restock", "birthday", "payment_reminder", "relationship" }) do
    assert(find(list, kind), "no " .. kind .. " follow-up")
  end
  equal(find(list, "birthday").due, day, "birthday due")
  for i, f in ipairs(list) do
    assert(type(f.message) == "string" and f.message ~= "", f.kind .. ": no message")
    assert(not f.message:find("{[%w_]+}"), f.kind .. ": unfilled placeholder in " .. f.message)
    if i > 1 then
      local prev = list[i - 1]
      assert(prev.priority < f.priority or (prev.priority == f.priority and prev.due <= f.due), "not sorted")
    end
  end
end

tests["fmcg's allocation shares sum to 1"] = function()
  local s = fmcg.allocation_shares
  near(s.key + s.develop + s.watch + s.phase_out, 1, "sum of shares", 1e-12)
end

return tests
