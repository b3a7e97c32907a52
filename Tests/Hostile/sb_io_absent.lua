-- expect: ok
-- what: the io library is not reachable, neither as a global nor through _G / _ENV / require
assert(io == nil, "io is visible")
assert(_G.io == nil and _ENV.io == nil and rawget(_G, "io") == nil)
assert(not pcall(require, "io"), "require 'io' succeeded")
print("ok")
