-- expect: instructions
-- limits: instructions=1000000
-- what: infinite loop inside __tostring, triggered from C by print()
print(setmetatable({}, { __tostring = function() while true do end end }))
