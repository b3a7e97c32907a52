-- expect: memory
-- limits: memory=64MB
-- what: an uncaught error value whose __tostring allocates without end; describing it must stay under the cap
error(setmetatable({}, { __tostring = function()
  local t = {}
  while true do t[#t + 1] = ("x"):rep(1e6) end
end }))
