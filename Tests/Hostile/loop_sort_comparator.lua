-- expect: time
-- limits: timeout=1s
-- what: infinite loop inside a table.sort comparator (Lua code called from C)
local t = { 3, 1, 2 }
table.sort(t, function(a, b) while true do end end)
