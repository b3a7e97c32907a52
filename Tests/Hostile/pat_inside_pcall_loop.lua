-- expect: time
-- limits: timeout=1s
-- what: retrying a refused pattern inside pcall forever still ends at the deadline (the refusal itself is quick)
local s = string.rep("a", 5000)
while true do pcall(string.find, s, string.rep(".-", 4) .. "b") end
