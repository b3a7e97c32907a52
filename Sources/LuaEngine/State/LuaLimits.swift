/// What a state or a call may consume before the engine ends it.
///
/// Crossing a limit ends the call with ``LuaError`` of kind `.memory`, `.instructions` or
/// `.time`; the script's own `pcall` cannot swallow it, and the host goes on.
///
/// ```swift
/// let limits = LuaLimits(memory: 64 << 20, timeout: .seconds(2))
/// let deterministic = LuaLimits(memory: 64 << 20, instructions: 10_000_000)
/// ```
public struct LuaLimits: Sendable, Equatable {
    /// Bytes the state may hold at once (a counting allocator); nil for no cap.
    public var memory: Int?
    /// VM instructions a call may run, counted by a count hook; nil for no budget.
    /// Deterministic, for tests and replays; it costs a hook on every instruction block.
    public var instructions: Int64?
    /// Wall-clock time a call may take; nil for none. Checked by a watchdog thread that arms
    /// the hook only when the deadline has passed, so it costs nothing before that.
    public var timeout: Duration?
    /// How deeply Lua → Swift → Lua calls may nest (bounds the C stack the host adds).
    public var hostDepth: Int

    public init(memory: Int? = nil, instructions: Int64? = nil, timeout: Duration? = nil, hostDepth: Int = 64) {
        self.memory = memory
        self.instructions = instructions
        self.timeout = timeout
        self.hostDepth = hostDepth
    }

    /// No limits at all (trusted scripts, as `lua5.4` runs them).
    public static let unlimited = LuaLimits()

    /// The defaults for untrusted code: 256 MiB and 30 seconds a call.
    public static let `default` = LuaLimits(memory: 256 << 20, timeout: .seconds(30))

    var timeoutNanoseconds: Int64? {
        timeout.map { max(1, $0.components.seconds * 1_000_000_000 + $0.components.attoseconds / 1_000_000_000) }
    }

    /// Instructions counted between two hook calls when a budget is set.
    static let hookGranularity: Int32 = 1000
}

/// Which standard libraries a state opens and how far scripts are trusted.
public enum LuaProfile: Sendable, Equatable {
    /// Untrusted code (the default): the allow-list in ``SandboxRules``.
    case sandboxed
    /// A person's own scripts: every standard library, as `lua5.4` opens them.
    case trusted
}
