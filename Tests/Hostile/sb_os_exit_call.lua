-- expect: error attempt to call a nil value (field 'exit')
-- what: try to kill the host process with os.exit
os.exit(1, true)
