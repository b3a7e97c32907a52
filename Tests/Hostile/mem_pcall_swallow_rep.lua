-- expect: memory
-- limits: memory=64MB
-- what: repeated pcall(string.rep, ...) with a too-large size, ignoring the failures
for i = 1, 100 do
  pcall(string.rep, "x", 100 * 1024 * 1024)
end
print("survived")
