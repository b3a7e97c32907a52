-- expect: error pattern too complex
-- limits: timeout=2s
-- note: pattern matcher (the sandbox refuses it before matching; see README)
-- what: polynomial backtracking through gsub: ("a*"):rep(6) .. "b" against 2000 a's (measured 20 s for ("a*"):rep(4) on 200 a's)
local s = string.rep("a", 2000)
print(string.gsub(s, string.rep("a*", 6) .. "b", "x"))
