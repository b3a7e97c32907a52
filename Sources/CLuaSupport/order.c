// Table iteration in an order that does not depend on the process.
//
// Lua 5.4 seeds its string hashes per state (from addresses and the time), so `next` and
// `pairs` walk string keys in a different order in every process: a playbook summing
// weights with `pairs` gets 0.35 in one run and 0.35000000000000003 in the next. The
// sandbox replaces both with these:
//   - keys are walked in a canonical order: numbers ascending (integers and floats
//     compared exactly), then strings bytewise (shorter first on a common prefix), then
//     false before true; keys of other types (tables, functions, userdata, threads) come
//     last, in the raw `next` order, which still depends on the process (their hashes are
//     addresses);
//   - `next(t, nil)` finds the least key in one pass, without a snapshot (emptiness checks
//     stay cheap), and notes it for the walk's next step. `next(t, k)` snapshots the keys of t, sorts them (O(n log n)) and keeps
//     the snapshot in a weak-keyed cache with the position reached, so that `next(t, k)` for
//     the key it just returned is O(1) and a full traversal is O(n log n), not O(n²). A key
//     that is not the last one returned is found by binary search (or, for keys of other
//     types, a linear scan);
//   - values are read raw at the time of the step, and keys whose value became nil since
//     the snapshot are skipped. As in Lua, assigning to a field absent when the traversal
//     began is undefined: such keys are not seen by a traversal already under way;
//   - `pairs` honours `__pairs` as Lua's does; else it snapshots the keys at once and returns
//     an iterator over that snapshot (so nested or interleaved loops over one table never
//     disturb each other), not `next` itself: `pairs(t) == next` is false here;
//   - `next(t, k)` with a k that is not a key of t raises "invalid key to 'next'" as Lua's
//     does; a key removed during a raw `next` walk is still accepted while the walk's
//     snapshot is the cached one (another walk over t in between replaces it).
// Everything here allocates through the state's allocator (the memory cap applies) and
// raises only in C frames, under the caller's lua_pcall.
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "clua_support.h"

/// A key, reduced to what the canonical order compares.
typedef struct {
    int rank;          // 0 number, 1 string, 2 boolean, 3 any other type
    int isint;         // a number with an integer value
    lua_Integer i;     // integer value, or the boolean
    lua_Number d;      // float value
    const char *s;     // string bytes (anchored by the snapshot table)
    size_t len;
    uint64_t prefix;   // the first 8 bytes, big-endian, zero-padded: most comparisons end here
    lua_Integer index; // position in the raw snapshot
} OrderKey;

// Snapshot layout: keys at 1…n in canonical order; metadata at non-positive integer keys.
enum { SNAP_COUNT = 0, SNAP_LAST = -1, SNAP_SORTED = -2 };

static void key_info(lua_State *L, int idx, OrderKey *k) {
    memset(k, 0, sizeof *k);
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER: {
        int isnum = 0;
        lua_Integer i = lua_tointegerx(L, idx, &isnum);  // 2.0 is the key 2, as in a table
        if (isnum) { k->isint = 1; k->i = i; }
        else k->d = lua_tonumber(L, idx);
        k->rank = 0;
        break;
    }
    case LUA_TSTRING:
        k->rank = 1;
        k->s = lua_tolstring(L, idx, &k->len);
        for (size_t i = 0; i < 8; i++) k->prefix = (k->prefix << 8) | (i < k->len ? (unsigned char)k->s[i] : 0);
        break;
    case LUA_TBOOLEAN: k->rank = 2; k->i = lua_toboolean(L, idx); break;
    default: k->rank = 3; break;
    }
}

/// i < f exactly, for an integer and a float that is not integral within the integer range.
static int int_lt_float(lua_Integer i, lua_Number f) {
    if (f >= 9223372036854775808.0) return 1;    // 2^63: above every integer
    if (f < -9223372036854775808.0) return 0;    // below every integer
    if (f == -9223372036854775808.0) return 0;
    return i < (lua_Integer)ceil(f);
}

static int key_cmp(const OrderKey *a, const OrderKey *b) {
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    switch (a->rank) {
    case 0:
        if (a->isint && b->isint) return a->i < b->i ? -1 : a->i > b->i;
        if (!a->isint && !b->isint) return a->d < b->d ? -1 : a->d > b->d;
        if (a->isint) return int_lt_float(a->i, b->d) ? -1 : 1;
        return int_lt_float(b->i, a->d) ? 1 : -1;
    case 1: {
        if (a->prefix != b->prefix) return a->prefix < b->prefix ? -1 : 1;
        size_t n = a->len < b->len ? a->len : b->len;
        int c = n > 8 ? memcmp(a->s + 8, b->s + 8, n - 8) : 0;
        if (c) return c < 0 ? -1 : 1;
        return a->len < b->len ? -1 : a->len > b->len;
    }
    case 2: return a->i < b->i ? -1 : a->i > b->i;
    default: return 0;  // other types keep their raw order (the sort is stable)
    }
}

/// Stable bottom-up merge sort of the pointers keys[0…n) using scratch[0…n) (pointers, not
/// the 48-byte keys, move: the sort is about comparisons, not copying).
static void merge_sort(const OrderKey **keys, const OrderKey **scratch, size_t n) {
    const OrderKey **from = keys, **to = scratch;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t a = lo, b = mid, o = lo;
            while (a < mid && b < hi) to[o++] = key_cmp(from[b], from[a]) < 0 ? from[b++] : from[a++];
            while (a < mid) to[o++] = from[a++];
            while (b < hi) to[o++] = from[b++];
        }
        const OrderKey **t = from; from = to; to = t;
    }
    if (from != keys) memcpy(keys, from, n * sizeof *keys);
}

/// Keys sorted on the C stack up to this many; a larger table sorts in a userdata buffer.
#define SMALL_SNAPSHOT 32

/// Pushes a sorted snapshot of the keys of the table at t (absolute index).
static void push_snapshot(lua_State *L, int t) {
    lua_Integer n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) { lua_pop(L, 1); n++; }  // counting first saves growing the snapshot
    lua_createtable(L, n < 0x7fffffff ? (int)n : 0, 3);
    int snap = lua_gettop(L);
    n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {  // the raw keys, anchoring strings while they are sorted
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, snap, ++n);
    }
    lua_Integer sorted = 0;
    if (n > 1) {
        OrderKey small[SMALL_SNAPSHOT];
        const OrderKey *small_order[2 * SMALL_SNAPSHOT];
        OrderKey *keys = small;
        const OrderKey **order = small_order;
        if (n > SMALL_SNAPSHOT) {
            size_t bytes = (sizeof(OrderKey) + 2 * sizeof(OrderKey *)) * (size_t)n;
            keys = (OrderKey *)lua_newuserdatauv(L, bytes, 0);
            order = (const OrderKey **)(keys + n);
        }
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, snap, i);
            key_info(L, -1, &keys[i - 1]);
            keys[i - 1].index = i;
            order[i - 1] = &keys[i - 1];
            lua_pop(L, 1);  // the string stays alive in the snapshot
            if (keys[i - 1].rank < 3) sorted++;
        }
        merge_sort(order, order + n, (size_t)n);
        // Put the keys in sorted order in place, cycle by cycle: position j takes the key that
        // was at position order[j - 1]->index (one key at a time rests on the stack). `dest`
        // reuses each key's `len` slot: where its key must go.
        for (lua_Integer j = 1; j <= n; j++) ((OrderKey *)order[j - 1])->len = (size_t)j;
        for (lua_Integer start = 1; start <= n; start++) {
            if ((lua_Integer)keys[start - 1].len == start) continue;
            lua_rawgeti(L, snap, start);  // the key at start, on its way to its place
            lua_Integer cur = start;
            for (;;) {
                lua_Integer dest = (lua_Integer)keys[cur - 1].len;
                keys[cur - 1].len = (size_t)cur;  // this position is done once filled below
                if (dest == start) { lua_rawseti(L, snap, start); break; }
                lua_rawgeti(L, snap, dest);       // the key there moves on next
                lua_insert(L, -2);
                lua_rawseti(L, snap, dest);
                cur = dest;
            }
        }
        if (keys != small) lua_pop(L, 1);  // the sort buffer
    } else if (n == 1) {
        lua_rawgeti(L, snap, 1);
        sorted = lua_type(L, -1) == LUA_TNUMBER || lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TBOOLEAN;
        lua_pop(L, 1);
    }
    lua_pushinteger(L, n);
    lua_rawseti(L, snap, SNAP_COUNT);
    lua_pushinteger(L, sorted);
    lua_rawseti(L, snap, SNAP_SORTED);
    lua_pushinteger(L, 0);
    lua_rawseti(L, snap, SNAP_LAST);
}

static lua_Integer snap_int(lua_State *L, int snap, lua_Integer slot) {
    lua_rawgeti(L, snap, slot);
    lua_Integer v = lua_tointeger(L, -1);
    lua_pop(L, 1);
    return v;
}

/// The position of key k (at kidx) in the snapshot at snap, or -1 if it is not there.
static lua_Integer locate(lua_State *L, int snap, int kidx) {
    lua_Integer n = snap_int(L, snap, SNAP_COUNT), sorted = snap_int(L, snap, SNAP_SORTED);
    OrderKey k, probe;
    key_info(L, kidx, &k);
    if (k.rank < 3) {
        lua_Integer lo = 1, hi = sorted;
        while (lo <= hi) {
            lua_Integer mid = lo + (hi - lo) / 2;
            lua_rawgeti(L, snap, mid);
            key_info(L, -1, &probe);
            int c = key_cmp(&probe, &k);
            lua_pop(L, 1);  // the key stays alive in the snapshot
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }
    for (lua_Integer i = sorted + 1; i <= n; i++) {
        lua_rawgeti(L, snap, i);
        int same = lua_rawequal(L, -1, kidx);
        lua_pop(L, 1);
        if (same) return i;
    }
    return -1;
}

/// Pushes the first key after position pos in the snapshot at snap whose value in the table
/// at t is not nil, and that value; records the position. Returns 0 (nothing pushed) at the end.
static int step(lua_State *L, int snap, int t, lua_Integer pos) {
    lua_Integer n = snap_int(L, snap, SNAP_COUNT);
    for (lua_Integer p = pos + 1; p <= n; p++) {
        lua_rawgeti(L, snap, p);  // key
        lua_pushvalue(L, -1);
        lua_rawget(L, t);         // value, now
        if (!lua_isnil(L, -1)) {
            lua_pushinteger(L, p);
            lua_rawseti(L, snap, SNAP_LAST);  // the slot exists: no allocation
            return 1;
        }
        lua_pop(L, 2);
    }
    lua_pushinteger(L, n);
    lua_rawseti(L, snap, SNAP_LAST);
    return 0;
}

/// For a key k (at kidx) absent from the snapshot at snap: the position of the last key that
/// comes before it (a key of another type: the last sortable key's).
static lua_Integer position_before(lua_State *L, int snap, int kidx) {
    lua_Integer sorted = snap_int(L, snap, SNAP_SORTED), lo = 1, hi = sorted, before = 0;
    OrderKey k, probe;
    key_info(L, kidx, &k);
    if (k.rank == 3) return sorted;
    while (lo <= hi) {
        lua_Integer mid = lo + (hi - lo) / 2;
        lua_rawgeti(L, snap, mid);
        key_info(L, -1, &probe);
        int c = key_cmp(&probe, &k);
        lua_pop(L, 1);
        if (c < 0) { before = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return before;
}

/// Snapshots the table at 1, caches it (cache at upvalue 1) and leaves it at the top.
static void fresh_snapshot(lua_State *L) {
    push_snapshot(L, 1);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, lua_upvalueindex(1));
}

/// next(t [, k]) in the canonical order. Upvalue 1: the weak-keyed snapshot cache.
static int ordered_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    lua_Integer pos;
    if (lua_isnil(L, 2)) {
        // The first key is the least one: one pass and no snapshot, so that `next(t) == nil`
        // stays cheap. A walk that goes on snapshots at its second step; what is cached for t
        // now is only the key returned (the walk may clear it before asking for the next).
        OrderKey best, k;
        int found = 0;
        lua_pushnil(L);  // 3: the least key so far
        lua_pushnil(L);  // 4: its value
        lua_pushnil(L);
        while (lua_next(L, 1)) {  // 5: key, 6: value
            key_info(L, 5, &k);
            if (!found || key_cmp(&k, &best) < 0) {  // ties (other types) keep the first, as the sort does
                lua_copy(L, 5, 3);
                lua_copy(L, 6, 4);
                key_info(L, 3, &best);  // the copy at 3 anchors the string best points into
                found = 1;
            }
            lua_pop(L, 1);
        }
        lua_settop(L, 4);
        lua_pushvalue(L, 1);
        if (!found) {
            lua_pushnil(L);
            lua_rawset(L, lua_upvalueindex(1));  // removing a key never allocates
            lua_pushnil(L);
            return 1;
        }
        lua_createtable(L, 1, 1);  // a pending walk: its first key, no snapshot yet
        lua_pushvalue(L, 3);
        lua_rawseti(L, -2, 1);
        lua_pushinteger(L, -1);
        lua_rawseti(L, -2, SNAP_COUNT);
        lua_rawset(L, lua_upvalueindex(1));
        return 2;
    } else {
        lua_pushvalue(L, 1);
        lua_rawget(L, lua_upvalueindex(1));
        if (lua_type(L, 3) == LUA_TTABLE && snap_int(L, 3, SNAP_COUNT) == -1) {
            // The second step of a walk: snapshot now. The key the first step returned may
            // have been cleared since (as Lua allows): the walk goes on after where it was.
            lua_rawgeti(L, 3, 1);
            int first = lua_rawequal(L, -1, 2);
            lua_settop(L, 2);
            fresh_snapshot(L);
            pos = locate(L, 3, 2);
            if (pos < 0 && first) pos = position_before(L, 3, 2);
        } else if (lua_type(L, 3) != LUA_TTABLE) {
            lua_settop(L, 2);
            fresh_snapshot(L);
            pos = locate(L, 3, 2);
        } else {
            pos = snap_int(L, 3, SNAP_LAST);
            lua_rawgeti(L, 3, pos);
            int same = pos > 0 && lua_rawequal(L, -1, 2);
            lua_pop(L, 1);
            if (!same) pos = locate(L, 3, 2);
        }
        if (pos < 0) {  // a key added since the snapshot was made, or none of the table's
            lua_settop(L, 2);
            fresh_snapshot(L);
            pos = locate(L, 3, 2);
            if (pos < 0) return luaL_error(L, "invalid key to 'next'");
        }
    }
    if (step(L, 3, 1, pos)) return 2;
    // Done: forget the snapshot (a later next(t, k) makes a new one).
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    lua_rawset(L, lua_upvalueindex(1));
    lua_pushnil(L);
    return 1;
}

/// The iterator pairs returns, a closure over (table, snapshot, position, count): the next
/// key after the position whose value is not nil now, and that value. Each traversal has its
/// own snapshot, so nested and interleaved loops never disturb each other.
static int pairs_iter(lua_State *L) {
    lua_Integer pos = lua_tointeger(L, lua_upvalueindex(3)), n = lua_tointeger(L, lua_upvalueindex(4));
    int t = lua_upvalueindex(1), snap = lua_upvalueindex(2);
    while (++pos <= n) {
        lua_rawgeti(L, snap, pos);  // key
        lua_pushvalue(L, -1);
        lua_rawget(L, t);           // value, now
        if (!lua_isnil(L, -1)) {
            lua_pushinteger(L, pos);
            lua_replace(L, lua_upvalueindex(3));
            return 2;
        }
        lua_pop(L, 2);
    }
    lua_pushinteger(L, n);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushnil(L);
    return 1;
}

static int pairs_cont(lua_State *L, int status, lua_KContext k) {
    (void)L; (void)status; (void)k;
    return 3;
}

/// pairs(t): __pairs if t has one; else for a table an iterator over a snapshot of its keys
/// made now; else the ordered next (upvalue 1), t, nil, whose error then names the iterator
/// as Lua's does.
static int ordered_pairs(lua_State *L) {
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") == LUA_TNIL) {
        if (lua_type(L, 1) == LUA_TTABLE) {
            lua_pushvalue(L, 1);
            push_snapshot(L, 1);
            lua_pushinteger(L, 0);
            lua_rawgeti(L, -2, SNAP_COUNT);
            lua_pushcclosure(L, pairs_iter, 4);
            lua_pushvalue(L, 1);  // the state and control values, as Lua's pairs gives them
        } else {
            lua_pushvalue(L, lua_upvalueindex(1));
            lua_pushvalue(L, 1);
        }
        lua_pushnil(L);
    } else {
        lua_pushvalue(L, 1);
        lua_callk(L, 1, 3, 0, pairs_cont);
    }
    return 3;
}

int clua_install_ordered_iteration(lua_State *L) {
    lua_newtable(L);                      // the cache: table → its snapshot
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, ordered_next, 1);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "next");
    lua_pushcclosure(L, ordered_pairs, 1);
    lua_setglobal(L, "pairs");
    return 0;
}
