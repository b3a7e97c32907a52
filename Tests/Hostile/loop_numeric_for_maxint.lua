-- expect: instructions
-- limits: instructions=1000000
-- what: numeric for loop up to math.maxinteger (2^63-1 iterations, never finishes in practice)
local n = 0
for i = 1, math.maxinteger do n = n + 1 end
print(n)
