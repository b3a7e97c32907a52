-- The fmcg playbook's rules about stock: how well a client sells what it buys, and whether it
-- needs a restock call or help to sell (控货: control stock, never push it, DOMAIN.md).

local rules = {}

-- Sell-through as a share 0–1 and where it came from: "reported" from the client's
-- `attributes.sell_through` (0.85, "0.85" or "85%"), else "estimated" from ordering
-- frequency (months with an order of the last 12), else nil.
function rules.sell_through(c)
  local reported = c.attributes and c.attributes.sell_through
  if type(reported) == "string" then
    local percent = reported:match("^%s*([%d%.]+)%s*%%%s*$")
    reported = percent and tonumber(percent) / 100 or tonumber(reported)
  end
  if type(reported) == "number" then
    if reported > 1 then reported = reported / 100 end -- 85 meant 85 %
    return math.max(0, math.min(1, reported)), "reported"
  end
  local months = c.metrics and c.metrics.order_months_365
  if months then return math.max(0, math.min(1, months / 12)), "estimated" end
  return nil
end

-- What the client's stock calls for: "restock" (it sells well and has not ordered for a
-- while, and has the credit to pay for more), "sell_through" (it sells slowly: help it sell
-- before selling it more), or nil. Only a reported sell-through can call a client slow; an
-- estimate from ordering frequency would only repeat the reactivation check.
function rules.stock_check(c, s)
  local m = c.metrics or {}
  local share, source = rules.sell_through(c)
  if not share then return nil end
  if source == "reported" and share < s.slow_sell_through then return "sell_through", share end
  local util = m.credit_utilisation
  if share >= s.restock_sell_through and (m.days_since_last_order or 0) >= s.restock_days
    and (not util or util < s.restock_max_utilisation) then
    return "restock", share
  end
  return nil
end

-- The first contact holding the first of `roles` anyone holds, else the first contact.
function rules.pick_contact(contacts, roles)
  for _, role in ipairs(roles) do
    for _, p in ipairs(contacts) do
      if p.role == role then return p end
    end
  end
  return contacts[1]
end

-- Today, or the day the person's preferred interval between contacts has passed.
function rules.due_for(person, today)
  local every, since = person and person.min_contact_days, person and person.days_since_contact
  if every and since and since < every then
    return kehu.add_days(today, math.floor(every - since))
  end
  return today
end

return rules
