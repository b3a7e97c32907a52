-- Complaints of the last year answered or resolved later than the standards.
-- Usage: kehu run [--db FILE] [--as-of DATE] toolbox/complaints
-- A complaint is late to answer when answered more than 24 hours after it came in, or still
-- unanswered and older than that; late to resolve likewise at 72 hours. A complaint's day
-- counts from 00:00; one still open is as old as the end of the as-of day makes it, and an
-- answer or resolution dated after the as-of day is not there yet. Oldest first.

local ANSWER_HOURS = 24    -- standard: answer a complaint within this many hours
local RESOLVE_HOURS = 72   -- standard: resolve it within this many hours
local WINDOW_DAYS = 365    -- how far back complaints are read
local COLUMNS = { "date", "code", "name", "contact", "answered", "resolved", "late" }
local NONE = "—"
local USAGE = "kehu run [--db FILE] [--as-of DATE] toolbox/complaints"

-- The script's arguments, at most `most` of them. kehu run hands everything after the
-- script's name to the script, so an option written there would be silently ignored.
local function arguments(most)
  local args = arg or {}
  for i, a in ipairs(args) do
    if a:sub(1, 2) == "--" then
      error(string.format("toolbox/complaints: %s belongs to kehu run, before the script's name: %s", a, USAGE), 0)
    elseif i > most then
      error(string.format("toolbox/complaints: unexpected argument '%s'; usage: %s", a, USAGE), 0)
    end
  end
  return table.unpack(args, 1, most)
end

-- Hours from 00:00 of `day` to `stamp` ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM[:SS]").
local function hours_between(day, stamp)
  local hours = kehu.days_between(day, stamp:sub(1, 10)) * 24
  local h, m, s = stamp:match("(%d%d?):(%d%d):?(%d*)$")
  if h then hours = hours + tonumber(h) + tonumber(m) / 60 + (tonumber(s) or 0) / 3600 end
  return hours
end

-- The stamp if it is on or before the as-of day, else nil (not happened yet as of then).
local function as_of(stamp, today)
  if stamp and stamp:sub(1, 10) <= today then return stamp end
  return nil
end

-- Whether a step (answer or resolution) missed its standard: by when it happened, or, not
-- yet done, by how long the complaint has been waiting.
local function late(day, stamp, age, standard)
  if stamp then return hours_between(day, stamp) > standard end
  return age > standard
end

local function row_of(c, complaint, today, seq)
  local day = complaint.date
  local age = hours_between(day, kehu.add_days(today, 1))
  local answered, resolved = as_of(complaint.answered, today), as_of(complaint.resolved, today)
  local what = {}
  -- A complaint resolved without a recorded answer was answered by its resolution.
  if late(day, answered or resolved, age, ANSWER_HOURS) then what[#what + 1] = "answer" end
  if late(day, resolved, age, RESOLVE_HOURS) then what[#what + 1] = "resolve" end
  if #what == 0 then return nil end
  return {
    date = day, code = c.code, name = c.name, contact = complaint.contact or NONE,
    answered = answered or NONE, resolved = resolved or NONE, late = table.concat(what, ", "),
    seq = seq,
  }
end

local function oldest_first(a, b)
  if a.date ~= b.date then return a.date < b.date end
  if a.code ~= b.code then return a.code < b.code end
  return a.seq < b.seq
end

local function main()
  local today = kehu.today()
  local from = kehu.add_days(today, -WINDOW_DAYS)
  local rows, seen = {}, 0
  for c in kehu.clients() do
    for complaint in c:interactions{ kind = "complaint", from = from } do
      seen = seen + 1
      local row = row_of(c, complaint, today, seen)
      if row then rows[#rows + 1] = row end
    end
  end
  if #rows == 0 then
    print(string.format("no complaints past the %d h / %d h standards in the year to %s", ANSWER_HOURS, RESOLVE_HOURS, today))
    return
  end
  table.sort(rows, oldest_first)
  kehu.out.table(rows, { columns = COLUMNS })
end

arguments(0)
main()
