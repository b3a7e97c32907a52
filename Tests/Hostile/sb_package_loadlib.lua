-- expect: error attempt to index a nil value (global 'package')
-- what: try to load a native library with package.loadlib (library path does not exist, harmless outside the sandbox)
local open = package.loadlib("/nonexistent/libkehu-hostile.so", "luaopen_evil")
print(open)
