// Calls across the boundary: the trampoline that runs a Swift function and raises for it after its frame has returned, and pcall, xpcall, setmetatable and the coroutine functions that re-raise a crossed limit so that a script cannot swallow it.
#include "clua_support.h"

// MARK: - Trampoline for Swift functions

int clua_raise_abort(lua_State *L, clua_Control *c) {
    lua_sethook(L, clua_hook, LUA_MASKCOUNT, 1);
    return luaL_error(L, "%s", clua_abort_message(c->abort_kind));
}

/// Upvalue 1: a full userdata holding the Swift box pointer.
int clua_trampoline(lua_State *L) {
    clua_Control *c = clua_control(L);
    void **slot = (void **)lua_touserdata(L, lua_upvalueindex(1));
    if (c->depth >= c->max_depth) {
        c->abort_kind = CLUA_ABORT_DEPTH;
        return clua_raise_abort(L, c);
    }
    c->grace++;
    c->depth++;
    int n = c->dispatch(L, slot ? *slot : NULL);
    c->depth--;
    c->grace--;
    if (c->abort_kind != CLUA_ABORT_NONE) return clua_raise_abort(L, c);
    if (c->cap && c->used > c->cap && c->grace == 0) {
        c->abort_kind = CLUA_ABORT_MEMORY;
        return clua_raise_abort(L, c);
    }
    if (n == CLUA_RAISE_WHERE) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    if (n < 0) return lua_error(L);
    return n;
}

/// __gc of the box userdata: hands the pointer back to Swift once, then forgets it.
int clua_box_gc(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, 1);
    if (slot && *slot) {
        void *box = *slot;
        *slot = NULL;
        clua_control(L)->release(box);
    }
    return 0;
}

/// Pushes a C closure over the trampoline for `box` (retained by the caller; released by __gc).
/// Allocates (m): call it with the allocator in grace.
void clua_push_swift_function(lua_State *L, void *box) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = box;
    if (luaL_newmetatable(L, "clua.box")) {
        lua_pushcfunction(L, clua_box_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, clua_trampoline, 1);
}

// MARK: - pcall, xpcall, coroutines that re-raise a crossed limit

int clua_limit_crossed(lua_State *L, int status) {
    clua_Control *c = clua_control(L);
    (void)status;  // a __close raising while ERRMEM unwinds turns it into ERRRUN: look at the allocator
    if (c->cap && c->refused && c->abort_kind == CLUA_ABORT_NONE)
        c->abort_kind = CLUA_ABORT_MEMORY;
    return c->abort_kind != CLUA_ABORT_NONE;
}

int clua_finishpcall(lua_State *L, int status, lua_KContext extra) {
    if (status != LUA_OK && status != LUA_YIELD) {
        if (clua_limit_crossed(L, status)) return clua_raise_abort(L, clua_control(L));
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

int clua_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, clua_finishpcall);
    return clua_finishpcall(L, status, 0);
}

/// xpcall's handler while a limit can be crossed: once one is, the script's handler is
/// skipped (Lua would run it with hooks off, where nothing could stop it).
int clua_xpcall_handler(lua_State *L) {
    clua_Control *c = clua_control(L);
    if (c->abort_kind != CLUA_ABORT_NONE || (c->cap && c->refused)) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

int clua_limits_active(clua_Control *c) {
    return c->budget > 0 || c->cap > 0 || atomic_load(&c->deadline_ns) != 0;
}

int clua_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (clua_limits_active(clua_control(L))) {
        lua_pushvalue(L, 2);
        lua_pushcclosure(L, clua_xpcall_handler, 1);
        lua_replace(L, 2);
    }
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, clua_finishpcall);
    return clua_finishpcall(L, status, 2);
}

/// The sandbox's setmetatable. Lua marks a table for finalization when its new metatable
/// has a __gc field of any value, and at collection calls whatever the field holds by then,
/// with hooks off, where no limit can stop it (`mt = {__gc = true}`, then `mt.__gc = f`).
/// So when the metatable has a __gc field, the table itself is never marked: the field is
/// hidden while the metatable is set, and the sentinel maker (upvalue 2) gets the table; the
/// sentinel it marks instead calls the table's __gc of the moment inside a coroutine, where
/// hooks (and so limits) work. Otherwise the base library's setmetatable (upvalue 1) runs in
/// this same frame, so its messages and error positions are exactly Lua's.
int clua_sandbox_setmetatable(lua_State *L) {
    if (lua_type(L, 1) == LUA_TTABLE && lua_type(L, 2) == LUA_TTABLE) {
        if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) {
            lua_pop(L, 1);  // protected: the base function raises its own error
        } else {
            lua_settop(L, 2);
            lua_pushliteral(L, "__gc");
            lua_rawget(L, 2);  // 3: the __gc field
            if (!lua_isnil(L, 3)) {
                clua_control(L)->finalizers = 1;
                lua_pushvalue(L, lua_upvalueindex(2));
                lua_pushvalue(L, 1);
                lua_call(L, 1, 0);  // allocates, may raise: nothing is changed yet
                // Nothing below allocates (the key keeps its slot), so nothing can run between.
                lua_pushliteral(L, "__gc");
                lua_pushnil(L);
                lua_rawset(L, 2);
                lua_pushvalue(L, 2);
                lua_setmetatable(L, 1);
                lua_pushliteral(L, "__gc");
                lua_pushvalue(L, 3);
                lua_rawset(L, 2);
                lua_settop(L, 1);
                return 1;
            }
            lua_settop(L, 2);
        }
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/// The metatable of the value at 1, ignoring __metatable (the sandbox's own finalizers).
int clua_raw_getmetatable(lua_State *L) {
    if (!lua_getmetatable(L, 1)) lua_pushnil(L);
    return 1;
}

/// Makes the sandbox's setmetatable from (original, sentinel maker).
int clua_make_setmetatable(lua_State *L) {
    lua_settop(L, 2);
    lua_pushcclosure(L, clua_sandbox_setmetatable, 2);
    return 1;
}

lua_State *clua_getco(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    return co;
}

/// Switches the thread the watchdog arms, carrying an armed hook along.
void clua_switch_to(clua_Control *c, lua_State *to) {
    pthread_mutex_lock(&c->lock);
    c->current = to;
    if (atomic_load(&c->armed)) {
        lua_sethook(to, clua_hook, LUA_MASKCOUNT | LUA_MASKCALL | LUA_MASKRET, 1);
    } else if (c->budget > 0 || lua_gethook(to) == clua_hook) {
        // A coroutine made before this call's budget began has no hook of its own yet. A hook
        // the script set itself (trusted: debug.sethook) is left alone unless a budget needs the slot.
        int base_mask = c->budget > 0 ? LUA_MASKCOUNT : 0;
        if (lua_gethookmask(to) != base_mask || (base_mask && lua_gethookcount(to) != c->hook_count))
            clua_sethook_base(to, c);
    }
    pthread_mutex_unlock(&c->lock);
}

/// Resumes `co` with `narg` values from L; returns results moved to L, or -1 with the error on L.
int clua_auxresume(lua_State *L, lua_State *co, int narg) {
    int status, nres;
    int st = lua_status(co);
    if (L == co) { lua_pushliteral(L, "cannot resume non-suspended coroutine"); return -1; }
    if (st == LUA_OK) {
        lua_Debug ar;
        if (lua_getstack(co, 0, &ar)) { lua_pushliteral(L, "cannot resume non-suspended coroutine"); return -1; }
        if (lua_gettop(co) == 0) { lua_pushliteral(L, "cannot resume dead coroutine"); return -1; }
    } else if (st != LUA_YIELD) {
        lua_pushliteral(L, "cannot resume dead coroutine");
        return -1;
    }
    if (!lua_checkstack(co, narg)) { lua_pushliteral(L, "too many arguments to resume"); return -1; }
    lua_xmove(L, co, narg);
    clua_Control *c = clua_control(L);
    clua_switch_to(c, co);
    status = lua_resume(co, L, narg, &nres);
    clua_switch_to(c, L);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);
    if (clua_limit_crossed(L, status)) return -2;
    return -1;
}

int clua_coresume(lua_State *L) {
    lua_State *co = clua_getco(L);
    int r = clua_auxresume(L, co, lua_gettop(L) - 1);
    if (r == -2) return clua_raise_abort(L, clua_control(L));
    if (r < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1;
}

int clua_auxwrap(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int r = clua_auxresume(L, co, lua_gettop(L));
    if (r == -2) return clua_raise_abort(L, clua_control(L));
    if (r < 0) {
        int stat = lua_status(co);
        if (stat != LUA_OK && stat != LUA_YIELD) {
            clua_Control *c = clua_control(L);
            clua_switch_to(c, co);  // its __close handlers run now: keep them within the limits
            stat = lua_resetthread(co);
            clua_switch_to(c, L);
            lua_xmove(co, L, 1);
            if (c->abort_kind != CLUA_ABORT_NONE) return clua_raise_abort(L, c);
        }
        if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        return lua_error(L);
    }
    return r;
}

/// coroutine.close, running the coroutine's pending __close handlers within the limits.
int clua_coclose(lua_State *L) {
    lua_State *co = clua_getco(L);
    const char *state = NULL;
    if (L == co) state = "running";
    else if (lua_status(co) == LUA_OK) {
        lua_Debug ar;
        if (lua_getstack(co, 0, &ar)) state = "normal";
    }
    if (state) return luaL_error(L, "cannot close a %s coroutine", state);
    clua_Control *c = clua_control(L);
    clua_switch_to(c, co);
    int status = lua_resetthread(co);
    clua_switch_to(c, L);
    if (c->abort_kind != CLUA_ABORT_NONE || clua_limit_crossed(L, status)) return clua_raise_abort(L, c);
    if (status == LUA_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);
    return 2;
}

int clua_cowrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *NL = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, NL, 1);
    lua_pushcclosure(L, clua_auxwrap, 1);
    return 1;
}
