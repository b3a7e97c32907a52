// C that LuaEngine calls as Lua C functions, compiled as real .c files (shim.h keeps the
// inline helpers and macros). Every function here is a lua_CFunction run under lua_pcall:
// it may raise, and no Swift frame is ever between its raise and the catching pcall.
#ifndef KEHU_CLUA_SUPPORT_H
#define KEHU_CLUA_SUPPORT_H

struct lua_State;

/// Replaces the global `next` and `pairs` with versions that walk number, string and
/// boolean keys in one canonical order (see order.c). Run under lua_pcall, no arguments.
int clua_install_ordered_iteration(struct lua_State *L);

#endif
