-- expect: ok
-- what: give the script's _G a metatable that traps every global read/write (own env only, must not leak into a fresh state)
local print, rawget, rawset, tostring, assert = print, rawget, rawset, tostring, assert
setmetatable(_G, {
  __index = function(_, k) return "trapped:" .. tostring(k) end,
  __newindex = function(t, k, v) rawset(t, k, "trapped") end,
})
assert(undefined_global == "trapped:undefined_global")
x_tampered = 5
assert(rawget(_G, "x_tampered") == "trapped")
print("ok")
