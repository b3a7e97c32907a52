-- expect: instructions
-- limits: instructions=1000000
-- what: uncaught error value whose __tostring never returns (converting the error value to a message must stay under the budget; in lua5.4's own message handler the budget error re-enters the handler as a plain string, so it terminates)
error(setmetatable({}, { __tostring = function() while true do end end }))
