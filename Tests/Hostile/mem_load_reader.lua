-- expect: memory
-- limits: memory=64MB
-- note: load() catches errors raised while parsing
-- what: load() fed by a reader that produces source text forever; the prototype being compiled grows until the cap, and load() would return (nil, "not enough memory") instead of raising
local chunk = string.rep("x={} ", 1000)
local f, err = load(function() return chunk end)
print("load swallowed the cap:", f, err)
