-- expect: error collectgarbage
-- what: deprecated setpause option (compat 5.3 spelling)
collectgarbage("setpause", 1000)
