-- expect: error Host
-- what: uncaught error whose value is the host userdata; its __tostring gives the class name "Host"
error(host)
