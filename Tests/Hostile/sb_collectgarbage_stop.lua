-- expect: error collectgarbage
-- what: stop the collector, then allocate (would defeat the memory cap's GC-based recovery)
collectgarbage("stop")
local t = {}
for i = 1, 1e7 do t[i] = {} end
