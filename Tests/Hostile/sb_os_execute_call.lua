-- expect: error attempt to call a nil value (field 'execute')
-- what: try to spawn a shell with os.execute (payload is harmless in case this is ever run in a plain interpreter)
os.execute("echo pwned-by-os.execute")
