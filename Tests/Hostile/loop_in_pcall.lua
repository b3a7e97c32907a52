-- expect: time
-- limits: timeout=1s
-- what: busy loop inside pcall, wrapped in an outer loop that retries whenever pcall returns
while true do
  pcall(function() while true do end end)
end
