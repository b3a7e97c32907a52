-- expect: error read-only
-- what: write a field of the host object
host.name = "x"
