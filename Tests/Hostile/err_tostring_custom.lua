-- expect: error custom
-- what: uncaught error whose value is a table with a __tostring metamethod
error(setmetatable({}, { __tostring = function() return "custom" end }))
