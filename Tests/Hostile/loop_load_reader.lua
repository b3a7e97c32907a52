-- expect: instructions
-- limits: instructions=1000000
-- note: load() catches errors raised inside its reader
-- what: load() with a reader function that never returns; load() runs the parser in protected mode and turns the budget error into a (nil, message) return, so the script "finishes" unless the engine re-checks the crossed limit
local f, err = load(function() while true do end end)
print("load swallowed the limit:", f, err)
