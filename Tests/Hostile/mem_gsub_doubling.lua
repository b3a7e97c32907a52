-- expect: memory
-- limits: memory=64MB
-- what: doubling every character with gsub ("%0%0") in a loop
local s = "abcd"
while true do s = s:gsub(".", "%0%0") end
