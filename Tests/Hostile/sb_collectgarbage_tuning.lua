-- expect: error collectgarbage
-- what: tune the incremental collector (huge pause = collector effectively off)
collectgarbage("incremental", 10000, 10, 13)
