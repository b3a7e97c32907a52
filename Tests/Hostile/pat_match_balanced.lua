-- expect: error pattern too complex
-- limits: timeout=2s
-- note: pattern matcher (the sandbox refuses it before matching; see README)
-- what: lazy wildcards that must fail after every "(" of a 20010-char subject: "%(.-.-.-x", O(n^4) steps overall
local s = string.rep("(", 20000) .. string.rep(")", 10)
print(string.find(s, "%(.-.-.-x"))
