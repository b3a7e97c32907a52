-- expect: error attempt to index a nil value (global 'io')
-- what: try to open a file with io.open
local f = io.open("/etc/passwd")
print(f:read("a"))
