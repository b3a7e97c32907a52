-- Strength fails on one client, to show where a playbook error is reported.
local std = require "standard"

local function strength(c)
  if c.code == "G1" then
    local profile = nil
    return profile.capital   -- line 7: indexing nil
  end
  return std.strength(c)
end

return { strength = strength }
