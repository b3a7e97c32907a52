-- expect: ok
-- what: try to reach the host object's metamethods (__gc, __close, __index, ...) as fields, and to bypass them with rawget/rawlen
for _, k in ipairs({ "__gc", "__close", "__index", "__newindex", "__metatable", "__name" }) do
  local ok, v = pcall(function() return host[k] end)
  assert(not ok or v == nil, "host exposes " .. k .. ": " .. tostring(v))
end
assert(not pcall(rawget, host, "name"))
assert(not pcall(rawlen, host))
assert(host.name == "host")
print("ok")
