-- expect: instructions
-- limits: instructions=1000000
-- what: infinite loop inside a string.gsub replacement function (Lua code called from C)
print((string.gsub("abc", "%w", function(c) while true do end end)))
