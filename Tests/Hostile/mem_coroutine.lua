-- expect: memory
-- limits: memory=64MB
-- what: memory bomb inside a coroutine; the main thread inspects (and ignores) the resume result
local co = coroutine.create(function()
  local t = {}
  local i = 0
  while true do i = i + 1; t[i] = { i } end
end)
local ok, err = coroutine.resume(co)
print("resume returned", ok, err)
