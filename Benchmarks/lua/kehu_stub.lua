-- A pure-Lua stand-in for the host's `kehu` module, so playbooks run in plain `lua5.4`
-- (tests, benchmarks). It implements the functions docs/playbooks.md lists, except the
-- database queries (`kehu.clients`, `kehu.client`), which need the host.
--
--   local new_kehu = dofile("Benchmarks/lua/kehu_stub.lua")
--   kehu = new_kehu{ root = ".", playbook = "Plugins/fmcg", language = "zh", today = "2026-03-15" }
--
-- `playbook` is the folder whose messages/<language>.txt is read first; a message missing
-- there comes from Plugins/standard/messages/<language>.txt, as in the host.

-- Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
local function days_from_civil(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (m > 2 and m - 3 or m + 9) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

-- The civil date of a day count from 1970-01-01.
local function civil_from_days(z)
  z = z + 719468
  local era = (z >= 0 and z or z - 146096) // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  return m <= 2 and y + 1 or y, m, d
end

-- A `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM`) string as a day count; errors on anything else.
local function ordinal(date)
  local y, m, d = string.match(tostring(date), "^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if not y then
    error(string.format("expected a date like 2026-11-23, found %q", tostring(date)), 3)
  end
  return days_from_civil(tonumber(y), tonumber(m), tonumber(d))
end

local function date_string(n)
  local y, m, d = civil_from_days(n)
  return string.format("%04d-%02d-%02d", y, m, d)
end

-- `1234567` → `1,234,567`
local function group_thousands(digits)
  local out = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^,", ""))
end

local function money(yuan)
  local cents = math.floor(math.abs(yuan) * 100 + 0.5)
  local text = string.format("¥%s.%02d", group_thousands(string.format("%d", cents // 100)), cents % 100)
  return yuan < 0 and cents > 0 and "-" .. text or text
end

local function money_short(yuan)
  local a = math.abs(yuan)
  local sign = yuan < 0 and "-" or ""
  if a < 10000 then
    return sign .. "¥" .. group_thousands(string.format("%d", math.floor(a + 0.5)))
  end
  local text = string.format("%.1f", a / 10000):gsub("%.0$", "")
  return sign .. text .. "万"
end

local function template(text, vars)
  vars = vars or {}
  return (string.gsub(text, "{([%w_]+)}", function(name)
    local v = vars[name]
    if v == nil then return nil end -- leave the placeholder, so a missing var shows
    return tostring(v)
  end))
end

-- Parses a messages file: `[name]` headers, `#` comment lines; a section's text is its
-- lines joined with "\n", without leading and trailing blank lines.
local function parse_messages(path)
  local file = io.open(path, "r")
  if not file then return {} end
  local sections, name, lines = {}, nil, nil
  local function close()
    if name then
      local text = table.concat(lines, "\n"):gsub("^%s+", ""):gsub("%s+$", "")
      sections[name] = text
    end
  end
  for line in file:lines() do
    local header = line:match("^%[([%w_%.%-]+)%]%s*$")
    if header then
      close()
      name, lines = header, {}
    elseif name and not line:match("^#") then
      lines[#lines + 1] = line
    end
  end
  close()
  file:close()
  return sections
end

return function(options)
  options = options or {}
  local root = options.root or "."
  local language = options.language or "zh"
  local today = options.today or os.date("%Y-%m-%d")
  local playbook = options.playbook or (root .. "/Plugins/standard")
  local quiet = options.quiet

  local books = {}
  local function book(dir)
    local b = books[dir]
    if not b then
      b = parse_messages(dir .. "/messages/" .. language .. ".txt")
      books[dir] = b
    end
    return b
  end

  local kehu = {}

  function kehu.today() return today end
  function kehu.add_days(date, n)
    local k = math.tointeger(n)
    if not k then error(string.format("expected a whole number of days, found %s", tostring(n)), 2) end
    return date_string(ordinal(date) + k)
  end
  function kehu.days_between(a, b) return ordinal(b) - ordinal(a) end
  function kehu.weekday(date) return (ordinal(date) + 3) % 7 + 1 end -- 1970-01-01 was a Thursday
  function kehu.month_day(date)
    local md = string.match(tostring(date), "^%d%d%d%d%-(%d%d%-%d%d)")
    return md or error(string.format("expected a date like 2026-11-23, found %q", tostring(date)), 2)
  end
  kehu.money = money
  kehu.money_short = money_short
  kehu.template = template
  function kehu.message(name, vars)
    local text = book(playbook)[name] or book(root .. "/Plugins/standard")[name]
    if not text then
      error(string.format("no message [%s] in messages/%s.txt", name, language), 2)
    end
    return template(text, vars)
  end
  function kehu.language() return language end
  function kehu.log(...)
    if quiet then return end
    local n = select("#", ...)
    local parts = {}
    for i = 1, n do parts[i] = tostring((select(i, ...))) end
    io.stderr:write("kehu.log: ", table.concat(parts, " "), "\n")
  end
  function kehu.clients() error("kehu.clients needs the host", 2) end
  function kehu.client() error("kehu.client needs the host", 2) end

  return kehu
end
