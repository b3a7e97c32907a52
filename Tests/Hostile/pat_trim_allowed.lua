-- expect: ok
-- what: everyday patterns on ordinary data are not refused by the sandbox's bound
local line = string.rep("客户 C0042, 华东商贸, 12,345.00 ; ", 300)
local n = 0
for field in line:gmatch("([^,;]+)") do n = n + 1 end
assert(n == 1201, n)  -- 300 × 4 fields, and the blank after the last ";"
assert(("   trimmed   "):match("^%s*(.-)%s*$") == "trimmed")
local cfg = string.rep("key=value\n", 2000)
local pairs_seen = 0
for k, v in cfg:gmatch("(.-)=(.-)\n") do pairs_seen = pairs_seen + 1 end
assert(pairs_seen == 2000)
assert(select(2, cfg:gsub("%s+", " ")) == 2000)
print("ok")
