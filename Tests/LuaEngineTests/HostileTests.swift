import Foundation
import Testing
@testable import LuaEngine

final class ResultBox<R>: @unchecked Sendable { var result: Result<R, Error>? }

/// The hostile suite: every script in Tests/Hostile must get exactly the error its header
/// names (`-- expect: KIND [substring]`), and the process and other states must survive.
@Suite struct HostileTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Hostile")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".lua") }.sorted()
    }

    struct Header: Sendable {
        var kind = ""
        var substring = ""
        /// The deadline is only a guard against a hang, an hour away: a script expected to hit
        /// its memory cap or instruction budget must hit it however slow or loaded the machine
        /// is. Scripts expecting `time` name their own (short) timeout and never end otherwise.
        var limits = LuaLimits(memory: 64 << 20, timeout: .seconds(3600))
        var profile = LuaProfile.sandboxed
    }

    static func header(of source: String) throws -> Header {
        var h = Header()
        for line in source.split(separator: "\n").prefix(while: { $0.hasPrefix("--") }) {
            let text = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("expect:") {
                let rest = text.dropFirst(7).trimmingCharacters(in: .whitespaces)
                let parts = rest.split(separator: " ", maxSplits: 1)
                h.kind = parts.first.map(String.init) ?? ""
                h.substring = parts.count > 1 ? String(parts[1]) : ""
            } else if text.hasPrefix("limits:") {
                for item in text.dropFirst(7).split(separator: " ") {
                    let kv = item.split(separator: "=")
                    guard kv.count == 2 else { continue }
                    let v = String(kv[1])
                    switch kv[0] {
                    case "memory": h.limits.memory = try parseSize(v)
                    case "instructions": h.limits.instructions = Int64(v.replacingOccurrences(of: "_", with: ""))
                    case "timeout": h.limits.timeout = try parseDuration(v)
                    default: throw LuaError(kind: .runtime, message: "unknown limit \(kv[0])")
                    }
                }
            } else if text.hasPrefix("profile:") {
                h.profile = text.contains("trusted") ? .trusted : .sandboxed
            }
        }
        return h
    }

    static func parseSize(_ s: String) throws -> Int {
        let units: [(String, Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)]
        for (u, f) in units where s.uppercased().hasSuffix(u) { return Int(Double(s.dropLast(2))! * Double(f)) }
        return Int(s)!
    }

    static func parseDuration(_ s: String) throws -> Duration {
        if s.hasSuffix("ms") { return .milliseconds(Int64(s.dropLast(2))!) }
        if s.hasSuffix("s") { return .milliseconds(Int64(Double(s.dropLast())! * 1000)) }
        return .seconds(Int64(s)!)
    }

    /// A host object scripts can attack: read-only fields, protected metatable.
    final class Host {}

    static func makeState(_ h: Header, output: @escaping (String) -> Void) throws -> LuaState {
        let lua = try LuaState(profile: h.profile, limits: h.limits, seed: 1, output: output)
        try lua.register(LuaClass<Host>("Host").field("name") { _ in "host" }.field("answer") { _ in 42 })
        try lua.setGlobal("host", .object(Host()))
        return lua
    }

    /// Runs `body` on a thread with an 16 MiB stack (as the CLI's main thread has 8 MiB), so
    /// that Lua's own C-stack guard, not the test runner's small stacks, decides deep recursion.
    /// It waits as long as the body takes: every script is bounded by its own limits (and
    /// closing a state by the finalizer budget), never by how long the test waits.
    static func onLargeStack<R>(_ body: @escaping @Sendable () throws -> R) throws -> R? {
        let box = ResultBox<R>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { try body() }
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        done.wait()
        return try box.result?.get()
    }

    @Test func theSuiteHasAtLeastThirtyScriptsCoveringEveryKind() throws {
        #expect(Self.scripts.count >= 30)
        var kinds: Set<String> = []
        for s in Self.scripts {
            kinds.insert(try Self.header(of: String(contentsOf: Self.folder.appendingPathComponent(s), encoding: .utf8)).kind)
        }
        #expect(kinds.isSuperset(of: ["memory", "instructions", "time", "error", "ok"]))
    }

    @Test(arguments: scripts)
    func hostileScriptGetsItsError(script: String) throws {
        let source = try String(contentsOf: Self.folder.appendingPathComponent(script), encoding: .utf8)
        let h = try Self.header(of: source)
        let out = OutputBox()
        let outcome = try Self.onLargeStack { () throws -> LuaError? in
            let lua = try Self.makeState(h) { out.text += $0 }
            defer { lua.close() }
            do {
                try lua.run(source, chunkName: "@" + script)
            } catch let e as LuaError {
                return e
            }
            return nil
        }
        guard let caught = outcome else {
            Issue.record("\(script): the harness got no result")
            return
        }
        switch h.kind {
        case "ok":
            #expect(caught == nil, "\(script): \(caught?.message ?? "")")
            #expect(out.text.hasSuffix("ok\n"), "\(script) printed \(out.text.suffix(200))")
        case "error":
            let e = try #require(caught, "\(script) should fail")
            #expect(!e.kind.isLimit, "\(script): \(e.kind) \(e.message)")
            #expect(e.message.contains(h.substring), "\(script): \(e.message)")
        case "memory", "instructions", "time":
            let e = try #require(caught, "\(script) should fail")
            #expect(e.kind.rawValue == h.kind, "\(script): got \(e.kind) \(e.message)")
        default:
            Issue.record("\(script): unknown expectation '\(h.kind)'")
        }
        // The state was closed (its finalizers bounded); a new state is clean.
        let fresh = try Self.makeState(Header()) { _ in }
        let r = try fresh.run("return ('x'):upper(), type(string.format), _G.x_tampered, host.answer", chunkName: "=check")
        #expect(r == ["X", "function", nil, .integer(42)])
    }
}
