-- expect: memory
-- what: the smallest possible non-tail recursion `return 1 + f()` under the default 64 MB cap: each level costs a CallInfo plus ~3 stack slots, so the cap is crossed (~50 MB counted when the next stack reallocation is refused; ~92 MB peak without a cap) before Lua's 1M-slot "stack overflow" limit
local function f() return 1 + f() end
print(f())
