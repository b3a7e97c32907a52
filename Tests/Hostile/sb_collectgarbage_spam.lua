-- expect: instructions
-- limits: instructions=400000 timeout=20s
-- what: call collectgarbage("collect") over and over (each call is a full GC done in C, costing only ~4 VM instructions); the budget must still stop it
for i = 1, 100000000 do collectgarbage("collect") end
print("not reached")
