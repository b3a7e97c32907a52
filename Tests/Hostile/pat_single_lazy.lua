-- expect: error pattern too complex for the sandbox
-- limits: timeout=3600s
-- note: pattern matcher
-- what: a lazy item followed by a literal that never comes: from every start a- extends to the end looking for b, quadratic in the subject
local s = ("a"):rep(50000)
print(s:gsub("a-b", ""))
