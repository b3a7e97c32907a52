-- expect: error pattern too complex
-- limits: timeout=2s
-- note: pattern matcher (the sandbox refuses it before matching; see README)
-- what: polynomial backtracking: (".-"):rep(4) .. "b" against 5000 a's, O(n^5) steps (measured 21 s for n=200)
local s = string.rep("a", 5000)
print(string.find(s, string.rep(".-", 4) .. "b"))
