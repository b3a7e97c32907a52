-- expect: error read-only
-- what: write into a library table through table.insert instead of an assignment
table.insert(string, function() return "pwned" end)
