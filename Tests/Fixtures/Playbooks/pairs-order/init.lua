-- A playbook written the way that used to give a different answer in every process: it
-- sums float weights and builds its notes by walking string-keyed tables with `pairs`.
-- With Lua's own `next`, the order (so the last bits of a sum, and the text) follows the
-- string-hash seed of the process; Kehu's sandbox walks keys in one canonical order.
local std = require "standard"

-- Weights whose float sum depends on the order they are added in.
local weights = { tenure = 0.1, regularity = 0.2, payment = 0.05, stage = 0.3, complaints = 0.15,
  rhythm = 0.07, growth = 0.11, files = 0.013, a = 0.017, b = 0.019, c = 0.023, d = 0.029 }

local function walk(t)
  local names, total = {}, 0
  for name, w in pairs(t) do
    names[#names + 1] = name
    total = total + w
  end
  return total, table.concat(names, ",")
end

local function scored(base, parts)
  local total, order = walk(weights)
  -- 1e15 magnifies the last bits of the sum into the score the run stores.
  local score = (base + (total * 1e15) % 7) % 100
  -- math.random too: a run seeds it (--seed, default 0), so the draw is the same every time.
  -- The walk's own part carries the difference, so that the parts add up to the score.
  parts[#parts + 1] = { name = "walk", value = total, weight = 0, points = score - base,
    note = order .. " draw " .. math.random(1000000) }
  return score, parts
end

local function loyalty(c)
  local score, parts = std.loyalty(c)
  return scored(score, parts)
end

local function strength(c)
  local score, parts = std.strength(c)
  return scored(score, parts)
end

local function allocate(quad, clients, budget, resources)
  local out, err = std.allocate(quad, clients, budget, resources)
  if not out then return nil, err end
  for _, e in ipairs(out) do
    local _, order = walk(e.amounts)
    e.reason = e.reason .. " [" .. order .. "]"
  end
  return out
end

local function followups(c, today)
  local out = std.followups(c, today)
  local _, order = walk(weights)
  for _, f in ipairs(out) do f.message = f.message .. " [" .. order .. "]" end
  return out
end

return { loyalty = loyalty, strength = strength, allocate = allocate, followups = followups }
