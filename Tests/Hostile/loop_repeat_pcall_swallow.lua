-- expect: instructions
-- limits: instructions=1000000
-- what: `repeat ... until false` that keeps swallowing errors with pcall (the budget error must not be swallowed)
repeat
  local ok, err = pcall(function()
    local i = 0
    while true do i = i + 1 end
  end)
  -- a naive sandbox would let us get here with ok == false and loop forever
until false
