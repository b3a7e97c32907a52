-- expect: time
-- limits: timeout=1s
-- what: coroutine.close runs a pending __close handler that loops forever; the handler must stay within the deadline
local co = coroutine.create(function()
  local x <close> = setmetatable({}, { __close = function() while true do end end })
  coroutine.yield()
end)
coroutine.resume(co)
coroutine.close(co)
print("not reached")
