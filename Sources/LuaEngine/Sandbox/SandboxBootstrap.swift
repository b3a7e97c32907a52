/// The Lua that builds the sandbox from ``SandboxRules``; runs once per sandboxed state,
/// with the full standard library, before any untrusted code.
enum SandboxBootstrap {
    static let source = #"""
local globals, libraries, gc_options, find_module, guarded_setmetatable, make_pattern_guard = ...
local G = _G
local error, type, next, select, tostring = error, type, next, select, tostring
local setmetatable, rawset, load, collectgarbage = setmetatable, rawset, load, collectgarbage

-- Read-only views: lookups fall through to the real table, writes are refused.
local readonly = setmetatable({}, { __mode = "k" })
local function freeze(t, name)
  local view = setmetatable({}, {
    __index = t,
    __newindex = function(_, k)
      error("attempt to modify read-only table '" .. name .. "' (field '" .. tostring(k) .. "')", 2)
    end,
    __pairs = function() return next, t, nil end,
    __len = function() return #t end,
    __metatable = false,
  })
  readonly[view] = true
  return view
end

local base = {}
-- What Lua searches to name a function in an error ('bad argument #1 to 'string.rep''):
-- the sandbox's own functions, under the names scripts know them by.
local known = { _G = base }
for _, name in ipairs(globals) do base[name] = G[name] end
-- The pattern functions estimate backtracking first (see clua_sandbox_pattern).
local pattern_kinds = { find = 0, match = 1, gmatch = 2, gsub = 3 }
for lib, names in pairs(libraries) do
  local src, copy = G[lib], {}
  for _, fn in ipairs(names) do
    copy[fn] = src[fn]
    if lib == "string" and pattern_kinds[fn] then copy[fn] = make_pattern_guard(src[fn], pattern_kinds[fn]) end
  end
  base[lib] = freeze(copy, lib)
  known[lib] = copy
end

base.rawset = function(t, k, v)
  if readonly[t] then error("attempt to modify a read-only table with rawset", 2) end
  return rawset(t, k, v)
end

base.collectgarbage = function(opt, ...)
  local o = opt == nil and "collect" or opt
  if not gc_options[o] then
    error("bad argument #1 to 'collectgarbage' (option '" .. tostring(o) .. "' is not allowed in the sandbox)", 2)
  end
  return collectgarbage(o, ...)
end

-- Finalizers run under the limits: see SandboxBootstrap.finalizerGuard.
base.setmetatable = guarded_setmetatable

-- Strings keep their methods, but the metatable is seen only through a read-only view.
local string_mt = getmetatable("")
string_mt.__index = base.string
string_mt.__metatable = freeze({ __index = base.string }, "string metatable")

-- Modules: the host's (preloaded) and files under the module roots, each loaded once.
local loaded = {}
local new_env

base.require = function(name)
  if type(name) ~= "string" then
    error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2)
  end
  local value = loaded[name]
  if value ~= nil then return value end
  local source, chunkname = find_module(name)
  if source == nil then error(chunkname, 2) end
  local chunk, err = load(source, chunkname, "t", new_env())
  if not chunk then error("error loading module '" .. name .. "':\n\t" .. err, 2) end
  value = chunk(name, chunkname:sub(2))
  if value == nil then value = loaded[name] or true end
  loaded[name] = value
  return value
end

local frozen_base = freeze(base, "_G")

-- Each script its own globals; names it has not set fall through to the shared base.
new_env = function()
  local env = setmetatable({}, { __index = frozen_base })
  env._G = env
  env.load = function(...)
    local chunk, name, mode, e = ...
    if mode ~= nil and type(mode) == "string" and not mode:find("t", 1, true) then
      return nil, "attempt to load a binary chunk (the sandbox loads text chunks only)"
    end
    if select("#", ...) < 4 then e = env end
    return load(chunk, name, "t", e)
  end
  return env
end

return base, new_env, loaded, known, freeze
"""#

    /// Makes a `setmetatable` under which every finalizer runs within the limits; run with
    /// (setmetatable, the C maker clua_make_setmetatable, the raw getmetatable), returns it.
    ///
    /// Lua runs a `__gc` with hooks off, where no limit can stop it, and runs whatever the field
    /// holds when the object is collected (`mt = {__gc = true}`, then `mt.__gc = f`). So a
    /// script's table is never marked for finalization: the guarded setmetatable (C) hides
    /// `__gc` while it sets the metatable and asks for a sentinel here. The sentinel is marked
    /// instead; its own finalizer (this code, bounded) calls the table's `__gc` of that moment
    /// in a coroutine, where hooks — and so the limits — work. Sentinels are marked in
    /// setmetatable order, so finalizers run in Lua's order.
    static let finalizerGuard = #"""
local setmetatable, make_setmetatable, raw_getmetatable = ...
local rawget, error = rawget, error
local co_create, co_resume = coroutine.create, coroutine.resume
local sentinels = setmetatable({}, { __mode = "k" })  -- table → its sentinel (an ephemeron)
local sentinel_mt = {
  __gc = function(sentinel)
    local o = sentinel[1]
    local mt = raw_getmetatable(o)
    local f = mt and rawget(mt, "__gc")
    if f == nil then return end
    local ok, err = co_resume(co_create(function(x) return f(x) end), o)
    if not ok then error(err, 0) end
  end,
  __metatable = false,
}
local function make_sentinel(o)
  if sentinels[o] == nil then sentinels[o] = setmetatable({ o }, sentinel_mt) end
end
return make_setmetatable(setmetatable, make_sentinel)
"""#
}
