-- expect: time
-- limits: timeout=1s
-- what: endless resume/yield ping-pong between the main thread and a coroutine, swallowing every result
local co = coroutine.wrap(function()
  while true do coroutine.yield(1) end
end)
while true do pcall(co) end
