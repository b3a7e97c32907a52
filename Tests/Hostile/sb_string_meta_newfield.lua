-- expect: error read-only
-- what: add an __add field to the string metatable
getmetatable("").__add = function(a, b) return "pwned" end
