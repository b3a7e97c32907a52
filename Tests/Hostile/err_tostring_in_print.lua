-- expect: error boom in tostring
-- what: print() calls a __tostring metamethod that raises
print(setmetatable({}, { __tostring = function() error("boom in tostring") end }))
