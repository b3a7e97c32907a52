-- expect: instructions
-- limits: instructions=1000000
-- what: infinite loop inside a coroutine body (the count hook must also cover coroutine threads)
local co = coroutine.create(function() while true do end end)
print(coroutine.resume(co))
print("not reached")
