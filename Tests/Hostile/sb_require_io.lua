-- expect: error module
-- what: require of a standard library that the sandbox removed ("io")
local io = require "io"
print(io.open("/etc/passwd"):read("a"))
