-- expect: time
-- limits: timeout=1s
-- what: busy loop under xpcall whose handler returns normally, retried forever
while true do
  xpcall(function() while true do end end, function(m) return m end)
end
