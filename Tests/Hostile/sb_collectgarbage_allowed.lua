-- expect: ok
-- what: the allowed collectgarbage options work (collect, count, step, isrunning) and the rest are refused
assert(collectgarbage("collect") == 0)
assert(collectgarbage() == 0)
assert(type(collectgarbage("count")) == "number")
collectgarbage("step")
assert(collectgarbage("isrunning") == true)
for _, opt in ipairs({ "stop", "restart", "generational", "incremental", "setpause", "setstepmul" }) do
  local ok, err = pcall(collectgarbage, opt)
  assert(not ok and tostring(err):find("collectgarbage"), opt .. " was allowed")
end
assert(collectgarbage("isrunning") == true)
print("ok")
