-- expect: instructions
-- limits: instructions=1000000
-- note: coroutine.close returns errors instead of raising them
-- what: a suspended coroutine with a pending __close handler that loops forever; coroutine.close() runs the handler in protected mode and would return (false, budget error) to the script
local co = coroutine.create(function()
  local guard <close> = setmetatable({}, { __close = function() while true do end end })
  coroutine.yield()
end)
coroutine.resume(co)
print("close swallowed the limit:", coroutine.close(co))
