// The C half of the engine, compiled as real .c files split by concern (alloc.c, hook.c,
// calls.c, pattern.c, stdlib.c, order.c), with the per-state control block they share with
// Swift. Why C at all: Lua reports errors with longjmp, and a Swift frame between the raise
// and the catching lua_pcall would be skipped without running its releases, so everything
// that raises lives here, in C functions that Lua calls and that hold no Swift frame.
#ifndef KEHU_CLUA_SUPPORT_H
#define KEHU_CLUA_SUPPORT_H

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

// MARK: - The functions of the .c files


// alloc.c
void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
int clua_panic(lua_State *L);
const char *clua_abort_message(int kind);

// hook.c
void clua_sethook_base(lua_State *L, clua_Control *c);
int clua_hook_is_engine(lua_State *L);
void clua_arm_locked(clua_Control *c);
void clua_hook(lua_State *L, lua_Debug *ar);
int clua_msgh(lua_State *L);

// calls.c
int clua_raise_abort(lua_State *L, clua_Control *c);
int clua_trampoline(lua_State *L);
int clua_box_gc(lua_State *L);
void clua_push_swift_function(lua_State *L, void *box);
int clua_limit_crossed(lua_State *L, int status);
int clua_finishpcall(lua_State *L, int status, lua_KContext extra);
int clua_pcall(lua_State *L);
int clua_xpcall_handler(lua_State *L);
int clua_limits_active(clua_Control *c);
int clua_xpcall(lua_State *L);
int clua_sandbox_setmetatable(lua_State *L);
int clua_raw_getmetatable(lua_State *L);
int clua_make_setmetatable(lua_State *L);
lua_State *clua_getco(lua_State *L);
void clua_switch_to(clua_Control *c, lua_State *to);
int clua_auxresume(lua_State *L, lua_State *co, int narg);
int clua_coresume(lua_State *L);
int clua_auxwrap(lua_State *L);
int clua_coclose(lua_State *L);
int clua_cowrap(lua_State *L);

// pattern.c
int clua_class_matches(unsigned char c, const char *p, const char *ep);
const char *clua_class_end(const char *p, const char *pend);
double clua_longest_run(const char *s, size_t n, const char *p, const char *ep, int negate);
int clua_fixed_rest_matches(const char *s, size_t n, size_t e, const char *rp, const char *pend);
double clua_run_sum(const char *s, size_t n, const char *p, const char *ep, int negate, const char *rest, const char *pend);
double clua_leading_run(const char *s, size_t n, const char *p, const char *ep, int negate);
double clua_pattern_cost(const char *s, size_t n, const char *p, size_t pl, int can_anchor);
int clua_sandbox_pattern(lua_State *L);
int clua_make_pattern_guard(lua_State *L);

// stdlib.c
int clua_print(lua_State *L);
double clua_now(lua_State *L, int which);
int clua_ostime(lua_State *L);
int clua_osdate(lua_State *L);
int clua_osclock(lua_State *L);
int clua_tostring_protected(lua_State *L);
int clua_openlibs(lua_State *L);
void clua_set_print(lua_State *L);
int clua_seed_random(lua_State *L);

/// Replaces the global `next` and `pairs` with versions that walk number, string and
/// boolean keys in one canonical order (see order.c). Run under lua_pcall, no arguments.
int clua_install_ordered_iteration(lua_State *L);

#endif
