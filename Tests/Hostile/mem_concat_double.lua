-- expect: memory
-- limits: memory=64MB
-- what: doubling a string with `s = s .. s` until it no longer fits
local s = "x"
while true do s = s .. s end
