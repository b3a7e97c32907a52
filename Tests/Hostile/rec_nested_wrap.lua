-- expect: error stack overflow
-- what: coroutine.wrap nested 10000 levels deep (each level resumes a new coroutine)
local function g(n)
  if n == 0 then return "bottom" end
  return coroutine.wrap(g)(n - 1)
end
print(g(10000))
