// The counting allocator behind the memory cap, the panic handler, and the words for each way the engine ends a call.
#include "clua_support.h"

// MARK: - Allocator

/// The counting allocator: refuses growth past the cap unless the host is in grace.
void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
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

int clua_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "kehu: unprotected Lua error (%s)\n", msg ? msg : "?");
    fflush(stderr);
    abort();
}

const char *clua_abort_message(int kind) {
    switch (kind) {
    case CLUA_ABORT_MEMORY: return "memory limit exceeded";
    case CLUA_ABORT_INSTRUCTIONS: return "instruction budget exhausted";
    case CLUA_ABORT_TIME: return "time limit exceeded";
    case CLUA_ABORT_INTERRUPT: return "interrupted";
    case CLUA_ABORT_DEPTH: return "host call depth exceeded";
    default: return "aborted";
    }
}
