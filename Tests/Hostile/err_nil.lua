-- expect: error nil
-- what: uncaught error(nil)
error(nil)
