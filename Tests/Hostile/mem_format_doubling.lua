-- expect: memory
-- limits: memory=64MB
-- what: doubling a string through string.format("%s%s")
local s = "z"
while true do s = string.format("%s%s", s, s) end
