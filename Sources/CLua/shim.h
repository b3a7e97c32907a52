// Kehu's view of Debian's Lua 5.4, plus the few lines that must be C.
//
// Why C at all: Lua reports errors with longjmp. A Swift frame between the raise and the
// catching lua_pcall would be skipped without running its releases, so everything that
// raises lives here, in C functions that Lua calls and that hold no Swift frame:
//   - clua_trampoline: calls a Swift callback, which returns a status; then raises for it.
//   - clua_hook: the count hook that ends a call over its budget, deadline or interrupt.
//   - clua_pcall/xpcall/resume/wrap: the base functions, re-raising a crossed limit so a
//     script's own pcall cannot swallow it.
//   - clua_msgh: the message handler that records where an error came from.
//   - clua_alloc: the counting allocator behind the memory cap.
// Macros (lua_pop, lua_upvalueindex, …) are re-exported as functions because Swift does not
// import function-like macros.
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

// MARK: - The per-state control block

/// Why a call was ended by the engine rather than by the script.
enum {
    CLUA_ABORT_NONE = 0,
    CLUA_ABORT_MEMORY = 1,
    CLUA_ABORT_INSTRUCTIONS = 2,
    CLUA_ABORT_TIME = 3,
    CLUA_ABORT_INTERRUPT = 4,
    CLUA_ABORT_DEPTH = 5,
};

/// A Swift callback: returns the number of results, or CLUA_RAISE with the error value on top.
enum { CLUA_RAISE = -1, CLUA_RAISE_WHERE = -2 };
typedef int (*clua_Dispatch)(lua_State *L, void *box);
typedef void (*clua_Release)(void *box);
typedef void (*clua_Write)(void *ud, const char *bytes, size_t len);
typedef double (*clua_Clock)(void *ud, int which);

typedef struct clua_Control {
    // memory
    size_t used;          // bytes currently allocated by this state
    size_t peak;          // the most ever allocated at once
    size_t cap;           // 0: no cap
    int grace;            // >0: never refuse (host code outside lua_pcall, host callbacks)
    int refused;          // the allocator refused at least once since the last reset
    // instructions
    int64_t budget;       // 0: no budget
    int64_t counted;      // instructions counted so far in this call
    int hook_count;       // count given to lua_sethook for the budget
    // deadline and interrupt, armed from another thread
    _Atomic int64_t deadline_ns;   // CLOCK_MONOTONIC_COARSE; 0: none
    _Atomic int armed;             // the watchdog or interrupt() set the hook
    _Atomic int interrupt;         // interrupt() was asked for
    pthread_mutex_t lock;          // guards `current` and hook changes from other threads
    lua_State *main;
    lua_State *current;            // the thread running now (main or a coroutine)
    // the outcome
    int abort_kind;
    char err_src[LUA_IDSIZE];
    int err_line;
    char stop_src[LUA_IDSIZE];     // where the hook stopped the code (for messages with no handler)
    int stop_line;
    // host re-entry depth
    int depth;
    int call_depth;                // protected calls from the host now active
    int finalizers;                // 1: Lua finalizers may exist (trusted, or a sandboxed __gc was set)
    lua_State *active;             // the thread a host callback runs on, while one runs
    int max_depth;
    // Swift entry points
    clua_Dispatch dispatch;
    clua_Release release;
    clua_Write write;
    void *write_ud;
    clua_Clock clock;
    void *clock_ud;
} clua_Control;

static inline clua_Control *clua_control(lua_State *L) {
    return *(clua_Control **)lua_getextraspace(L);
}

static inline int64_t clua_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);  // a few ms of resolution is plenty for deadlines
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

// Atomic fields are reached through these: Swift does not import _Atomic members.
static inline void clua_set_deadline(clua_Control *c, int64_t ns) { atomic_store(&c->deadline_ns, ns); }
static inline int64_t clua_get_deadline(clua_Control *c) { return atomic_load(&c->deadline_ns); }
static inline void clua_set_interrupt(clua_Control *c, int v) { atomic_store(&c->interrupt, v); }
static inline int clua_is_armed(clua_Control *c) { return atomic_load(&c->armed); }
static inline void clua_disarm(clua_Control *c) { atomic_store(&c->armed, 0); }

// MARK: - Allocator

/// The counting allocator: refuses growth past the cap unless the host is in grace.
static inline void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    clua_Control *c = (clua_Control *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        c->used -= old;
        return NULL;
    }
    if (nsize > old && c->cap && c->grace == 0 && c->used - old + nsize > c->cap) {
        c->refused = 1;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p) {
        c->used = c->used - old + nsize;
        if (c->used > c->peak) c->peak = c->used;
    }
    return p;
}

static inline int clua_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "kehu: unprotected Lua error (%s)\n", msg ? msg : "?");
    fflush(stderr);
    abort();
}

static inline const char *clua_abort_message(int kind) {
    switch (kind) {
    case CLUA_ABORT_MEMORY: return "memory limit exceeded";
    case CLUA_ABORT_INSTRUCTIONS: return "instruction budget exhausted";
    case CLUA_ABORT_TIME: return "time limit exceeded";
    case CLUA_ABORT_INTERRUPT: return "interrupted";
    case CLUA_ABORT_DEPTH: return "host call depth exceeded";
    default: return "aborted";
    }
}

// MARK: - Hook: budget, deadline, interrupt

static inline void clua_hook(lua_State *L, lua_Debug *ar);

/// The hook this state should carry when nothing is armed: the budget's count hook, or none.
static inline void clua_sethook_base(lua_State *L, clua_Control *c) {
    if (c->budget > 0) lua_sethook(L, clua_hook, LUA_MASKCOUNT, c->hook_count);
    else lua_sethook(L, NULL, 0, 0);
}

/// Whether the hook L carries is the engine's own (not one a trusted script set with debug.sethook).
static inline int clua_hook_is_engine(lua_State *L) { return lua_gethook(L) == clua_hook; }

/// Arms the hook on the running thread so that the next instruction checks the limits.
/// Called from other threads (watchdog, interrupt) with the lock held.
static inline void clua_arm_locked(clua_Control *c) {
    atomic_store(&c->armed, 1);
    if (c->current) lua_sethook(c->current, clua_hook, LUA_MASKCOUNT | LUA_MASKCALL | LUA_MASKRET, 1);
}

static inline void clua_hook(lua_State *L, lua_Debug *ar) {
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
static inline int clua_msgh(lua_State *L) {
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

// MARK: - Trampoline for Swift functions

static inline int clua_raise_abort(lua_State *L, clua_Control *c) {
    lua_sethook(L, clua_hook, LUA_MASKCOUNT, 1);
    return luaL_error(L, "%s", clua_abort_message(c->abort_kind));
}

/// Upvalue 1: a full userdata holding the Swift box pointer.
static inline int clua_trampoline(lua_State *L) {
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
static inline int clua_box_gc(lua_State *L) {
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
static inline void clua_push_swift_function(lua_State *L, void *box) {
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

static inline int clua_limit_crossed(lua_State *L, int status) {
    clua_Control *c = clua_control(L);
    (void)status;  // a __close raising while ERRMEM unwinds turns it into ERRRUN: look at the allocator
    if (c->cap && c->refused && c->abort_kind == CLUA_ABORT_NONE)
        c->abort_kind = CLUA_ABORT_MEMORY;
    return c->abort_kind != CLUA_ABORT_NONE;
}

static inline int clua_finishpcall(lua_State *L, int status, lua_KContext extra) {
    if (status != LUA_OK && status != LUA_YIELD) {
        if (clua_limit_crossed(L, status)) return clua_raise_abort(L, clua_control(L));
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

static inline int clua_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, clua_finishpcall);
    return clua_finishpcall(L, status, 0);
}

/// xpcall's handler while a limit can be crossed: once one is, the script's handler is
/// skipped (Lua would run it with hooks off, where nothing could stop it).
static inline int clua_xpcall_handler(lua_State *L) {
    clua_Control *c = clua_control(L);
    if (c->abort_kind != CLUA_ABORT_NONE || (c->cap && c->refused)) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static inline int clua_limits_active(clua_Control *c) {
    return c->budget > 0 || c->cap > 0 || atomic_load(&c->deadline_ns) != 0;
}

static inline int clua_xpcall(lua_State *L) {
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
static inline int clua_sandbox_setmetatable(lua_State *L) {
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
static inline int clua_raw_getmetatable(lua_State *L) {
    if (!lua_getmetatable(L, 1)) lua_pushnil(L);
    return 1;
}

/// Makes the sandbox's setmetatable from (original, sentinel maker).
static inline int clua_make_setmetatable(lua_State *L) {
    lua_settop(L, 2);
    lua_pushcclosure(L, clua_sandbox_setmetatable, 2);
    return 1;
}

static inline lua_State *clua_getco(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    return co;
}

/// Switches the thread the watchdog arms, carrying an armed hook along.
static inline void clua_switch_to(clua_Control *c, lua_State *to) {
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
static inline int clua_auxresume(lua_State *L, lua_State *co, int narg) {
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

static inline int clua_coresume(lua_State *L) {
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

static inline int clua_auxwrap(lua_State *L) {
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
static inline int clua_coclose(lua_State *L) {
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

static inline int clua_cowrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *NL = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, NL, 1);
    lua_pushcclosure(L, clua_auxwrap, 1);
    return 1;
}

// MARK: - Bounding the pattern matcher

// Lua's pattern matcher is C: no hook runs inside it, so a backtracking pattern on a long
// subject can hold the host past any deadline. The sandbox estimates the backtracking
// before the match and refuses what could run for more than about a second. The estimate
// multiplies, over the quantified items, how far each can expand on this subject (the
// longest run of bytes its class matches; for a lazy item followed by a literal, the longest
// stretch without that literal), by the start positions and the pattern's length.

/// Does byte `c` match the class `p` (one of: '.', '%x', '[set]', a literal)? `ep` ends it.
static inline int clua_class_matches(unsigned char c, const char *p, const char *ep) {
    if (*p == '.') return 1;
    if (*p == '%') {
        int r;
        switch (p[1] | 0x20) {
        case 'a': r = isalpha(c); break;
        case 'c': r = iscntrl(c); break;
        case 'd': r = isdigit(c); break;
        case 'g': r = isgraph(c); break;
        case 'l': r = islower(c); break;
        case 'p': r = ispunct(c); break;
        case 's': r = isspace(c); break;
        case 'u': r = isupper(c); break;
        case 'w': r = isalnum(c); break;
        case 'x': r = isxdigit(c); break;
        default: return (unsigned char)p[1] == c;
        }
        if (isalpha((unsigned char)p[1]) && isupper((unsigned char)p[1])) r = !r;
        return r != 0;
    }
    if (*p == '[') {
        const char *q = p + 1, *end = ep - 1;  // end points at ']'
        int neg = 0, found = 0;
        if (*q == '^') { neg = 1; q++; }
        while (q < end) {
            if (*q == '%' && q + 1 < end) { if (clua_class_matches(c, q, q + 2)) found = 1; q += 2; }
            else if (q + 2 < end && q[1] == '-') { if ((unsigned char)q[0] <= c && c <= (unsigned char)q[2]) found = 1; q += 3; }
            else { if ((unsigned char)*q == c) found = 1; q++; }
        }
        return neg ? !found : found;
    }
    return (unsigned char)*p == c;
}

/// The end of the single-character class starting at p (p < pend), or NULL if malformed.
static inline const char *clua_class_end(const char *p, const char *pend) {
    if (*p == '%') return p + 2 <= pend ? p + 2 : NULL;
    if (*p == '[') {
        const char *q = p + 1;
        if (q < pend && *q == '^') q++;
        do {
            if (q >= pend) return NULL;
            if (*q == '%') q++;
            q++;
        } while (q < pend && *q != ']');
        return q < pend ? q + 1 : NULL;
    }
    return p + 1;
}

/// The longest run of subject bytes matching the class [p, ep).
static inline double clua_longest_run(const char *s, size_t n, const char *p, const char *ep, int negate) {
    size_t best = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        int m = clua_class_matches((unsigned char)s[i], p, ep);
        if (negate) m = !m;
        if (m) { if (++run > best) best = run; } else run = 0;
    }
    return (double)best;
}

/// Whether the rest of a pattern, [rp, pend), matches the subject at offset e, when that rest
/// is a fixed sequence of single-character classes (captures and a final `$` allowed): 1 if
/// it does, 0 if not, -1 when the rest is anything else (a quantifier, %b, %f, a back
/// reference), which the estimate cannot decide this simply.
static inline int clua_fixed_rest_matches(const char *s, size_t n, size_t e, const char *rp, const char *pend) {
    while (rp < pend) {
        if (*rp == '(' || *rp == ')') { rp++; continue; }
        if (*rp == '$' && rp + 1 == pend) return e == n;
        if (*rp == '%' && rp + 1 < pend && (rp[1] == 'b' || rp[1] == 'f' || (rp[1] >= '0' && rp[1] <= '9'))) return -1;
        const char *ep = clua_class_end(rp, pend);
        if (!ep) return -1;
        if (ep < pend && (*ep == '*' || *ep == '+' || *ep == '-' || *ep == '?')) return -1;
        if (e >= n || !clua_class_matches((unsigned char)s[e], rp, ep)) return 0;
        e++;
        rp = ep;
    }
    return 1;
}

/// Over every start position, the bytes a quantified class can run over from there: the sum
/// over maximal runs of r(r+1)/2, plus one step for each other start. A run after which the
/// rest of the pattern ([rest, pend), a fixed sequence) matches costs only its length: the
/// first start in it succeeds at its first try, and a search or a substitution goes on after
/// the match.
static inline double clua_run_sum(const char *s, size_t n, const char *p, const char *ep, int negate,
                                  const char *rest, const char *pend) {
    double sum = 0;
    size_t run = 0;
    for (size_t i = 0; i <= n; i++) {
        int m = i < n && clua_class_matches((unsigned char)s[i], p, ep);
        if (negate && i < n) m = !m;
        if (m) { run++; continue; }
        if (rest && clua_fixed_rest_matches(s, n, i, rest, pend) == 1) sum += (double)run + 1;
        else sum += (double)run * ((double)run + 1) / 2 + 1;
        run = 0;
    }
    return sum;
}

/// The run of bytes matching the class from the start of the subject (an anchored pattern).
static inline double clua_leading_run(const char *s, size_t n, const char *p, const char *ep, int negate) {
    size_t i = 0;
    while (i < n) {
        int m = clua_class_matches((unsigned char)s[i], p, ep);
        if (negate) m = !m;
        if (!m) break;
        i++;
    }
    return (double)i;
}

/// A single quantified item's backtracking is counted exactly rather than bounded (below): a
/// counted step (expanding one byte, then trying the rest of the pattern there) costs about
/// ten of the estimate's steps, measured on `("a"):rep(50000):find("a*b")`.
#define CLUA_PATTERN_STEP_WEIGHT 10

/// Estimated matcher steps for pattern p on subject s, as described above.
///
/// One quantified item (`a*b`, `[^,]*,`, `x-y`, `%s+$`) backtracks too: from every start it
/// runs as far as its class lets it and then tries the rest of the pattern at each position
/// back, so an unanchored search costs the sum, over start positions, of the run from there
/// (quadratic in a long run). That sum is counted exactly, except where the rest of the
/// pattern, when it is fixed (`[^,]*,`, `%a+:%d`), matches right after a run: that run costs
/// its length. A quantified item that ends the pattern (`%d+`, `%s+` in gsub) matches at its
/// first try: linear, never refused.
static inline double clua_pattern_cost(const char *s, size_t n, const char *p, size_t pl, int can_anchor) {
    const char *pend = p + pl;
    double cost = 1, items = 1;
    int quantified = 0, anchored = 0;
    const char *single = NULL, *single_end = NULL;  // the (last) quantified *, + or - item's class
    const char *single_rest = NULL;                  // what follows it, from the item it runs up to
    int single_negate = 0, single_tail = 0;
    if (can_anchor && pl > 0 && *p == '^') { p++; anchored = 1; }
    else cost = (double)n + 1;
    while (p < pend) {
        if (*p == '(' || *p == ')') { p++; continue; }
        if (*p == '%' && p + 1 < pend && (p[1] == 'b' || p[1] == 'f')) {
            if (p[1] == 'b') p += 4;
            else { p += 2; const char *e = (p < pend) ? clua_class_end(p, pend) : NULL; if (!e) return 0; p = e; }
            items++;
            continue;
        }
        const char *ep = clua_class_end(p, pend);
        if (!ep) return 0;  // malformed: the real matcher reports it
        items++;
        char q = ep < pend ? *ep : 0;
        if (q == '?') { cost *= 2; quantified++; ep++; }
        else if (q == '*' || q == '+' || q == '-') {
            double reach;
            const char *next = ep + 1;
            while (next < pend && (*next == '(' || *next == ')')) next++;  // captures match nothing
            if (q == '-' && next < pend && *next != '(' && *next != ')' && *next != '%' && *next != '[' && *next != '.'
                && *next != '$' && (next + 1 >= pend || (next[1] != '*' && next[1] != '+' && next[1] != '-' && next[1] != '?'))) {
                reach = clua_longest_run(s, n, next, next + 1, 1);  // stretch without the literal
                single = next; single_end = next + 1; single_negate = 1;
            } else {
                reach = clua_longest_run(s, n, p, ep, 0);
                single = p; single_end = ep; single_negate = 0;
            }
            single_tail = next >= pend;
            single_rest = next;
            cost *= reach + 1;
            quantified++;
            ep++;
        }
        p = ep;
    }
    if (quantified == 1 && single) {
        if (single_tail) return 0;
        double steps = anchored ? clua_leading_run(s, n, single, single_end, single_negate) + 1
                                : clua_run_sum(s, n, single, single_end, single_negate, single_rest, pend);
        return steps * items * CLUA_PATTERN_STEP_WEIGHT;
    }
    return quantified >= 2 ? cost * items : 0;
}

/// Steps the sandbox lets one pattern operation take (about a second of matching here).
#define CLUA_PATTERN_BUDGET 1e9

/// find/match/gmatch/gsub in the sandbox: check the estimate, then run the library's own
/// function (upvalue 1) in this same frame, so results and messages are exactly Lua's.
static inline int clua_sandbox_pattern(lua_State *L) {
    int kind = (int)lua_tointeger(L, lua_upvalueindex(2));  // 0 find, 1 match, 2 gmatch, 3 gsub
    if (lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING && !(kind == 0 && lua_toboolean(L, 4))) {
        size_t n, pl;
        const char *s = lua_tolstring(L, 1, &n);
        const char *p = lua_tolstring(L, 2, &pl);
        double cost = clua_pattern_cost(s, n, p, pl, kind != 2);
        if (cost > CLUA_PATTERN_BUDGET && !(cost < HUGE_VAL))
            return luaL_error(L, "pattern too complex");  // as Lua says it for its own bound
        if (cost > CLUA_PATTERN_BUDGET) {
            char steps[32];
            snprintf(steps, sizeof steps, "%.0e", cost);
            return luaL_error(L, "pattern too complex for the sandbox (about %s matcher steps on a %d-byte subject; "
                              "the pattern matcher cannot be interrupted)", steps, (int)n);
        }
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/// Wraps a string library function (at 1) as clua_sandbox_pattern of the given kind (at 2).
static inline int clua_make_pattern_guard(lua_State *L) {
    lua_settop(L, 2);
    lua_pushcclosure(L, clua_sandbox_pattern, 2);
    return 1;
}

// MARK: - print and the injectable clock

/// print, as the base library's, writing through the host's sink when one is set.
static inline int clua_print(lua_State *L) {
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
static inline double clua_now(lua_State *L, int which) {
    clua_Control *c = clua_control(L);
    if (c->clock) return c->clock(c->clock_ud, which);
    if (which == 1) return (double)clock() / (double)CLOCKS_PER_SEC;
    return (double)time(NULL);
}

/// os.time(): the injectable clock's now; os.time(t): the library's own (upvalue 1), run in
/// this frame so that its messages name 'os.time' as Lua's do.
static inline int clua_ostime(lua_State *L) {
    if (lua_isnoneornil(L, 1)) {
        lua_pushinteger(L, (lua_Integer)clua_now(L, 0));
        return 1;
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/// os.date(fmt [, t]): t defaults to the injectable clock's now; formatting is the library's.
static inline int clua_osdate(lua_State *L) {
    if (lua_isnoneornil(L, 2)) {
        if (lua_gettop(L) < 1) lua_pushliteral(L, "%c");
        lua_settop(L, 1);
        lua_pushinteger(L, (lua_Integer)clua_now(L, 0));
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

static inline int clua_osclock(lua_State *L) {
    lua_pushnumber(L, (lua_Number)clua_now(L, 1));
    return 1;
}

// MARK: - Protected helpers the host calls through lua_pcall

/// tostring with metamethods (luaL_tolstring) of the value at 1; for reporting error values.
static inline int clua_tostring_protected(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/// Opens the libraries named by the bit set (1 base, 2 package, 4 coroutine, 8 table,
/// 16 io, 32 os, 64 string, 128 math, 256 utf8, 512 debug) and installs the guarded
/// pcall/xpcall/coroutine functions. Runs under lua_pcall.
static inline int clua_openlibs(lua_State *L) {
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

static inline void clua_set_print(lua_State *L) {
    lua_pushcfunction(L, clua_print);
    lua_setglobal(L, "print");
}

/// Seeds math.random (under lua_pcall): integer at 1.
static inline int clua_seed_random(lua_State *L) {
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_pushvalue(L, 1);
    lua_call(L, 1, 0);
    return 0;
}

#endif
