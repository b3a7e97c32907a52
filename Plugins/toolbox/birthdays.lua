-- Birthdays and special days of the clients' people in the next N days (default 7).
-- Usage: kehu run [--db FILE] [--as-of DATE] toolbox/birthdays [DAYS]
--   DAYS  how many days ahead to look, today included as day 0 (default 7)
-- For 7 days this reads metrics.special_days; for any other span it works the dates out
-- from each contact's birthday ("MM-DD" or "YYYY-MM-DD"). A 29 February birthday falls on
-- 28 February in common years. Soonest first, then by client code.

local DEFAULT_DAYS = 7        -- the span metrics.special_days covers
local FULL_YEAR = 366         -- every month and day comes within this many days
local COLUMNS = { "day", "in_days", "code", "name", "contact", "role" }
local USAGE = "kehu run [--db FILE] [--as-of DATE] toolbox/birthdays [DAYS]"

-- The script's arguments, at most `most` of them. kehu run hands everything after the
-- script's name to the script, so an option written there would be silently ignored.
local function arguments(most)
  local args = arg or {}
  for i, a in ipairs(args) do
    if a:sub(1, 2) == "--" then
      error(string.format("toolbox/birthdays: %s belongs to kehu run, before the script's name: %s", a, USAGE), 0)
    elseif i > most then
      error(string.format("toolbox/birthdays: unexpected argument '%s'; usage: %s", a, USAGE), 0)
    end
  end
  return table.unpack(args, 1, most)
end

local function days_ahead(text)
  if text == nil then return DEFAULT_DAYS end
  local n = tonumber(text)
  if n == nil or math.type(n) ~= "integer" or n < 0 then
    error(string.format("toolbox/birthdays: DAYS must be a whole number of days, 0 or more; got '%s'", text), 0)
  end
  return n
end

-- "MM-DD" → days from today until that month and day next comes, for the next `days` days.
local function upcoming(days)
  local today, ahead = kehu.today(), {}
  for i = 0, math.min(days, FULL_YEAR) do
    local date = kehu.add_days(today, i)
    local md = kehu.month_day(date)
    if ahead[md] == nil then ahead[md] = i end
    -- No 29 February this year: that birthday is kept on the 28th.
    if md == "02-28" and ahead["02-29"] == nil and kehu.month_day(kehu.add_days(date, 1)) ~= "02-29" then
      ahead["02-29"] = i
    end
  end
  return ahead
end

local function row_of(c, person, month_day, in_days)
  return {
    day = month_day, in_days = in_days, code = c.code, name = c.name,
    contact = person.name, role = person.role,
  }
end

local function roles_by_name(people)
  local roles = {}
  for _, p in ipairs(people) do roles[p.name] = p.role end
  return roles
end

-- The client's special days as the metrics give them (the next 7 days).
local function from_metrics(c, rows)
  local special = c.metrics.special_days
  if #special == 0 then return end
  local roles = roles_by_name(c:contacts())
  for _, s in ipairs(special) do
    rows[#rows + 1] = row_of(c, { name = s.contact, role = roles[s.contact] }, s.month_day, s.in_days)
  end
end

-- The client's birthdays within the span, from each contact's birthday field.
local function from_contacts(c, ahead, rows)
  for _, p in ipairs(c:contacts()) do
    local month_day = p.birthday and p.birthday:match("(%d%d%-%d%d)$")
    local in_days = month_day and ahead[month_day]
    if in_days then rows[#rows + 1] = row_of(c, p, month_day, in_days) end
  end
end

local function soonest(a, b)
  if a.in_days ~= b.in_days then return a.in_days < b.in_days end
  if a.code ~= b.code then return a.code < b.code end
  return a.contact < b.contact
end

local function main(days)
  local rows = {}
  local ahead = days ~= DEFAULT_DAYS and upcoming(days) or nil
  for c in kehu.clients() do
    if ahead then from_contacts(c, ahead, rows) else from_metrics(c, rows) end
  end
  if #rows == 0 then
    local today = kehu.today()
    print(string.format("no birthdays in the next %d %s (%s to %s)", days, days == 1 and "day" or "days",
      today, kehu.add_days(today, days)))
    return
  end
  table.sort(rows, soonest)
  kehu.out.table(rows, { columns = COLUMNS })
end

main(days_ahead(arguments(1)))
