-- expect: instructions
-- limits: instructions=1000000
-- what: plain `while true do end` busy loop must be stopped by the instruction budget
while true do end
