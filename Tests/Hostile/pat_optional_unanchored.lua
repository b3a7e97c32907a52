-- expect: error pattern too complex
-- limits: timeout=2s
-- note: pattern matcher (the sandbox refuses it before matching; see README)
-- what: the brief's form made to fail: ("a?"):rep(30) .. ("a"):rep(30) .. "b" against 5e5 a's - exponential work at each of 500000 start positions (without the trailing "b" it matches instantly at position 1)
local s = string.rep("a", 5e5)
local p = string.rep("a?", 30) .. string.rep("a", 30) .. "b"
print(string.find(s, p))
