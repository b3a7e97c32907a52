-- Dormant clients: ordered regularly, now quiet well past their own rhythm.
-- Usage: kehu run [--db FILE] [--as-of DATE] toolbox/dormant
-- Lists the clients metrics.dormant marks (at least 4 orders, quiet 60 days or more and
-- over 3 times their mean interval between orders) with their last order, the days since
-- it and since anyone last contacted them ("—": never), and their rep. Longest quiet first.

local COLUMNS = { "code", "name", "last_order", "days_since_order", "days_since_contact", "owner" }
local NEVER = "—"
local USAGE = "kehu run [--db FILE] [--as-of DATE] toolbox/dormant"

-- The script's arguments, at most `most` of them. kehu run hands everything after the
-- script's name to the script, so an option written there would be silently ignored.
local function arguments(most)
  local args = arg or {}
  for i, a in ipairs(args) do
    if a:sub(1, 2) == "--" then
      error(string.format("toolbox/dormant: %s belongs to kehu run, before the script's name: %s", a, USAGE), 0)
    elseif i > most then
      error(string.format("toolbox/dormant: unexpected argument '%s'; usage: %s", a, USAGE), 0)
    end
  end
  return table.unpack(args, 1, most)
end

local function row_of(c)
  local m = c.metrics
  return {
    code = c.code, name = c.name, owner = c.owner,
    last_order = m.last_order,
    days_since_order = m.days_since_last_order,
    days_since_contact = m.days_since_last_contact or NEVER,
  }
end

local function longest_quiet(a, b)
  if a.days_since_order ~= b.days_since_order then return a.days_since_order > b.days_since_order end
  return a.code < b.code
end

local function main()
  local rows = {}
  for c in kehu.clients() do
    if c.metrics.dormant then rows[#rows + 1] = row_of(c) end
  end
  if #rows == 0 then
    print(string.format("no dormant clients as of %s", kehu.today()))
    return
  end
  table.sort(rows, longest_quiet)
  kehu.out.table(rows, { columns = COLUMNS })
end

arguments(0)
main()
