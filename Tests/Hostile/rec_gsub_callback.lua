-- expect: error stack overflow
-- what: string.gsub whose replacement function calls gsub again, recursing through C
local function h(s) return (s:gsub(".", h)) end
print(h("abc"))
