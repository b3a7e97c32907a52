-- expect: error stack overflow
-- what: source text nested 100000 levels deep ("{{{{..."), compiled with load; the parser's C-stack guard fails it
local f, err = load("return " .. string.rep("{", 100000))
assert(f, err)
