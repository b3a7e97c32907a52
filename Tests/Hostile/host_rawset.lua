-- expect: error table expected
-- what: bypass the host object's __newindex with rawset
rawset(host, "name", "x")
