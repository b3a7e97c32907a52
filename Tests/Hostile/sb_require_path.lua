-- expect: error module
-- what: require with a relative path escaping the allowed folder
local m = require "../../etc/passwd"
print(m)
