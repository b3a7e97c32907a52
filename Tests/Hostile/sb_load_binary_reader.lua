-- expect: error attempt to load a binary chunk
-- what: binary chunk delivered through a load() reader function, one byte at a time
local chunk = "\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64\1"
local i = 0
local f, err = load(function()
  i = i + 1
  if i <= #chunk then return chunk:sub(i, i) end
end, "=evil", "b")
assert(f, err)
f()
