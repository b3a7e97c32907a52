-- Entertainment cost against sales by client, over the trailing year.
-- Usage: kehu run [--db FILE] [--as-of DATE] toolbox/entertainment
-- Clients with entertainment in the last 365 days (metrics.entertainment_365): the cost,
-- the year's sales and the cost as a share of them ("—" without sales). Clients without
-- sales come first, then the highest share; a closing line gives the totals.

local COLUMNS = { "code", "name", "owner", "entertainment_365", "sales_365", "share" }
local NONE = "—"
local USAGE = "kehu run [--db FILE] [--as-of DATE] toolbox/entertainment"

-- The script's arguments, at most `most` of them. kehu run hands everything after the
-- script's name to the script, so an option written there would be silently ignored.
local function arguments(most)
  local args = arg or {}
  for i, a in ipairs(args) do
    if a:sub(1, 2) == "--" then
      error(string.format("toolbox/entertainment: %s belongs to kehu run, before the script's name: %s", a, USAGE), 0)
    elseif i > most then
      error(string.format("toolbox/entertainment: unexpected argument '%s'; usage: %s", a, USAGE), 0)
    end
  end
  return table.unpack(args, 1, most)
end

-- Yuan to whole fen, so that sums do not drift.
local function fen(yuan)
  return math.floor(yuan * 100 + 0.5)
end

-- cost / sales as a percentage with one decimal; "—" without sales.
local function percent(cost, sales)
  if sales <= 0 then return NONE end
  return string.format("%.1f%%", cost / sales * 100)
end

-- Pads the text of column `key` on the left so it lines up on the right under its header.
local function align_right(rows, key)
  local width = kehu.width(key)
  for _, row in ipairs(rows) do width = math.max(width, kehu.width(row[key])) end
  for _, row in ipairs(rows) do row[key] = string.rep(" ", width - kehu.width(row[key])) .. row[key] end
end

local function row_of(c)
  local m = c.metrics
  return {
    code = c.code, name = c.name, owner = c.owner,
    entertainment_365 = m.entertainment_365, sales_365 = m.sales_365,
    ratio = m.sales_365 > 0 and m.entertainment_365 / m.sales_365 or math.huge,
    share = percent(m.entertainment_365, m.sales_365),
  }
end

local function highest_share(a, b)
  if a.ratio ~= b.ratio then return a.ratio > b.ratio end
  return a.code < b.code
end

local function totals_line(rows)
  local cost, sales = 0, 0
  for _, row in ipairs(rows) do
    cost = cost + fen(row.entertainment_365)
    sales = sales + fen(row.sales_365)
  end
  return string.format("%d %s: entertainment %s against sales %s (%s)", #rows, #rows == 1 and "client" or "clients",
    kehu.money(cost / 100), kehu.money(sales / 100), percent(cost, sales))
end

local function main()
  local rows = {}
  for c in kehu.clients() do
    if c.metrics.entertainment_365 > 0 then rows[#rows + 1] = row_of(c) end
  end
  if #rows == 0 then
    print(string.format("no entertainment in the year to %s", kehu.today()))
    return
  end
  table.sort(rows, highest_share)
  local closing = totals_line(rows)
  align_right(rows, "share")
  kehu.out.table(rows, { columns = COLUMNS })
  print(closing)
end

arguments(0)
main()
