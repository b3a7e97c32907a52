-- expect: ok
-- what: drop _ENV entirely (local print captured first)
local print = print
do
  local _ENV = nil
  local ok = true
end
local function f()
  local _ENV = { }
  return tostring
end
assert(f() == nil)
print("ok")
