-- expect: time
-- limits: timeout=1s
-- what: a coroutine.wrap body raises while a __close handler that loops forever is pending; closing it must stay within the deadline
local f = coroutine.wrap(function()
  local x <close> = setmetatable({}, { __close = function() while true do end end })
  error("boom")
end)
pcall(f)
print("not reached")
