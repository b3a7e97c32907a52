import Foundation
import KehuCore
import LuaEngine

/// The evaluating half of the REPL, with no terminal in it: feed it lines, it says whether
/// it needs more (an open `function`, table or string), or gives what to print. The line
/// editor, history and signals live in the CLI.
///
/// ```swift
/// let console = try Console(store: store, asOf: Day(iso: "2026-11-25")!)
/// console.feed("for i = 1, 2 do")   // .more
/// console.feed("print(i) end")      // .done("") after printing 1 and 2
/// console.feed("1 + 1")             // .done("2")
/// ```
public final class Console {
    public enum Outcome: Equatable {
        /// The chunk is incomplete: show the continuation prompt.
        case more
        /// It ran; `output` is what its values look like (empty when it returned nothing).
        case done(output: String, seconds: Double)
        /// A syntax or runtime error, with a short traceback.
        case failed(String)
    }

    public private(set) var session: PlaybookSession
    let store: KehuDatabase?
    let trusted: Bool
    /// What math.random is seeded with in each session (nil: at random, as lua5.4 does).
    let seed: Int64?
    let output: (String) -> Void
    private var env: LuaRef
    private var helpers: LuaRef
    private var pending: [String] = []
    /// Whether a statement is running (so Ctrl-C interrupts it rather than the input).
    public var running: Bool { target.isRunning }
    /// What Ctrl-C stops, shared with the thread that watches for it.
    public let target = InterruptTarget()

    public init(store: KehuDatabase?, playbook: Playbook? = nil, asOf: Day, language: String = "zh",
                trusted: Bool = false, seed: Int64? = 0, output: @escaping (String) -> Void) throws {
        self.store = store
        self.trusted = trusted
        self.seed = seed
        self.output = output
        session = try PlaybookSession(playbook: playbook, asOf: asOf, language: language,
                                      limits: trusted ? .unlimited : .default, seed: seed, trusted: trusted, output: output,
                                      log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        (env, helpers) = try Self.prepare(session)
        target.aim(at: session.lua.interruptHandle)
    }

    /// A fresh environment with the REPL's helpers (`help`, the printer, completion) and,
    /// when a playbook other than the standard one is loaded, its hooks as globals.
    private static func prepare(_ session: PlaybookSession) throws -> (LuaRef, LuaRef) {
        let env = try session.lua.newEnvironment()
        var api = LuaTable()
        for f in KehuAPI.functions {
            let params = f.parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
            let results = f.returns.map(\.type).joined(separator: ", ")
            var entry = LuaTable()
            entry["signature"] = .string(LuaString("\(f.name)(\(params))" + (results.isEmpty ? "" : " → \(results)")))
            entry["summary"] = .string(LuaString(f.summary))
            entry["example"] = .string(LuaString(f.example))
            api[f.name] = .table(entry)
        }
        // The client's fields and metrics, from their registries: help("credit_limit").
        for (prefix, fields) in [("c.", APIDocs.clientFields), ("c.metrics.", APIDocs.metricsFields)] {
            for field in fields {
                var entry = LuaTable()
                entry["signature"] = .string(LuaString("\(prefix)\(field.name): \(field.type)"))
                entry["summary"] = .string(LuaString(field.description))
                api[prefix + field.name] = .table(entry)
            }
        }
        let chunk = try session.lua.load(ConsolePrelude.source, chunkName: "=repl", env: env)
        guard let helpers = try session.lua.callForReference(chunk, [.table(api), .reference(try session.hooksTable())]) else {
            throw LuaError(kind: .runtime, message: "the REPL prelude returned nothing")
        }
        return (env, helpers)
    }

    public var playbook: Playbook { session.playbook }
    public var asOf: Day { session.runtime.asOf }

    /// Loads another playbook or date: a new session (globals start afresh, as the message says).
    public func reload(playbook: Playbook?, asOf: Day) throws {
        session = try PlaybookSession(playbook: playbook, asOf: asOf, language: session.runtime.language,
                                      limits: trusted ? .unlimited : .default, seed: seed, trusted: trusted, output: output, log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        (env, helpers) = try Self.prepare(session)
        helperCache = [:]
        target.aim(at: session.lua.interruptHandle)
        pending = []
    }

    /// Forgets a partly typed chunk (Ctrl-C at the continuation prompt).
    public func cancelInput() { pending = [] }
    public var isContinuing: Bool { !pending.isEmpty }


    /// Feeds one line of input.
    public func feed(_ line: String) -> Outcome {
        pending.append(line)
        let source = pending.joined(separator: "\n")
        let lua = session.lua
        // An expression first (`1 + 1` prints 2), as lua5.4 does; then a statement. The
        // expression's values are packed in the chunk rather than returned straight: `return
        // f()` is a tail call, which would take the typed line off the stack, so that an error
        // raised at the caller of a kehu function would point into the REPL's own code.
        var chunk: LuaRef
        var isExpression: Bool
        do {
            chunk = try lua.load("return " + source, chunkName: "=stdin", env: env)
            isExpression = false
            // The same text packed (`return 1;` is an expression that cannot be packed: kept as is).
            if let packed = try? lua.load("local __pack, __unpack = ...; local __r = __pack(" + source + "\n) return __unpack(__r, 1, __r.n)",
                                          chunkName: "=stdin", env: env) {
                chunk = packed
                isExpression = true
            }
        } catch {
            isExpression = false
            do {
                chunk = try lua.load(source, chunkName: "=stdin", env: env)
            } catch let e as LuaError {
                if e.kind == .syntax && e.message.hasSuffix("<eof>") { return .more }
                pending = []
                return .failed(e.message)
            } catch {
                pending = []
                return .failed("\(error)")
            }
        }
        pending = []
        target.setRunning(true)
        defer { target.setRunning(false) }
        let started = Date()
        do {
            let shown: String = try withDatabase {
                try lua.call(try helper(isExpression ? "eval_expression" : "eval"), [.function(chunk)]).first?.stringValue ?? ""
            }
            return .done(output: shown, seconds: Date().timeIntervalSince(started))
        } catch let e as LuaError {
            return .failed(Self.short(e))
        } catch {
            return .failed("\(error)")
        }
    }

    /// Candidates for the word from `start` to `end` (UTF-8 offsets) of `line`.
    public func completions(line: String, start: Int, end: Int) -> [String] {
        let bytes = Array(line.utf8)
        guard start >= 0, end <= bytes.count, start <= end else { return [] }
        return completions(word: String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// Candidates for a word being typed: globals, `kehu.` functions, fields of tables and
    /// host objects, Lua keywords.
    public func completions(word: String) -> [String] {
        guard let complete = try? helper("complete"),
              let r = try? withDatabase({ try session.lua.call(complete, [.string(LuaString(word))]) }),
              case .table(let t)? = r.first else { return [] }
        return t.array.compactMap(\.stringValue)
    }

    /// The registry's help for a name (`clients`, `kehu.clients`, `client:orders`), or a list.
    public func help(_ name: String) -> String {
        guard let help = try? helper("help_text"),
              let r = try? session.lua.call(help, [name.isEmpty ? .nil : .string(LuaString(name))]) else { return "" }
        return r.first?.stringValue ?? ""
    }

    /// A function of the REPL prelude, looked up once per session.
    private func helper(_ name: String) throws -> LuaRef {
        if let f = helperCache[name] { return f }
        let get = try session.lua.load("local t, k = ...; return t[k]", chunkName: "=repl")
        guard let f = try session.lua.callForReference(get, [.reference(helpers), .string(LuaString(name))]) else {
            throw LuaError(kind: .runtime, message: "no REPL helper \(name)")
        }
        helperCache[name] = f
        return f
    }
    private var helperCache: [String: LuaRef] = [:]

    /// Runs `body` with the database open for reading (a snapshot per statement).
    private func withDatabase<T>(_ body: () throws -> T) throws -> T {
        guard let store else { return try body() }
        return try store.read { db in
            session.runtime.db = db
            defer { session.runtime.db = nil }
            return try body()
        }
    }

    /// The message and the first few lines of the traceback (the REPL's own frames dropped).
    static func short(_ e: LuaError) -> String {
        var text = e.message
        if e.kind == .interrupted { return "interrupted" }
        let frames = e.traceback.split(separator: "\n").dropFirst()
            .filter { !$0.contains("[C]: in ?") && !$0.contains("repl:") && !$0.contains("in local 'statement'") }
            .prefix(4)
        if !frames.isEmpty { text += "\nstack traceback:\n" + frames.joined(separator: "\n") }
        return text
    }
}

/// The state a Ctrl-C stops: the console's current one (a `.playbook` or `.asof` makes a new
/// state), and whether a statement runs in it. Safe to use from the signal-watching thread.
public final class InterruptTarget: @unchecked Sendable {
    private let lock = NSLock()
    private var handle: LuaInterruptHandle?
    private var running = false

    func aim(at handle: LuaInterruptHandle) { lock.withLock { self.handle = handle } }
    func setRunning(_ value: Bool) { lock.withLock { running = value } }
    public var isRunning: Bool { lock.withLock { running } }

    /// Interrupts the running statement, if one runs; returns whether it did.
    @discardableResult
    public func interruptIfRunning() -> Bool {
        lock.withLock {
            guard running, let handle else { return false }
            handle.interrupt()
            return true
        }
    }
}
