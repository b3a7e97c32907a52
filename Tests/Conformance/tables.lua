-- Conformance: the table library, the length operator on sequences, next and
-- ipairs. Hash-part keys are always sorted before printing.

local function list(t, n)
  local parts = {}
  for i = 1, n or #t do parts[i] = tostring(t[i]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

local function sortedkeys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) == type(b) and (type(a) == "number" or type(a) == "string") then return a < b end
    return type(a) < type(b)
  end)
  return keys
end

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

print("== insert / remove ==")
local t = { 10, 20, 30 }
table.insert(t, 40)
show("append", list(t))
table.insert(t, 1, 5)
show("insert at 1", list(t))
table.insert(t, 3, 15)
show("insert at 3", list(t))
table.insert(t, #t + 1, 50)
show("insert at #t+1", list(t))
show("insert too many args", pcall(table.insert, t, 1, 2, 3))
show("insert bad position", pcall(table.insert, t, 0, 1))
show("insert far position", pcall(table.insert, t, #t + 2, 1))
show("insert float position", pcall(table.insert, t, 1.5, 1))
show("insert wrong arity", pcall(table.insert, t))
show("remove last", table.remove(t), list(t))
show("remove first", table.remove(t, 1), list(t))
show("remove middle", table.remove(t, 3), list(t))
show("remove #t+1", table.remove(t, #t + 1), list(t))
show("remove out of range", pcall(table.remove, t, #t + 2))
local empty = {}
show("remove from empty", table.remove(empty), #empty)
show("remove empty pos 0", table.remove(empty, 0))
show("insert into non-table", pcall(table.insert, "str", 1))

print("== concat ==")
show("concat", table.concat({ 1, 2, 3 }), table.concat({ "a", "b", "c" }, ", "))
show("concat range", table.concat({ "a", "b", "c", "d" }, "-", 2, 3))
show("concat empty range", "[" .. table.concat({ "a" }, "-", 3, 2) .. "]")
show("concat numbers", table.concat({ 1, 2.5, -0.0, 2^63 }, " "))
show("concat bad value", pcall(table.concat, { 1, {}, 3 }))
show("concat nil hole", pcall(table.concat, { 1, 2 }, ",", 1, 3))
show("concat bool", pcall(table.concat, { true }))

print("== pack / unpack ==")
local p = table.pack(1, nil, 3, nil)
show("pack n", p.n, p[1], p[2], p[3], p[4])
show("pack empty", table.pack().n)
show("unpack", table.unpack({ 1, 2, 3 }))
show("unpack range", table.unpack({ 1, 2, 3, 4, 5 }, 2, 4))
show("unpack with holes", table.unpack({ 1, nil, 3 }, 1, 3))
show("unpack empty range", select("#", table.unpack({ 1, 2 }, 3, 2)))
show("unpack negative range", table.unpack({ [-1] = "m1", [0] = "z", [1] = "one" }, -1, 1))
show("unpack too many", pcall(table.unpack, {}, 1, 1e8))
show("unpack p with n", table.unpack(p, 1, p.n))

print("== sort ==")
local nums = { 5, 3, 9, 1, 7, 2, 8, 6, 4, 0 }
table.sort(nums)
show("sort ascending", list(nums))
table.sort(nums, function(a, b) return a > b end)
show("sort descending", list(nums))
local words = { "pear", "Apple", "banana", "cherry", "apple" }
table.sort(words)
show("sort strings", list(words))
table.sort(words, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
show("sort case-insensitive", list(words))
local recs = { { n = "c", v = 3 }, { n = "a", v = 1 }, { n = "b", v = 2 } }
table.sort(recs, function(x, y) return x.v < y.v end)
show("sort records", recs[1].n, recs[2].n, recs[3].n)
local mixed = { 3, 1.5, 2, -1, 2.25 }
table.sort(mixed)
show("sort int/float", list(mixed))
show("sort mixed types", pcall(table.sort, { 1, "x", 2 }))
local big = {}
for i = 1, 200 do big[i] = (i * 37) % 211 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
show("sort 200 items", ok, big[1], big[200])

print("== move ==")
local m = { 1, 2, 3, 4, 5 }
table.move(m, 2, 4, 1)
show("move left", list(m))
m = { 1, 2, 3, 4, 5 }
table.move(m, 1, 3, 3)
show("move right overlap", list(m))
local dst = table.move({ "a", "b", "c" }, 1, 3, 2, { "x" })
show("move to other", list(dst))
show("move empty", list(table.move({ 1, 2 }, 3, 1, 1)))
show("move returns dest", table.move({}, 1, 0, 1, dst) == dst)

print("== length and sequences ==")
show("#", #{}, #{ 1, 2, 3 }, #{ n = 1 }, #"abc")
local seq = {}
for i = 1, 10 do seq[i] = i * i end
show("# after fill", #seq)
seq[#seq] = nil
show("# after pop", #seq)
show("# of pack", #table.pack(1, 2, 3))

print("== ipairs / next / pairs ==")
local holes = { 1, 2, nil, 4 }
local seen = {}
for i, val in ipairs(holes) do seen[#seen + 1] = i .. "=" .. val end
show("ipairs stops at nil", table.concat(seen, " "))
show("next empty", next({}))
show("next single", next({ 42 }))
local only = { key = "v" }
show("next on one-key", next(only), next(only, "key"))
show("next bad key", pcall(next, {}, "nokey"))
local record = { b = 2, a = 1, c = 3, 10, 20, [2.5] = "f", [true] = "t" }
local out = {}
for _, k in ipairs(sortedkeys(record)) do out[#out + 1] = tostring(k) .. "=" .. tostring(record[k]) end
show("sorted pairs", table.concat(out, " "))
local count = 0
for _ in pairs(record) do count = count + 1 end
show("pairs count", count)
-- modifying existing fields while traversing is allowed
for k in pairs(record) do record[k] = nil end
show("cleared", next(record))
-- float keys with integer value normalize
local fk = {}
fk[1.0] = "one"; fk[2] = "two"
show("float key normalization", fk[1], fk[2.0], #fk, math.type(next(fk)))
show("nil index assignment", pcall(function() local x = {} x[nil] = 1 end))
show("nan index assignment", pcall(function() local x = {} x[0/0] = 1 end))
show("nil index read", ({})[nil])
