-- expect: ok
-- what: the host object's metatable is protected (getmetatable returns "locked"); its fields are readable
assert(type(host) == "userdata")
assert(getmetatable(host) == "locked", "metatable exposed: " .. tostring(getmetatable(host)))
assert(host.name == "host" and host.answer == 42)
assert(not pcall(setmetatable, host, {}))
print("ok")
