import Foundation
@testable import KehuCore
import LuaEngine
import Testing
@testable import KehuPlaybook

/// A playbook is untrusted code: the sandbox's hostile scripts, run as a playbook's hook,
/// must end the run with an error and leave the database as it was.
@Suite struct SandboxThroughPlaybookTests {
    static let hostile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Hostile")

    /// Hostile scripts that must fail, with their limits (scripts expected to finish `ok`
    /// and those for the trusted profile are left out: they test other things).
    static var failing: [(name: String, source: String, limits: LuaLimits)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: hostile.path)) ?? []).filter { $0.hasSuffix(".lua") }.sorted()
        return names.compactMap { name in
            guard let source = try? String(contentsOf: hostile.appendingPathComponent(name), encoding: .utf8) else { return nil }
            let header = source.split(separator: "\n").prefix { $0.hasPrefix("--") }
            guard let expect = header.first(where: { $0.contains("expect:") }), !expect.contains("expect: ok"),
                  !header.contains(where: { $0.contains("profile:") && $0.contains("trusted") }) else { return nil }
            // As in HostileTests: the deadline is a hang guard, not a limit a script may race.
            var limits = LuaLimits(memory: 64 << 20, timeout: .seconds(3600))
            if let line = header.first(where: { $0.contains("limits:") }) {
                for item in line.split(separator: " ") {
                    let kv = item.split(separator: "=")
                    guard kv.count == 2 else { continue }
                    let v = String(kv[1]).uppercased()
                    switch kv[0] {
                    case "memory":
                        let unit = v.hasSuffix("GB") ? 1 << 30 : v.hasSuffix("MB") ? 1 << 20 : v.hasSuffix("KB") ? 1 << 10 : 1
                        limits.memory = Int((Double(v.filter { $0.isNumber || $0 == "." }) ?? 0) * Double(unit))
                    case "instructions": limits.instructions = Int64(v.replacingOccurrences(of: "_", with: ""))
                    case "timeout":
                        limits.timeout = v.hasSuffix("MS") ? .milliseconds(Int64(v.dropLast(2)) ?? 1000) : .seconds(Int64(v.dropLast()) ?? 5)
                    default: break
                    }
                }
            }
            return (name, source, limits)
        }
    }

    @Test func hostileScriptsAsALoyaltyHookFailTheRunAndWriteNothing() throws {
        let store = try Dealer.make()
        let scripts = Self.failing
        #expect(scripts.count > 80)
        var stopped = 0
        for (name, source, limits) in scripts {
            // The script becomes the body of the hook; its top-level `...` stays legal.
            let hooks = "return { loyalty = function(...)\n\(source)\nend }"
            let dir = try TempPlaybook(name: "hostile", hooks: hooks)
            do {
                let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day, limits: limits)
                _ = try ScoreRun.run(store, session: session)
                Issue.record("\(name): the run should have failed")
            } catch is PlaybookError {
                stopped += 1
            }
            #expect(try Dealer.results(store) == [0, 0, 0, 0], "\(name)")
        }
        #expect(stopped == scripts.count)
    }

    @Test func aPlaybookCannotReachFilesProcessesOrTheDatabase() throws {
        let store = try Dealer.make()
        let attempts = [
            "io.open('/etc/passwd')", "os.execute('true')", "os.remove('kehu.db')", "dofile('/etc/passwd')",
            "loadfile('/etc/passwd')", "require('..')", "require('os')", "require('io')", "package.loadlib('libc.so.6', 'system')",
            "debug.getinfo(1)", "string.dump(print)", "load(string.char(27, 76, 117, 97))()", "kehu.db:execute('DELETE FROM client')",
            "kehu.execute('DELETE FROM client')", "collectgarbage('stop')", "getmetatable('').__index = nil",
            "setmetatable(kehu, nil)", "rawset(string, 'x', 1)", "kehu.today = function() return '2030-01-01' end",
            "rawset(kehu, 'today', print)", "require('kehu').client = nil", "kehu.out.table = print",
            "require('standard').loyalty = function() return 100 end", "kehu.tag(c.code, 'x')",
            "kehu.add_interaction{ client = c.code, kind = 'visit' }", "kehu.close_followup(1)",
        ]
        for attempt in attempts {
            let dir = try TempPlaybook(hooks: "return { strength = function(c) \(attempt) return 50, {} end }")
            #expect(throws: PlaybookError.self, "\(attempt)") {
                _ = try ScoreRun.run(store, session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day))
            }
        }
        // The write functions say why, even on the run's own (writing) connection.
        let writer = try TempPlaybook(hooks: "return { strength = function(c) kehu.tag(c.code, 'x') return 50, {} end }")
        #expect {
            _ = try ScoreRun.run(store, session: try PlaybookSession(playbook: try writer.playbook, asOf: Dealer.day))
        } throws: { "\($0)".contains("kehu.tag: writing needs --allow-write") }
        // Changing the client table a hook gets changes nothing stored.
        let dir = try TempPlaybook(hooks: """
            return { loyalty = function(c) c.metrics.receivable = 0; c.credit_limit = 1e9; c.code = "X" return 50, {} end }
            """)
        _ = try ScoreRun.run(store, session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day), dryRun: true)
        let codes = try store.writer.read { try String.fetchAll($0, sql: "SELECT code FROM client ORDER BY code") }
        #expect(codes == ["B1", "C1", "G1", "G2", "K1", "P1"])
        #expect(try Dealer.results(store) == [0, 0, 0, 0])
    }
}
