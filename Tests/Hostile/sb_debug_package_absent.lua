-- expect: ok
-- what: debug, package, dofile, loadfile and string.dump are all absent, and not reachable through _G, _ENV or the string metatable
assert(debug == nil, "debug is visible")
assert(package == nil, "package is visible")
assert(dofile == nil, "dofile is visible")
assert(loadfile == nil, "loadfile is visible")
assert(string.dump == nil and ("").dump == nil, "string.dump is visible")
assert(rawget(_G, "debug") == nil and rawget(_G, "package") == nil)
print("ok")
