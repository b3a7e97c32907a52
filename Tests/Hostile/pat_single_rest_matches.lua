-- expect: ok
-- limits: timeout=3600s
-- what: a single quantified item whose run is followed at once by the rest of the pattern matches at its first try, so long runs are allowed; a rest that fails after every run is still quadratic and still refused
local s = ("a"):rep(10000) .. ",x"
assert(s:find("[^,]*,") == 1)
local long = ("a"):rep(100000) .. ","
assert(#long:match("%a+,") == 100001)
assert(select(2, (("k" .. ("v"):rep(20000) .. ";"):rep(10)):gsub("(%a+);", "%1|")) == 10)
assert(long:match("^(%a*),$") == ("a"):rep(100000))
assert((("a"):rep(60000) .. "b"):find("a-b") == 1)
local ok, err = pcall(string.find, ("a"):rep(50000) .. ",x", "[^,]*,y")
assert(not ok and err:find("pattern too complex", 1, true), err)
print("ok")
