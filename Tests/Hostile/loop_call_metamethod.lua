-- expect: instructions
-- limits: instructions=1000000
-- what: infinite loop inside a __call metamethod, invoked through pcall
local obj = setmetatable({}, { __call = function() while true do end end })
print(pcall(obj))
