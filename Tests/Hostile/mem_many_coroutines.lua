-- expect: memory
-- limits: memory=64MB
-- what: create (and keep) suspended coroutines forever
local all = {}
local n = 0
while true do
  n = n + 1
  local co = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(co)
  all[n] = co
end
