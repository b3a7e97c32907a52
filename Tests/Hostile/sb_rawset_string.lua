-- expect: error read-only
-- what: bypass __newindex with rawset on the string library table
rawset(string, "upper", function(s) return "pwned" end)
