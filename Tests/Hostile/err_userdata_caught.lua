-- expect: ok
-- what: the host userdata survives a round trip as an error value through pcall
local ok, e = pcall(error, host)
assert(not ok and rawequal(e, host))
assert(e.answer == 42)
print("ok")
