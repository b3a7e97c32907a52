-- expect: error pattern too complex for the sandbox
-- limits: timeout=3600s
-- note: pattern matcher
-- what: trailing-space trim with %s+$ on a long run of spaces that does not end the subject: every start runs to the x and backtracks
local s = (" "):rep(50000) .. "x"
print(s:find("%s+$"))
