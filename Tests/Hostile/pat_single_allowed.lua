-- expect: ok
-- limits: timeout=3600s
-- what: single-quantifier patterns that are linear stay allowed on long subjects: a quantified item that ends the pattern matches at its first try, and short runs cost little
local digits = ("1"):rep(1000000)
assert(digits:find("%d+") == 1)
local text = ("word  "):rep(100000)
local squeezed, n = text:gsub("%s+", " ")
assert(n == 100000 and #squeezed == 500000)
local csv = ("abc,"):rep(100000)
local fields = 0
for _ in csv:gmatch("[^,]*,") do fields = fields + 1 end
assert(fields == 100000)
assert(("  padded  "):match("^%s*(.-)%s*$") == "padded")
print("ok")
