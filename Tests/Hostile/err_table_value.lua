-- expect: error table value
-- what: uncaught error whose value is a table without __tostring
error({ code = 1 })
