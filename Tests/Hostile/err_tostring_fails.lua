-- expect: error __tostring
-- what: uncaught error value whose __tostring itself raises (the harness must report that __tostring failed, not crash)
error(setmetatable({}, { __tostring = function() error("nested failure") end }))
