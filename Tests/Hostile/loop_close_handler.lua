-- expect: time
-- limits: timeout=1s
-- what: infinite loop inside a __close handler of a to-be-closed variable
do
  local guard <close> = setmetatable({}, { __close = function() while true do end end })
end
print("not reached")
