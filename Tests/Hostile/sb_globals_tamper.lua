-- expect: ok
-- what: wreck the script's own globals (print, pairs, error, tostring, string, _G) and set x_tampered - allowed, must only affect this state (the harness then checks a fresh state)
local print, assert, type = print, assert, type
_G.x_tampered = true
_G.print = nil
pairs = function() error("pairs tampered") end
error = nil
tostring = function() return "tampered" end
string = { upper = function() return "pwned" end, format = "not a function" }
_G = nil
assert(type(pairs) == "function" and x_tampered == true)
print("ok")
