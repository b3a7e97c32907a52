-- expect: error stack overflow
-- limits: memory=128MB
-- what: unbounded non-tail Lua recursion until the Lua stack limit (LUAI_MAXSTACK, 1M slots); lua5.4 measured ~31 MB in use at the overflow with these 8 locals per frame (~47 MB with none), so the cap is raised to keep this a stack error, not a memory error
local function f(n)
  local a, b, c, d, e, g, h, i = 1, 2, 3, 4, 5, 6, 7, 8
  return 1 + f(n + 1)
end
print(f(1))
