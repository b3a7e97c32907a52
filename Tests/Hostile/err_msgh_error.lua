-- expect: ok
-- what: an xpcall message handler that itself raises; Lua reports "error in error handling" to the caller (ordinary error, no limit involved)
local ok, err = xpcall(function() error("first") end, function(m) error("second") end)
assert(not ok)
print(err)
print("ok")
