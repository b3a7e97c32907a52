-- expect: error 12345
-- what: uncaught error whose value is a number (no position is prepended to non-string values)
error(12345)
