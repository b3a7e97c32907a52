// Bounding the pattern matcher: an estimate of the backtracking a pattern needs, checked before Lua's matcher (which cannot be interrupted) runs.
#include "clua_support.h"

// MARK: - Bounding the pattern matcher

// Lua's pattern matcher is C: no hook runs inside it, so a backtracking pattern on a long
// subject can hold the host past any deadline. The sandbox estimates the backtracking
// before the match and refuses what could run for more than about a second. The estimate
// multiplies, over the quantified items, how far each can expand on this subject (the
// longest run of bytes its class matches; for a lazy item followed by a literal, the longest
// stretch without that literal), by the start positions and the pattern's length.

/// Does byte `c` match the class `p` (one of: '.', '%x', '[set]', a literal)? `ep` ends it.
int clua_class_matches(unsigned char c, const char *p, const char *ep) {
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
const char *clua_class_end(const char *p, const char *pend) {
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
double clua_longest_run(const char *s, size_t n, const char *p, const char *ep, int negate) {
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
int clua_fixed_rest_matches(const char *s, size_t n, size_t e, const char *rp, const char *pend) {
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
double clua_run_sum(const char *s, size_t n, const char *p, const char *ep, int negate,
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
double clua_leading_run(const char *s, size_t n, const char *p, const char *ep, int negate) {
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
double clua_pattern_cost(const char *s, size_t n, const char *p, size_t pl, int can_anchor) {
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
int clua_sandbox_pattern(lua_State *L) {
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
int clua_make_pattern_guard(lua_State *L) {
    lua_settop(L, 2);
    lua_pushcclosure(L, clua_sandbox_pattern, 2);
    return 1;
}
