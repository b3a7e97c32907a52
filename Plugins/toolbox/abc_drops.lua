-- Clients whose ABC class dropped against a year earlier (A→B, A→C, B→C).
-- Usage: kehu run [--db FILE] [--as-of DATE] toolbox/abc_drops
-- ABC is the Pareto class on trailing-year sales (metrics.abc) against the same on the
-- window a year earlier (metrics.abc_year_ago). Shows the class change, both years' sales
-- and the growth; the biggest clients of a year ago first.

local RANK = { A = 1, B = 2, C = 3 }
local COLUMNS = { "code", "name", "owner", "class", "sales_365", "sales_365_year_ago", "growth_yoy" }
local USAGE = "kehu run [--db FILE] [--as-of DATE] toolbox/abc_drops"

-- The script's arguments, at most `most` of them. kehu run hands everything after the
-- script's name to the script, so an option written there would be silently ignored.
local function arguments(most)
  local args = arg or {}
  for i, a in ipairs(args) do
    if a:sub(1, 2) == "--" then
      error(string.format("toolbox/abc_drops: %s belongs to kehu run, before the script's name: %s", a, USAGE), 0)
    elseif i > most then
      error(string.format("toolbox/abc_drops: unexpected argument '%s'; usage: %s", a, USAGE), 0)
    end
  end
  return table.unpack(args, 1, most)
end

local function dropped(m)
  return RANK[m.abc] > RANK[m.abc_year_ago]
end

-- A fraction as a signed percentage: 0.125 → "+12.5%"; nil (no base) → "—".
local function percent(fraction)
  if fraction == nil then return "—" end
  return string.format("%+.1f%%", fraction * 100)
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
    class = m.abc_year_ago .. " → " .. m.abc,
    sales_365 = m.sales_365, sales_365_year_ago = m.sales_365_year_ago,
    growth_yoy = percent(m.growth_yoy),
  }
end

local function by_year_ago_sales(a, b)
  if a.sales_365_year_ago ~= b.sales_365_year_ago then return a.sales_365_year_ago > b.sales_365_year_ago end
  return a.code < b.code
end

local function main()
  local rows = {}
  for c in kehu.clients() do
    if dropped(c.metrics) then rows[#rows + 1] = row_of(c) end
  end
  if #rows == 0 then
    print(string.format("no client dropped an ABC class against a year earlier, as of %s", kehu.today()))
    return
  end
  table.sort(rows, by_year_ago_sales)
  align_right(rows, "growth_yoy")
  kehu.out.table(rows, { columns = COLUMNS })
end

arguments(0)
main()
