import Foundation
import Testing

/// `kehu playbook check` and `kehu playbook test`, as an author runs them.
@Suite struct PlaybookToolTests {
    static func playbook(_ initLua: String, tests: String? = nil) throws -> URL {
        let dir = try Kehu.temporaryDirectory().appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "return { name = \"mine\", version = \"0.1.0\", api = 1 }\n"
            .write(to: dir.appendingPathComponent("manifest.lua"), atomically: true, encoding: .utf8)
        try initLua.write(to: dir.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        if let tests {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("tests"), withIntermediateDirectories: true)
            try tests.write(to: dir.appendingPathComponent("tests/mine_test.lua"), atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// A copy of the standard tests the copy: its tests require "init", so that a change to the
    /// copy shows in them (they would keep testing the original through require "standard").
    @Test func aCopyOfTheStandardTestsTheCopy() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Kehu.run(["playbook", "new", "copy", "--from", "standard"], cwd: dir).status == 0)
        let tests = dir.appendingPathComponent("copy/tests/hooks_test.lua")
        let text = try String(contentsOf: tests, encoding: .utf8)
        #expect(text.contains("local std = require \"init\"\n") && !text.contains("require \"standard\""))
        #expect(try Kehu.run(["playbook", "test", "copy"], cwd: dir).status == 0)
        let initFile = dir.appendingPathComponent("copy/init.lua")
        let source = try String(contentsOf: initFile, encoding: .utf8)
        try source.replacingOccurrences(of: "  high_loyalty = 60,", with: "  high_loyalty = 99,").write(to: initFile, atomically: true, encoding: .utf8)
        let changed = try Kehu.run(["playbook", "test", "copy"], cwd: dir)
        #expect(changed.status == 1 && changed.stdout.contains(" failed"), "\(changed.stdout)")
    }

    @Test func testsRunInTheLanguageAskedForWithTheirLogUnderThem() throws {
        let dir = try Self.playbook("return {}", tests: """
            return {
              ["drafts in the run's language"] = function()
                local text = kehu.message("birthday", { contact = "Wang", month_day = "11-28", owner = "Li" })
                kehu.log("drafted", text)
                expect.truthy(text:find("Wang", 1, true))
              end,
            }
            """)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let en = try Kehu.run(["playbook", "test", dir.path, "--lang", "en"])
        #expect(en.status == 0, "\(en.stdout)\(en.stderr)")
        let lines = en.stdout.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex { $0.contains("drafts in the run's language") })
        #expect(lines[at + 1].hasPrefix("    log: drafted\tHappy birthday, Wang!"), "\(en.stdout)")
        let zh = try Kehu.run(["playbook", "test", dir.path])
        #expect(!zh.stdout.contains(lines[at + 1]), "the Chinese run drafts other words: \(zh.stdout)")
        #expect(try Kehu.run(["playbook", "test", dir.path, "--lang", "fr"]).stderr.contains("--lang expects zh or en"))
    }

    @Test func theShippedPlaybooksCheckCleanAndPassTheirTests() throws {
        for name in ["standard", "fmcg", "agri"] {
            let check = try Kehu.run(["playbook", "check", name])
            #expect(check.status == 0, "\(check.stdout)")
            #expect(check.stdout.hasSuffix(": 0 errors, 0 warnings\n"))
            let test = try Kehu.run(["playbook", "test", name])
            #expect(test.status == 0, "\(test.stdout)")
            #expect(test.stdout.contains(" passed, 0 failed\n"))
        }
    }

    /// check compiles with the Lua kehu links: with no luac on the PATH it still finds a
    /// syntax error in a module nothing requires yet, and a global assigned deep in a file.
    @Test func checkCompilesEveryFileWithoutLuac() throws {
        let dir = try Self.playbook("return { loyalty = function(c) return 50, {} end }\n")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try "local M = {}\nfunction M.f(\nreturn M\n".write(to: dir.appendingPathComponent("extra.lua"), atomically: true, encoding: .utf8)
        try (String(repeating: "\n", count: 199) + "stray = 1\nreturn {}\n")
            .write(to: dir.appendingPathComponent("other.lua"), atomically: true, encoding: .utf8)
        let emptyPath = try Kehu.temporaryDirectory()
        let r = try Kehu.run(["playbook", "check", dir.path], environment: ["PATH": emptyPath.path])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("mine/extra.lua:3: error: does not compile: "), "\(r.stdout)")
        #expect(r.stdout.contains("mine/other.lua:200: warning: assigns the global 'stray' (make it local)"), "\(r.stdout)")
    }

    @Test func checkLocatesWhatIsWrong() throws {
        let dir = try Self.playbook("""
            helper = 1
            local function f(c) return kehu.nosuch(c), kehu.message("nope", {}) end
            return { loyalty = f }
            """)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try Kehu.run(["playbook", "check", dir.path])
        #expect(r.status == 1)
        let initFile = dir.appendingPathComponent("init.lua").path
        // The kehu table is read-only: a function it lacks is an error, not a warning.
        #expect(r.stdout.contains("\(initFile):2: error: kehu has no kehu.nosuch (kehu api lists what it has)"), "\(r.stdout)")
        #expect(r.stdout.contains("\(initFile):2: error: message [nope] has no template in messages/zh.txt"))
        #expect(r.stdout.contains("\(initFile):1: warning: assigns the global 'helper' (make it local)"))
        // The hook is tried on synthetic clients: the call that can never work shows as a run would show it.
        #expect(r.stdout.contains("\(initFile): error: playbook mine, hook loyalty on client PROBE-FULL: mine/init.lua:2: attempt to call a nil value (field 'nosuch') (PROBE-FULL is a synthetic client: "), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("4 errors, 1 warning\n"), "\(r.stdout)")

        try "return { loyalty = function(c) return 1 end,\n".write(to: URL(fileURLWithPath: initFile), atomically: true, encoding: .utf8)
        let syntax = try Kehu.run(["playbook", "check", dir.path])
        #expect(syntax.status == 1)
        #expect(syntax.stdout.contains("mine/init.lua:2: error: does not compile: unexpected symbol near <eof>"))
        #expect(syntax.stdout.hasSuffix("1 error, 0 warnings\n"), "reported once: \(syntax.stdout)")
    }

    @Test func testReportsEachTestWithItsLocationAndASummary() throws {
        let dir = try Self.playbook("return { quadrant = function(l, s) return l >= 50 and 'key' or 'phase_out' end }", tests: """
            local pb = require "init"
            return {
              ["high loyalty is key"] = function() assert(pb.quadrant(80, 10) == "key") end,
              ["a wrong expectation"] = function() assert(pb.quadrant(10, 10) == "key", "expected key") end,
            }
            """)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try Kehu.run(["playbook", "test", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("✗ mine_test.lua: a wrong expectation\n    mine/tests/mine_test.lua:4: expected key"))
        #expect(r.stdout.contains("✓ mine_test.lua: high loyalty is key"))
        #expect(r.stdout.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test func kehuLogInATestShowsUnderThatTest() throws {
        let dir = try Self.playbook("return {}", tests: """
            kehu.log("loading", 1)
            return {
              ["a logs"] = function() kehu.log("from a", 42, true) end,
              ["b fails after logging"] = function() kehu.log("about to fail"); error("no") end,
              ["c is quiet"] = function() end,
            }
            """)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try Kehu.run(["playbook", "test", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("mine_test.lua: (loading the file)\n    log: loading\t1\n"), "\(r.stdout)")
        #expect(r.stdout.contains("✓ mine_test.lua: a logs\n    log: from a\t42\ttrue\n"), "\(r.stdout)")
        #expect(r.stdout.contains("✗ mine_test.lua: b fails after logging\n    mine/tests/mine_test.lua:4: no"), "\(r.stdout)")
        #expect(r.stdout.contains("\n    log: about to fail\n✓ mine_test.lua: c is quiet\n"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("2 passed, 1 failed\n"))
    }

    @Test func newMakesAPlaybookThatChecksAndPassesItsTests() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let new = try Kehu.run(["playbook", "new", "acme"], cwd: dir)
        #expect(new.status == 0, "\(new.stderr)")
        #expect(try Kehu.run(["playbook", "check", "acme"], cwd: dir).stdout.hasSuffix("acme: 0 errors, 0 warnings\n"))
        #expect(try Kehu.run(["playbook", "test", "acme"], cwd: dir).stdout.hasSuffix("3 passed, 0 failed\n"))
        let copy = try Kehu.run(["playbook", "new", "mine", "--from", "fmcg"], cwd: dir)
        #expect(copy.stdout.contains("mine from fmcg 1.1.0\n"))
        let manifest = try String(contentsOf: dir.appendingPathComponent("mine/manifest.lua"), encoding: .utf8)
        #expect(manifest.contains("name = \"mine\""))
        #expect(try Kehu.run(["playbook", "test", "mine"], cwd: dir).status == 0)
        let again = try Kehu.run(["playbook", "new", "acme"], cwd: dir)
        #expect(again.status == 1)
        #expect(again.stderr == "kehu: \(dir.appendingPathComponent("acme").path) exists already; choose another name or remove it\n")

        // A score run with it is listed by kehu runs, with the playbook that made it.
        let data = try DataCommandTests.sampleDealer(clients: 30)
        defer { try? FileManager.default.removeItem(at: data) }
        let score = try Kehu.run(["score", "--playbook", dir.appendingPathComponent("acme").path, "--as-of", "2026-11-25"], cwd: data)
        #expect(score.status == 0, "\(score.stderr)")
        let runs = try Kehu.run(["runs", "--json"], cwd: data)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list.first?["playbook"] as? String == "acme")
        #expect(list.first?["clients"] as? Int == 30)
        #expect((list.first?["params"] as? [String: Any])?["standard_hash"] != nil)
    }
}
