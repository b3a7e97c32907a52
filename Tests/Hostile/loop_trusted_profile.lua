-- expect: instructions
-- limits: instructions=1000000
-- profile: trusted
-- what: the trusted profile is still bound by the instruction budget
while true do end
