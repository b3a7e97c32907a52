-- expect: error attempt to load a binary chunk
-- what: load() of a binary chunk while explicitly asking for mode "b"/"bt" (the sandbox must still force "t")
local chunk = "\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64\1"
local f, err = load(chunk, "=evil", "bt")
if not f then f, err = load(chunk, "=evil", "b") end
assert(f, err)
f()
