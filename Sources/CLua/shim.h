// Kehu's view of Debian's Lua 5.4: its headers, and the macros Swift cannot import
// (lua_pop, lua_upvalueindex, …) re-exported as functions. The C that must be C — the
// allocator, the hook, the trampoline, the guarded pcall and coroutines, the pattern bound,
// ordered iteration — is the CLuaSupport target's .c files (clua_support.h).
#ifndef KEHU_CLUA_SHIM_H
#define KEHU_CLUA_SHIM_H

#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ctype.h>
#include <math.h>

// MARK: - Macros Swift cannot import

static inline void clua_pop(lua_State *L, int n) { lua_settop(L, -(n) - 1); }
static inline int clua_upvalueindex(int i) { return LUA_REGISTRYINDEX - i; }
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int clua_ridx_globals(void) { return LUA_RIDX_GLOBALS; }
static inline int clua_multret(void) { return LUA_MULTRET; }
static inline int clua_noref(void) { return LUA_NOREF; }
static inline lua_Integer clua_maxinteger(void) { return LUA_MAXINTEGER; }
static inline void clua_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void clua_gc_stop(lua_State *L) { lua_gc(L, LUA_GCSTOP); }
static inline void clua_gc_restart(lua_State *L) { lua_gc(L, LUA_GCRESTART); }
static inline void clua_insert(lua_State *L, int idx) { lua_insert(L, idx); }
static inline void clua_set_control(lua_State *L, void *c) { *(void **)lua_getextraspace(L) = c; }

#endif
