-- expect: error attempt to index a nil value (global 'debug')
-- what: try to remove the engine's count hook with debug.sethook()
debug.sethook()
while true do end
