-- expect: time
-- limits: timeout=1s
-- note: message handler re-entered with hooks disabled
-- what: busy loop in the protected function AND in the message handler; the deadline error raised by the hook re-enters the handler with hooks disabled
print(xpcall(function() while true do end end, function(m) while true do end end))
