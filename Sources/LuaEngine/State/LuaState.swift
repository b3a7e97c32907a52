import CLua
import CLuaSupport
import Foundation

/// One Lua 5.4 state: its lifetime, its limits and the entry points for running code.
///
/// A state belongs to one thread (it is not `Sendable`); use one state per worker.
/// Every call into Lua runs under `lua_pcall` with a message handler; Swift never calls a
/// raising Lua function outside a protected call (see `Sources/CLuaSupport/calls.c`).
///
/// ```swift
/// let lua = try LuaState()                       // sandboxed, default limits
/// let r = try lua.run("return 6 * 7", chunkName: "=answer")
/// r.first   // .integer(42)
/// ```
public final class LuaState {
    /// The raw state, for code that needs the C API directly (LuaEngine's own files).
    public let L: OpaquePointer
    let control: ControlBlock
    public let profile: LuaProfile
    /// Limits that apply to every call unless the call gives its own.
    public var limits: LuaLimits {
        didSet { timeoutNanoseconds = limits.timeoutNanoseconds }
    }
    private(set) var timeoutNanoseconds: Int64?
    let life = StateLife()
    var isClosed: Bool { life.isClosed }
    /// How many protected calls are active (host → Lua → host → Lua …). Kept in the
    /// control block: a stored property here would pay Swift's exclusivity checks per call.
    var callDepth: Int32 {
        get { control.pointer.pointee.call_depth }
        set { control.pointer.pointee.call_depth = newValue }
    }
    /// The thread host callbacks run on, while one is running.
    var activeThread: OpaquePointer? {
        get { control.pointer.pointee.active }
        set { control.pointer.pointee.active = newValue }
    }
    var messageHandlerRef: Int32 = 0
    /// Values that must live as long as the state (sinks, clock).
    var retained: [AnyObject] = []
    var classNames: [ObjectIdentifier: String] = [:]
    /// The sandbox's base environment (registry reference), for per-script globals.
    var sandboxBaseRef: Int32 = 0
    var sandboxEnvFactory: LuaRef?
    var sandboxLoaded: LuaRef?
    /// The sandbox's function making read-only views (see ``readOnly(_:name:)``).
    var sandboxFreeze: LuaRef?

    /// Creates a state.
    /// - Parameters:
    ///   - profile: `.sandboxed` (default) or `.trusted`.
    ///   - limits: applied to every call unless a call gives its own.
    ///   - seed: seeds `math.random`; nil leaves Lua's own random seed.
    ///   - clock: the time `os.time`, `os.date` and `os.clock` read (sandboxed and trusted).
    ///   - output: where `print` writes; nil writes to the process's stdout as `lua5.4` does.
    ///   - moduleLoader: resolves `require` in the sandbox (see ``LuaModuleLoader``).
    /// - Throws: ``LuaError`` if the libraries could not be set up.
    public init(profile: LuaProfile = .sandboxed, limits: LuaLimits? = nil, seed: Int64? = nil,
                clock: LuaClock? = nil, output: ((String) -> Void)? = nil,
                moduleLoader: LuaModuleLoader? = nil) throws {
        self.profile = profile
        self.limits = limits ?? (profile == .sandboxed ? .default : .unlimited)
        timeoutNanoseconds = self.limits.timeoutNanoseconds
        control = ControlBlock()
        let c = control.pointer
        guard let L = lua_newstate(clua_alloc, UnsafeMutableRawPointer(c)) else {
            throw LuaError(kind: .memory, message: "could not create a Lua state")
        }
        self.L = L
        clua_set_control(L, c)
        c.pointee.main = L
        c.pointee.current = L
        c.pointee.grace = 1  // allocations never fail outside a protected call
        c.pointee.max_depth = Int32(self.limits.hostDepth)
        c.pointee.dispatch = luaEngineDispatch
        c.pointee.release = luaEngineRelease
        lua_atpanic(L, clua_panic)

        if let output {
            let sink = OutputSink(output)
            retained.append(sink)
            c.pointee.write = luaEngineWrite
            c.pointee.write_ud = Unmanaged.passUnretained(sink).toOpaque()
        }
        if let clock {
            let box = ClockBox(clock)
            retained.append(box)
            c.pointee.clock = luaEngineClock
            c.pointee.clock_ud = Unmanaged.passUnretained(box).toOpaque()
        }

        lua_pushcclosure(L, clua_msgh, 0)
        messageHandlerRef = luaL_ref(L, clua_registryindex())
        // The main thread's stack index 1 holds the message handler for the whole life of
        // the state, so a call from Swift needs no push and rotate for it.
        lua_pushcclosure(L, clua_msgh, 0)

        let libs: Int64 = profile == .trusted ? 0x3ff : SandboxRules.libraryMask
        try callC(clua_openlibs, [.integer(libs)], limits: LuaLimits.unlimited)
        // Runs are reproducible: `pairs`/`next` walk number, string and boolean keys in one
        // canonical order (Sources/CLuaSupport/order.c). The trusted profile keeps Lua's own,
        // so that a person's scripts behave exactly as under `lua5.4`.
        if profile == .sandboxed { try callC(clua_install_ordered_iteration, [], limits: LuaLimits.unlimited) }
        if output != nil { clua_set_print(L) }
        if let seed { try callC(clua_seed_random, [.integer(seed)], limits: LuaLimits.unlimited) }
        if profile == .sandboxed { try installSandbox(moduleLoader: moduleLoader) }
        // A trusted state given limits (`kehu run --trust --timeout 2s`) keeps its finalizers
        // within them too; without limits, setmetatable is Lua's own, as under lua5.4.
        let l = self.limits
        if profile == .trusted && (l.memory != nil || l.instructions != nil || l.timeout != nil) {
            try setGlobal("setmetatable", .function(try guardedSetmetatable()))
        }
        // Trusted code can set finalizers anywhere; the sandbox notes each __gc it wraps.
        c.pointee.finalizers = profile == .trusted ? 1 : 0
        if profile == .trusted { clua_gc_stop(L) }  // restarted by each call (see protectedCall)
    }

    deinit { close() }

    /// Closes the state: runs pending `__gc` metamethods and frees its memory.
    /// Using the state afterwards throws ``LuaError`` of kind `.closed`.
    ///
    /// A finalizer stopped on the way (sandbox: over ``finalizerBudget`` instructions or the
    /// state's memory cap) is reported through ``warningHandler`` — closing never hangs and
    /// never stops a finalizer silently.
    public func close() {
        guard !isClosed else { return }
        life.isClosed = true
        Watchdog.shared.unregister(control)
        control.withLock { $0.pointee.main = nil }
        // Pending finalizers run now. The sandbox runs each in a coroutine, which inherits this
        // budget and the memory cap, so a finalizer that never ends or allocates without end
        // cannot keep the state from closing. (Freeing never fails: only growth is refused.)
        let c = control.pointer
        c.pointee.abort_kind = 0
        c.pointee.refused = 0
        c.pointee.counted = 0
        c.pointee.stop_line = -1
        c.pointee.budget = LuaState.finalizerBudget
        c.pointee.hook_count = Int32(LuaLimits.hookGranularity)
        c.pointee.cap = limits.memory.map { max(0, $0) } ?? 0
        c.pointee.grace = profile == .sandboxed ? 0 : 1
        clua_sethook_base(L, c)
        clua_gc_restart(L)
        lua_close(L)
        var stopped = c.pointee.abort_kind
        if stopped == 0 && c.pointee.cap != 0 && c.pointee.refused != 0 { stopped = Int32(CLUA_ABORT_MEMORY) }
        if stopped != 0 {
            var what = String(cString: clua_abort_message(stopped))
            if stopped == Int32(CLUA_ABORT_INSTRUCTIONS) { what += " (\(LuaState.finalizerBudget) instructions for all finalizers)" }
            if stopped == Int32(CLUA_ABORT_MEMORY), let cap = limits.memory { what += " (\(cap) bytes)" }
            var place = ""
            if c.pointee.stop_line > 0 {
                let src = withUnsafeBytes(of: c.pointee.stop_src) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
                place = " at \(src):\(c.pointee.stop_line)"
            }
            warningHandler("a __gc finalizer was stopped while the Lua state closed\(place): \(what); the finalizers after it did not finish")
        }
        control.withLock { $0.pointee.current = nil }
        retained.removeAll()
    }

    /// Where ``close()`` reports a finalizer it stopped; the process's standard error by default.
    public var warningHandler: (String) -> Void = { message in
        FileHandle.standardError.write(Data("kehu: warning: \(message)\n".utf8))
    }

    /// Instructions all finalizers together may run while the state closes.
    static let finalizerBudget: Int64 = 20_000_000

    /// Bytes the state holds now, as counted by its allocator.
    public var memoryInUse: Int { Int(control.pointer.pointee.used) }
    /// The most bytes the state held at once.
    public var peakMemory: Int { Int(control.pointer.pointee.peak) }

    /// A handle another thread may use to interrupt the running call (Ctrl-C in a REPL).
    public var interruptHandle: LuaInterruptHandle { LuaInterruptHandle(control: control) }

    func checkOpen() throws {
        if isClosed { throw LuaError(kind: .closed, message: "the Lua state is closed") }
    }

    /// The thread stack operations use: the callback's thread while a host function runs.
    var T: OpaquePointer { activeThread ?? L }
}

/// Interrupts the call running on a state, from any thread.
public struct LuaInterruptHandle: @unchecked Sendable {
    let control: ControlBlock
    /// Ends the running call with ``LuaError/Kind/interrupted`` at its next instruction.
    /// Does nothing if no call is running. Safe from any thread; not from a signal handler.
    public func interrupt() {
        control.withLock { c in
            guard c.pointee.current != nil, c.pointee.main != nil else { return }
            clua_set_interrupt(c, 1)
            clua_arm_locked(c)
        }
    }
}

/// The clock `os.time`, `os.date` and `os.clock` read: an injectable source of time.
public struct LuaClock: Sendable {
    /// Seconds since the epoch, for `os.time()` and `os.date()`.
    public var now: @Sendable () -> Double
    /// Processor seconds, for `os.clock()`.
    public var cpu: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double, cpu: @escaping @Sendable () -> Double) {
        self.now = now
        self.cpu = cpu
    }

    /// A calendar stopped at `epochSeconds`, for reproducible runs (`os.time`, `os.date`);
    /// `os.clock()` still measures the processor time it is for, as under `lua5.4`.
    public static func fixed(_ epochSeconds: Double) -> LuaClock {
        LuaClock(now: { epochSeconds }, cpu: processorSeconds)
    }

    /// The process's processor time in seconds, as C's `clock()` gives it (what `os.clock` reads).
    @Sendable public static func processorSeconds() -> Double {
        Double(clock()) / Double(CLOCKS_PER_SEC)
    }
}

final class OutputSink {
    let write: (String) -> Void
    init(_ write: @escaping (String) -> Void) { self.write = write }
}

final class ClockBox {
    let clock: LuaClock
    init(_ clock: LuaClock) { self.clock = clock }
}

private func luaEngineWrite(_ ud: UnsafeMutableRawPointer?, _ bytes: UnsafePointer<CChar>?, _ len: Int) {
    guard let ud, let bytes else { return }
    let sink = Unmanaged<OutputSink>.fromOpaque(ud).takeUnretainedValue()
    let buffer = UnsafeRawBufferPointer(start: bytes, count: len)
    sink.write(String(decoding: buffer, as: UTF8.self))
}

private func luaEngineClock(_ ud: UnsafeMutableRawPointer?, _ which: Int32) -> Double {
    guard let ud else { return 0 }
    let box = Unmanaged<ClockBox>.fromOpaque(ud).takeUnretainedValue()
    return which == 1 ? box.clock.cpu() : box.clock.now()
}
