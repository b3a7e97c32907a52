-- expect: error table expected
-- what: replace the metatable of the host userdata (would expose/replace the host's __index/__gc)
setmetatable(host, {})
