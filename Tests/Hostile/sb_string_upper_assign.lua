-- expect: error read-only
-- what: monkey-patch string.upper
string.upper = function(s) return "pwned" end
