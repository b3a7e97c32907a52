-- expect: error module
-- what: require with an absolute path / dotted path into system directories
local m = require "/etc/passwd"
print(m)
