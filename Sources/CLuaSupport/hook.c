// The count hook that ends a call over its budget, deadline or interrupt, and the message handler that records where an error came from.
#include "clua_support.h"

// MARK: - Hook: budget, deadline, interrupt


/// The hook this state should carry when nothing is armed: the budget's count hook, or none.
void clua_sethook_base(lua_State *L, clua_Control *c) {
    if (c->budget > 0) lua_sethook(L, clua_hook, LUA_MASKCOUNT, c->hook_count);
    else lua_sethook(L, NULL, 0, 0);
}

/// Whether the hook L carries is the engine's own (not one a trusted script set with debug.sethook).
int clua_hook_is_engine(lua_State *L) { return lua_gethook(L) == clua_hook; }

/// Arms the hook on the running thread so that the next instruction checks the limits.
/// Called from other threads (watchdog, interrupt) with the lock held.
void clua_arm_locked(clua_Control *c) {
    atomic_store(&c->armed, 1);
    if (c->current) lua_sethook(c->current, clua_hook, LUA_MASKCOUNT | LUA_MASKCALL | LUA_MASKRET, 1);
}

void clua_hook(lua_State *L, lua_Debug *ar) {
    clua_Control *c = clua_control(L);
    if (c->abort_kind == CLUA_ABORT_NONE) {
        if (c->budget > 0 && ar->event == LUA_HOOKCOUNT) {
            c->counted += lua_gethookcount(L);
            if (c->counted >= c->budget) c->abort_kind = CLUA_ABORT_INSTRUCTIONS;
        }
        if (c->abort_kind == CLUA_ABORT_NONE && atomic_load(&c->armed)) {
            int64_t d = atomic_load(&c->deadline_ns);
            if (atomic_load(&c->interrupt)) c->abort_kind = CLUA_ABORT_INTERRUPT;
            else if (d && clua_monotonic_ns() >= d) c->abort_kind = CLUA_ABORT_TIME;
            else atomic_store(&c->armed, 0);  // stale: the call it was meant for has ended
        }
        if (c->abort_kind != CLUA_ABORT_NONE && lua_getinfo(L, "Sl", ar)) {
            snprintf(c->stop_src, sizeof c->stop_src, "%s", ar->short_src);
            c->stop_line = ar->currentline;
        }
        if (c->abort_kind == CLUA_ABORT_NONE) {
            // Nothing to stop: make sure this thread carries only the base hook.
            int base_mask = c->budget > 0 ? LUA_MASKCOUNT : 0;
            if (lua_gethookmask(L) != base_mask || (base_mask && lua_gethookcount(L) != c->hook_count)) {
                pthread_mutex_lock(&c->lock);  // the watchdog may be arming right now
                if (!atomic_load(&c->armed)) clua_sethook_base(L, c);
                pthread_mutex_unlock(&c->lock);
            }
            return;
        }
    }
    // Keep raising on every instruction until the host's own pcall is reached.
    lua_sethook(L, clua_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "%s", clua_abort_message(c->abort_kind));
}

// MARK: - Message handler

/// Records the source and line where the error arose and the traceback; keeps the error value.
/// Stack: error value at 1 → error value, traceback string.
int clua_msgh(lua_State *L) {
    clua_Control *c = clua_control(L);
    c->grace++;
    lua_Debug ar;
    c->err_src[0] = 0;
    c->err_line = -1;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(c->err_src, sizeof c->err_src, "%s", ar.short_src);
            c->err_line = ar.currentline;
            break;
        }
    }
    luaL_traceback(L, L, NULL, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, "clua.traceback");
    c->grace--;
    return 1;
}
