-- expect: error '__tostring' must return a string
-- what: __tostring returning a table, used by tostring()
print(tostring(setmetatable({}, { __tostring = function() return {} end })))
