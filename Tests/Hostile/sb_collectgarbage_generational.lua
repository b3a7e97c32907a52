-- expect: error collectgarbage
-- what: switch the collector to generational mode
collectgarbage("generational")
