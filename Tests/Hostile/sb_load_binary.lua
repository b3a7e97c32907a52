-- expect: error attempt to load a binary chunk
-- what: load() of a hand-made binary chunk (starts with "\27Lua"); mode is forced to "t"
local chunk = "\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64\1"
local f, err = load(chunk)
assert(f, err)
f()
