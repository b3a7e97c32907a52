-- expect: error read-only
-- what: monkey-patch math.random
math.random = function() return 4 end
