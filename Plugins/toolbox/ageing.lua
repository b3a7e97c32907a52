-- Receivables ageing by sales rep: what each rep's clients owe, and how long past terms.
-- Usage: kehu run [--db FILE] [--as-of DATE] toolbox/ageing [REP]
--   REP  show only this sales rep (the clients' owner), e.g. kehu run toolbox/ageing 王伟
-- One row per rep: clients with a balance, their receivable, the overdue part by days past
-- the payment terms (1–30, 31–60, 61–90, over 90) and in all. Largest overdue first, then
-- by rep; a total row closes the list when it shows every rep. Sums are kept in fen.

local BUCKETS = { "d1_30", "d31_60", "d61_90", "d90_plus" }
local COLUMNS = { "owner", "clients", "receivable", "d1_30", "d31_60", "d61_90", "d90_plus", "overdue" }
local NO_OWNER = "—"
local USAGE = "kehu run [--db FILE] [--as-of DATE] toolbox/ageing [REP]"

-- The script's arguments, at most `most` of them. kehu run hands everything after the
-- script's name to the script, so an option written there would be silently ignored.
local function arguments(most)
  local args = arg or {}
  for i, a in ipairs(args) do
    if a:sub(1, 2) == "--" then
      error(string.format("toolbox/ageing: %s belongs to kehu run, before the script's name: %s", a, USAGE), 0)
    elseif i > most then
      error(string.format("toolbox/ageing: unexpected argument '%s'; usage: %s", a, USAGE), 0)
    end
  end
  return table.unpack(args, 1, most)
end

-- Yuan to whole fen, so that sums do not drift.
local function fen(yuan)
  return math.floor(yuan * 100 + 0.5)
end

local function new_row(owner)
  local row = { owner = owner, clients = 0, receivable = 0, overdue = 0 }
  for _, b in ipairs(BUCKETS) do row[b] = 0 end
  return row
end

-- Adds one client's (or one row's) figures, in fen, to `row`.
local function add(row, clients, receivable, overdue, ageing)
  row.clients = row.clients + clients
  row.receivable = row.receivable + receivable
  row.overdue = row.overdue + overdue
  for _, b in ipairs(BUCKETS) do row[b] = row[b] + ageing[b] end
end

local function add_client(row, m)
  local ageing = {}
  for _, b in ipairs(BUCKETS) do ageing[b] = fen(m.ageing[b]) end
  add(row, 1, fen(m.receivable), fen(m.overdue), ageing)
end

-- One row per owner of the clients with a balance (`rep` nil: every owner); also how many
-- clients the filter matched at all.
local function rows_by_owner(rep)
  local rows, index, seen = {}, {}, 0
  for c in kehu.clients{ owner = rep } do
    seen = seen + 1
    local m = c.metrics
    if fen(m.receivable) ~= 0 then
      local owner = (c.owner ~= nil and c.owner ~= "") and c.owner or NO_OWNER
      local row = index[owner]
      if not row then
        row = new_row(owner)
        index[owner] = row
        rows[#rows + 1] = row
      end
      add_client(row, m)
    end
  end
  return rows, seen
end

local function total_of(rows)
  local total = new_row("total")
  for _, row in ipairs(rows) do add(total, row.clients, row.receivable, row.overdue, row) end
  return total
end

-- Fen back to yuan for display (kehu.out.table shows these fields as ¥ with fen).
local function in_yuan(row)
  local shown = { owner = row.owner, clients = row.clients, receivable = row.receivable / 100, overdue = row.overdue / 100 }
  for _, b in ipairs(BUCKETS) do shown[b] = row[b] / 100 end
  return shown
end

local function by_overdue(a, b)
  if a.overdue ~= b.overdue then return a.overdue > b.overdue end
  return a.owner < b.owner
end

local function main(rep)
  local rows, seen = rows_by_owner(rep)
  if #rows == 0 then
    if rep and seen == 0 then
      print(string.format("no clients with owner %s", rep))
    else
      print(string.format("no receivables%s as of %s", rep and (" for " .. rep) or "", kehu.today()))
    end
    return
  end
  table.sort(rows, by_overdue)
  if not rep then rows[#rows + 1] = total_of(rows) end
  local shown = {}
  for i, row in ipairs(rows) do shown[i] = in_yuan(row) end
  kehu.out.table(shown, { columns = COLUMNS })
end

main(arguments(1))
