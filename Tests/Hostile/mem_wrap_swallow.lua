-- expect: memory
-- limits: memory=64MB
-- what: memory bomb inside coroutine.wrap, called under pcall in a loop
for i = 1, 100 do
  local f = coroutine.wrap(function()
    local s = "x"
    while true do s = s .. s end
  end)
  pcall(f)
end
print("survived")
