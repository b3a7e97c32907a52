-- expect: error module
-- what: require of a C module that exists on many hosts (luasocket)
local socket = require "socket"
print(socket)
