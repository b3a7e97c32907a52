-- expect: error pattern too complex
-- limits: timeout=2s
-- note: pattern matcher (the sandbox refuses it before matching; see README)
-- what: classic exponential backtracking: "^" .. ("a?"):rep(40) .. ("a"):rep(40) against 40 a's; runs inside one C call (str_find_aux/match), so no count hook fires (measured 3.8 s at n=26, roughly x2 per +1)
local n = 40
local s = string.rep("a", n)
local p = "^" .. string.rep("a?", n) .. string.rep("a", n)
print(string.find(s, p))
