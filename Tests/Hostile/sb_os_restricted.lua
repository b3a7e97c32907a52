-- expect: ok
-- what: os has only clock/date/time/difftime; execute/exit/remove/rename/tmpname/getenv/setlocale are absent
for _, name in ipairs({ "execute", "exit", "remove", "rename", "tmpname", "getenv", "setlocale" }) do
  assert(os[name] == nil, "os." .. name .. " is visible")
end
assert(type(os.clock()) == "number")
assert(type(os.time()) == "number")
assert(type(os.date("%Y")) == "string")
assert(os.difftime(2, 1) == 1)
local n = 0
for k in pairs(os) do n = n + 1 end
assert(n <= 4, "os exposes " .. n .. " fields")
print("ok")
