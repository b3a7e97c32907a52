-- expect: error pattern too complex for the sandbox
-- limits: timeout=3600s
-- note: pattern matcher
-- what: one quantified item over a long run backtracks quadratically — from every start a* runs to the end, then b is tried at each position back; ("a"):rep(50000):find("a*b") ran 14–22 s under a 1 s deadline because the estimate ignored single-quantifier patterns
local s = ("a"):rep(50000)
print(s:find("a*b"))
