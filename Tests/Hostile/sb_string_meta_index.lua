-- expect: error read-only
-- what: replace the __index of the shared string metatable (would hijack s:method() for every script in the process)
getmetatable("").__index = { upper = function() return "pwned" end }
