-- expect: time
-- limits: timeout=1s
-- what: plain `while true do end` busy loop must be stopped by the wall-clock deadline
while true do end
