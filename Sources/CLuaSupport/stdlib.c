// The standard library as the engine opens it: print through the host, the injectable clock behind os.time/os.date/os.clock, and the protected helpers the host calls through lua_pcall.
#include "clua_support.h"

// MARK: - print and the injectable clock

/// print, as the base library's, writing through the host's sink when one is set.
int clua_print(lua_State *L) {
    clua_Control *c = clua_control(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        size_t l;
        const char *s = luaL_tolstring(L, i, &l);
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_addvalue(&b);
        (void)s; (void)l;
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    size_t len;
    const char *out = lua_tolstring(L, -1, &len);
    if (c->write) c->write(c->write_ud, out, len);
    else { fwrite(out, 1, len, stdout); fflush(stdout); }
    return 0;
}

/// 0: wall seconds since the epoch; 1: processor seconds (os.clock).
double clua_now(lua_State *L, int which) {
    clua_Control *c = clua_control(L);
    if (c->clock) return c->clock(c->clock_ud, which);
    if (which == 1) return (double)clock() / (double)CLOCKS_PER_SEC;
    return (double)time(NULL);
}

/// os.time(): the injectable clock's now; os.time(t): the library's own (upvalue 1), run in
/// this frame so that its messages name 'os.time' as Lua's do.
int clua_ostime(lua_State *L) {
    if (lua_isnoneornil(L, 1)) {
        lua_pushinteger(L, (lua_Integer)clua_now(L, 0));
        return 1;
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/// os.date(fmt [, t]): t defaults to the injectable clock's now; formatting is the library's.
int clua_osdate(lua_State *L) {
    if (lua_isnoneornil(L, 2)) {
        if (lua_gettop(L) < 1) lua_pushliteral(L, "%c");
        lua_settop(L, 1);
        lua_pushinteger(L, (lua_Integer)clua_now(L, 0));
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

int clua_osclock(lua_State *L) {
    lua_pushnumber(L, (lua_Number)clua_now(L, 1));
    return 1;
}

// MARK: - Protected helpers the host calls through lua_pcall

/// tostring with metamethods (luaL_tolstring) of the value at 1; for reporting error values.
int clua_tostring_protected(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/// Opens the libraries named by the bit set (1 base, 2 package, 4 coroutine, 8 table,
/// 16 io, 32 os, 64 string, 128 math, 256 utf8, 512 debug) and installs the guarded
/// pcall/xpcall/coroutine functions. Runs under lua_pcall.
int clua_openlibs(lua_State *L) {
    int set = (int)lua_tointeger(L, 1);
    static const struct { int bit; const char *name; lua_CFunction open; } libs[] = {
        {1, LUA_GNAME, luaopen_base}, {2, LUA_LOADLIBNAME, luaopen_package},
        {4, LUA_COLIBNAME, luaopen_coroutine}, {8, LUA_TABLIBNAME, luaopen_table},
        {16, LUA_IOLIBNAME, luaopen_io}, {32, LUA_OSLIBNAME, luaopen_os},
        {64, LUA_STRLIBNAME, luaopen_string}, {128, LUA_MATHLIBNAME, luaopen_math},
        {256, LUA_UTF8LIBNAME, luaopen_utf8}, {512, LUA_DBLIBNAME, luaopen_debug},
    };
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        if (set & libs[i].bit) {
            luaL_requiref(L, libs[i].name, libs[i].open, 1);
            lua_pop(L, 1);
        }
    }
    lua_pushglobaltable(L);
    lua_pushcfunction(L, clua_pcall);
    lua_setfield(L, -2, "pcall");
    lua_pushcfunction(L, clua_xpcall);
    lua_setfield(L, -2, "xpcall");
    if (set & 4) {
        lua_getfield(L, -1, LUA_COLIBNAME);
        lua_pushcfunction(L, clua_coresume);
        lua_setfield(L, -2, "resume");
        lua_pushcfunction(L, clua_cowrap);
        lua_setfield(L, -2, "wrap");
        lua_pushcfunction(L, clua_coclose);
        lua_setfield(L, -2, "close");
        lua_pop(L, 1);
    }
    if (set & 32) {
        lua_getfield(L, -1, LUA_OSLIBNAME);
        lua_getfield(L, -1, "time");
        lua_pushcclosure(L, clua_ostime, 1);
        lua_setfield(L, -2, "time");
        lua_getfield(L, -1, "date");
        lua_pushcclosure(L, clua_osdate, 1);
        lua_setfield(L, -2, "date");
        lua_pushcfunction(L, clua_osclock);
        lua_setfield(L, -2, "clock");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

void clua_set_print(lua_State *L) {
    lua_pushcfunction(L, clua_print);
    lua_setglobal(L, "print");
}

/// Seeds math.random (under lua_pcall): integer at 1.
int clua_seed_random(lua_State *L) {
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_pushvalue(L, 1);
    lua_call(L, 1, 0);
    return 0;
}
