-- expect: error pattern too complex
-- limits: timeout=2s
-- note: pattern matcher (the sandbox refuses it before matching; see README)
-- what: gmatch with nested lazy captures "(.-)(.-)(.-)(.-)x" over 10000 a's; the first iterator call never returns
local s = string.rep("a", 10000)
for a, b, c, d in string.gmatch(s, "(.-)(.-)(.-)(.-)x") do print(#a, #b, #c, #d) end
