-- Conformance: an uncaught error ends the script. Only stdout and the exit
-- status are compared (stderr carries the chunk name and a traceback, which
-- differ between hosts); lua5.4 exits with status 1 here.

local function step(n)
  print("step " .. n)
  return n + 1
end

local n = 1
n = step(n)
n = step(n)
local ok, err = pcall(error, "caught first", 0)
print("pcall:", ok, err)
do
  local guard <close> = setmetatable({}, { __close = function(_, e)
    print("closing guard before the error escapes; err = " .. tostring(e))
  end })
  print("inside guarded block")
end
-- A to-be-closed variable still open when the error escapes the main chunk:
-- the host's protected call closes it. The error value it receives may already
-- carry the host's traceback text, so only its first line's ending is printed.
local pending <close> = setmetatable({}, { __close = function(_, e)
  local first = tostring(e):match("^[^\n]*")
  print("closing pending on the way out; got error: " .. tostring(e ~= nil)
    .. ", first line ends with boom: " .. tostring(first:sub(-4) == "boom"))
end })
print("about to fail after step " .. n)
error("boom")
print("never printed")
