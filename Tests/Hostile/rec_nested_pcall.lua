-- expect: error stack overflow
-- what: pcall nested 10000 levels deep, re-raising at every level (C stack guard, "C stack overflow")
local function f(n)
  if n == 0 then return "bottom" end
  local ok, e = pcall(f, n - 1)
  if not ok then error(e, 0) end
  return e
end
print(f(10000))
