/// The Lua half of the REPL: how values print, what Tab completes, and `help`. It runs in
/// the REPL's own environment, so `help` and the hooks become globals there.
enum ConsolePrelude {
    static let source = #"""
local api, hooks = ...
local env = _ENV
-- Kept here: a user may assign the global `table` in the REPL.
local pack, unpack = table.pack, table.unpack

-- The playbook's hooks, to call by hand: loyalty(kehu.client("C0042")).
for name, f in pairs(hooks) do env[name] = f end

local MAX_DEPTH, MAX_ITEMS, LINE = 3, 30, 78

local width = kehu.width

local function pad(s, w) return s .. string.rep(" ", w - width(s)) end

-- Strings quoted; numbers and money as kehu.format shows them.
local function scalar(v, key)
  local t = type(v)
  if t == "string" then return (string.format("%q", v):gsub("\\\n", "\\n")) end
  if t == "number" then return kehu.format(v, key) end
  return tostring(v)
end

local function is_client(v) return type(v) == "table" and getmetatable(v) == "kehu.client" end

local function keys_of(t)
  local n, keys = #t, {}
  for k in pairs(t) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "number" or ta == "string" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return n, keys
end

local show_value

local function key_text(k)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") then return k end
  return "[" .. scalar(k) .. "]"
end

local function show_table(t, indent, depth, seen)
  if seen[t] then return "<cycle: " .. seen[t] .. ">" end
  if depth > MAX_DEPTH then return "{…}" end
  seen[t] = tostring(t):gsub("^table: ", "table ")
  local n, keys = keys_of(t)
  local parts, shown = {}, 0
  for i = 1, n do
    if shown >= MAX_ITEMS then break end
    parts[#parts + 1] = { nil, show_value(t[i], indent .. "  ", depth + 1, seen) }
    shown = shown + 1
  end
  for _, k in ipairs(keys) do
    if shown >= MAX_ITEMS then break end
    parts[#parts + 1] = { key_text(k), show_value(t[k], indent .. "  ", depth + 1, seen, k) }
    shown = shown + 1
  end
  local more = n + #keys - shown
  seen[t] = nil
  if #parts == 0 then return "{}" end
  -- Short and flat: one line.
  local flat, total = {}, 0
  for _, p in ipairs(parts) do
    local text = p[1] and (p[1] .. " = " .. p[2]) or p[2]
    flat[#flat + 1] = text
    total = total + width(text) + 2
  end
  if more == 0 and total + width(indent) < LINE and not table.concat(flat):find("\n") then
    return "{ " .. table.concat(flat, ", ") .. " }"
  end
  local kw = 0
  for _, p in ipairs(parts) do if p[1] then kw = math.max(kw, width(p[1])) end end
  local lines = { "{" }
  for _, p in ipairs(parts) do
    lines[#lines + 1] = indent .. "  " .. (p[1] and (pad(p[1], kw) .. " = ") or "") .. p[2] .. ","
  end
  if more > 0 then lines[#lines + 1] = indent .. "  … (" .. more .. " more)" end
  lines[#lines + 1] = indent .. "}"
  return table.concat(lines, "\n")
end

local function show_client(c)
  local m = c.metrics or {}
  local lines = {
    string.format("%s %s — %s · %s · rep %s · %s · %s", c.code, c.name, c.kind, c.region ~= "" and c.region or "-",
      c.owner ~= "" and c.owner or "-", c.stage, c.status),
  }
  if m.sales_365 then
    lines[#lines + 1] = string.format("  sales 365d %s (a year earlier %s) · ABC %s · orders %d, last %s",
      kehu.money(m.sales_365), kehu.money(m.sales_365_year_ago), m.abc, m.order_count_365, m.last_order or "never")
    lines[#lines + 1] = string.format("  receivable %s · overdue %s · credit limit %s%s",
      kehu.money(m.receivable), kehu.money(m.overdue), kehu.money(c.credit_limit),
      m.credit_utilisation and string.format(" (%.0f%% used)", m.credit_utilisation * 100) or "")
    lines[#lines + 1] = string.format("  people %d · last contact %s · open complaints %d%s",
      m.contact_count, m.days_since_last_contact and (m.days_since_last_contact .. " days ago") or "never",
      m.open_complaints, m.dormant and " · dormant" or "")
  end
  lines[#lines + 1] = "  (c.metrics.… for the numbers; c:contacts(), c:orders{}, c:interactions{}; help() for the rest)"
  return table.concat(lines, "\n")
end

show_value = function(v, indent, depth, seen, key)
  if is_client(v) then return depth == 0 and show_client(v) or ("<client " .. v.code .. " " .. v.name .. ">") end
  if type(v) == "table" then return show_table(v, indent, depth, seen) end
  if type(v) == "function" then
    for name, f in pairs(kehu) do
      if f == v then return "<function kehu." .. name .. ">" end
    end
    return tostring(v)
  end
  return scalar(v, key)
end

local helpers = {}

function helpers.show(...)
  local out = {}
  for i = 1, select("#", ...) do
    out[#out + 1] = show_value((select(i, ...)), "", 0, {})
  end
  return table.concat(out, "\t")
end

-- Runs a compiled chunk and shows its values (in Lua, so tables keep their identity:
-- clients stay clients, cycles stay cycles).
function helpers.eval(statement)
  local r = pack(statement())
  if r.n == 0 then return "" end
  return helpers.show(unpack(r, 1, r.n))
end

-- An expression's chunk gets the packing functions it needs (see Console.feed).
function helpers.eval_expression(expression)
  return helpers.eval(function() return expression(pack, unpack) end)
end

-- Help from the API registry.
local function find(x)
  if type(x) == "function" then
    for name, f in pairs(kehu) do if f == x then return "kehu." .. name end end
    return nil
  end
  if type(x) ~= "string" then return nil end
  if api[x] then return x end
  if api["kehu." .. x] then return "kehu." .. x end
  if api["client:" .. x] then return "client:" .. x end
  if api["c." .. x] then return "c." .. x end
  if api["c.metrics." .. x] then return "c.metrics." .. x end
  return nil
end

function helpers.help_text(x)
  if x == nil then
    local names = {}
    for name in pairs(api) do if not name:find("^c%.") then names[#names + 1] = name end end
    table.sort(names)
    local lines = { "The kehu module (help(kehu.clients) or .help clients for one; help(\"credit_limit\") for a client's field):" }
    for _, name in ipairs(names) do lines[#lines + 1] = string.format("  %-20s %s", name, api[name].summary) end
    return table.concat(lines, "\n")
  end
  local name = find(x)
  if not name then return "no help for " .. tostring(x) .. " — help() lists the kehu functions" end
  local e = api[name]
  return e.signature .. "\n  " .. e.summary .. (e.example and ("\n  example: " .. e.example) or "")
end

env.help = function(x) print(helpers.help_text(x)) end

-- Completion of `word`: a dotted or coloned path of names and a partial last name.
local keywords = { "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while" }
-- A client's methods, from the API registry.
local client_methods = {}
for name in pairs(api) do
  local method = name:match("^client:(.+)$")
  if method then client_methods[#client_methods + 1] = method end
end
table.sort(client_methods)

function helpers.complete(word)
  local path, sep, partial = word:match("^(.*)([.:])([%w_]*)$")
  local out, seen = {}, {}
  local function offer(prefix, name)
    if type(name) == "string" and name:sub(1, #partial) == partial and name:match("^[%a_][%w_]*$") and not seen[name] then
      seen[name] = true
      out[#out + 1] = prefix .. name
    end
  end
  if not path then
    partial = word
    for k in pairs(env) do offer("", k) end
    local base = getmetatable(env) and getmetatable(env).__index
    if type(base) == "table" then for k in pairs(base) do offer("", k) end end
    for _, k in ipairs(keywords) do offer("", k) end
    table.sort(out)
    return out
  end
  if not path:match("^[%a_][%w_]*[%w_.]*$") then return out end
  local v = env
  for name in path:gmatch("[^.]+") do
    if type(v) ~= "table" then return out end
    v = v[name]
  end
  if is_client(v) then
    if sep == ":" then
      for _, m in ipairs(client_methods) do offer(path .. sep, m) end
    else
      for k in pairs(v) do offer(path .. sep, k) end
    end
  elseif type(v) == "table" then
    for k, x in pairs(v) do
      if sep == "." or type(x) == "function" then offer(path .. sep, k) end
    end
  elseif type(v) == "string" and sep == ":" then
    for k in pairs(string) do offer(path .. sep, k) end
  end
  table.sort(out)
  return out
end

return helpers
"""#
}
