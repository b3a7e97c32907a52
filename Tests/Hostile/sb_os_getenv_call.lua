-- expect: error attempt to call a nil value (field 'getenv')
-- what: try to read the host environment with os.getenv
print(os.getenv("HOME"))
