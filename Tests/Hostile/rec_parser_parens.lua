-- expect: error stack overflow
-- what: expression nested in 100000 parentheses, compiled with load
local src = "return " .. string.rep("(", 100000) .. "1" .. string.rep(")", 100000)
assert(load(src))
