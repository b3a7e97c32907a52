/// An error from running Lua, readable after the state is gone.
///
/// `kind` says who stopped the call: the script (`runtime`, `syntax`), or the engine
/// because a limit was crossed (`memory`, `instructions`, `time`, `interrupted`, `depth`).
/// A script's own `pcall` cannot catch the engine's kinds.
///
/// ```swift
/// do { try state.run("error('boom')", chunkName: "=demo") }
/// catch let e as LuaError { print(e.kind, e.message, e.line ?? 0) }  // runtime "demo:1: boom" 1
/// ```
public struct LuaError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// An error raised while running (by `error`, a failed operation, or a host function).
        case runtime
        /// The chunk did not compile.
        case syntax
        /// The memory cap was crossed.
        case memory
        /// The instruction budget ran out.
        case instructions
        /// The wall-clock deadline passed.
        case time
        /// ``LuaInterruptHandle/interrupt()`` was called.
        case interrupted
        /// Lua → host → Lua re-entry went deeper than the bound.
        case depth
        /// The error handler itself failed.
        case handler
        /// A value could not be converted between Lua and Swift.
        case conversion
        /// The state was used after ``LuaState/close()``.
        case closed

        /// True for the kinds the engine raises when a limit is crossed.
        public var isLimit: Bool { [.memory, .instructions, .time, .interrupted, .depth].contains(self) }
    }

    public var kind: Kind
    /// The message as Lua would print it, position prefix included (`t.lua:3: boom`).
    public var message: String
    /// The chunk (short source) where the error arose, when known.
    public var chunk: String?
    /// The line where the error arose, when known.
    public var line: Int?
    /// `stack traceback:` and its lines, as `debug.traceback` writes them.
    public var traceback: String
    /// The Lua type of the error value (`string`, `table`, `nil`, …).
    public var valueType: String

    public init(kind: Kind, message: String, chunk: String? = nil, line: Int? = nil,
                traceback: String = "", valueType: String = "string") {
        self.kind = kind
        self.message = message
        self.chunk = chunk
        self.line = line
        self.traceback = traceback
        self.valueType = valueType
    }

    public var description: String {
        traceback.isEmpty ? message : message + "\n" + traceback
    }
}

/// Thrown from a Swift function exposed to Lua to report a bad argument; Lua sees
/// `bad argument #2 to 'client' (string expected, got nil)`.
public struct LuaArgumentError: Error, Sendable {
    public var position: Int
    public var message: String
    public init(position: Int, _ message: String) {
        self.position = position
        self.message = message
    }
}

/// Thrown from a Swift function exposed to Lua to raise a Lua error.
///
/// `LuaRaise("no client C0042")` raises the message with the caller's position prefix, as
/// `error(msg)` does; `LuaRaise(value:)` raises a value as-is, as `error(v, 0)` does.
public struct LuaRaise: Error, @unchecked Sendable {
    public var value: LuaValue
    public var addPosition: Bool
    public init(_ message: String) {
        self.value = .string(LuaString(message))
        self.addPosition = true
    }
    public init(value: LuaValue) {
        self.value = value
        self.addPosition = false
    }
}
