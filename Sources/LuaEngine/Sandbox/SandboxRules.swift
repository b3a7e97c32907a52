/// What untrusted code may use: the whole sandbox on one screen.
///
/// Everything not listed is absent. Library tables are handed out read-only, the string
/// metatable is hidden behind a read-only view, and every script gets its own globals
/// whose missing names fall through to a shared, read-only base.
public enum SandboxRules {
    /// Base functions copied as they are (pcall/xpcall are already the guarded versions
    /// that re-raise a crossed limit; pairs/next the ordered ones of Sources/CLuaSupport/order.c,
    /// which walk number, string and boolean keys in one order in every process; setmetatable
    /// the one that keeps finalizers within the limits).
    public static let globals = [
        "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "print",
        "rawequal", "rawget", "rawlen", "select", "setmetatable", "tonumber", "tostring",
        "type", "xpcall", "_VERSION",
    ]

    /// Base functions replaced by checked versions (see `SandboxBootstrap`):
    /// `load` (text chunks only, the script's own globals by default), `rawset` (refuses
    /// read-only tables), `collectgarbage` (only the options below), `require` (only the
    /// host's modules and files under the module roots).
    public static let guarded = ["load", "rawset", "collectgarbage", "require"]

    /// Library functions, per library. `string.dump` is left out (binary chunks), and `os`
    /// keeps only its clock; `io`, `debug` and `package` are absent.
    public static let libraries: [String: [String]] = [
        "string": ["byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
                   "pack", "packsize", "rep", "reverse", "sub", "unpack", "upper"],
        "table": ["concat", "insert", "move", "pack", "remove", "sort", "unpack"],
        "math": ["abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max",
                 "maxinteger", "min", "mininteger", "modf", "pi", "rad", "random", "randomseed",
                 "sin", "sqrt", "tan", "tointeger", "type", "ult", "acos", "asin", "atan"],
        "utf8": ["char", "charpattern", "codepoint", "codes", "len", "offset"],
        "coroutine": ["close", "create", "isyieldable", "resume", "running", "status", "wrap", "yield"],
        "os": ["clock", "date", "difftime", "time"],
    ]

    /// `collectgarbage` options a script may use; "stop", "incremental", "generational"
    /// and "setpause"-style tuning would let a script defeat the memory cap's collector.
    public static let collectgarbageOptions = ["collect", "count", "step", "isrunning"]

    /// The standard libraries the sandbox opens before copying from them
    /// (base, coroutine, table, os, string, math, utf8 — not package, io, debug).
    static let libraryMask: Int64 = 1 | 4 | 8 | 32 | 64 | 128 | 256

}
