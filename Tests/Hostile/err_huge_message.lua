-- expect: memory
-- limits: memory=64MB
-- what: try to build a 256 MiB error message (the host must not copy an over-cap message)
error(string.rep("E", 256 * 1024 * 1024))
