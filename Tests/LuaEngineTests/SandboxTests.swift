import Foundation
import Testing
@testable import LuaEngine

@Suite struct SandboxTests {
    @Test func onlyTheAllowListIsThere() throws {
        let f = try Fixture()
        let r = try f.run("""
            return io, debug, package, dofile, loadfile, string.dump, os.execute, os.exit,
                   os.remove, os.getenv, type(os.time), type(load), type(require)
            """)
        #expect(Array(r.prefix(10)) == Array(repeating: LuaValue.nil, count: 10))
        #expect(Array(r.suffix(3)) == ["function", "function", "function"])
    }

    @Test func theTrustedProfileHasEverything() throws {
        let f = try Fixture(profile: .trusted)
        let r = try f.run("return type(io), type(debug), type(package), type(string.dump), type(os.execute)")
        #expect(r == ["table", "table", "table", "function", "function"])
    }

    @Test func libraryTablesAndTheStringMetatableAreReadOnly() throws {
        let f = try Fixture()
        #expect(f.failure("string.upper = nil")?.message.contains("read-only") == true)
        #expect(f.failure("rawset(string, 'upper', print)")?.message.contains("read-only") == true)
        #expect(f.failure("getmetatable('').__index = {}")?.message.contains("read-only") == true)
        #expect(f.failure("getmetatable('').__index.upper = print")?.message.contains("read-only") == true)
        #expect(try f.run("return ('abc'):upper(), #string.format('%5d', 1)") == ["ABC", .integer(5)])
    }

    @Test func eachScriptHasItsOwnGlobals() throws {
        let f = try Fixture()
        try f.run("x = 1; print = nil; _G.y = 2; string = 'gone'")
        #expect(try f.run("return x, y, type(print), type(string)") == [nil, nil, "function", "table"])
    }

    @Test func tamperingDoesNotReachTheNextState() throws {
        let first = try Fixture()
        _ = first.failure("getmetatable('').__index.upper = function() return 'pwned' end")
        try first.run("setmetatable(_G, {__index = function() return 'pwned' end})")
        let second = try Fixture()
        #expect(try second.run("return ('x'):upper(), undefined_name") == ["X", nil])
    }

    @Test func loadTakesTextChunksOnly() throws {
        let f = try Fixture()
        let r = try f.run(#"return load("\27Lua\84\0\25\147\13\10\26\10")"#)
        #expect(r[0] == .nil)
        #expect(r[1].stringValue?.contains("binary chunk") == true)
        let mode = try f.run("return load('return 1', 'x', 'b')")
        #expect(mode[0] == .nil)
        #expect(try f.run("return load('return 40 + 2')()") == [.integer(42)])
        // A loaded chunk sees the script's own globals by default.
        #expect(try f.run("secret = 7 return load('return secret')()") == [.integer(7)])
    }

    @Test func collectgarbageKeepsOnlyHarmlessOptions() throws {
        let f = try Fixture()
        #expect(f.failure("collectgarbage('stop')")?.message.contains("not allowed") == true)
        #expect(f.failure("collectgarbage('generational')")?.message.contains("not allowed") == true)
        let r = try f.run("collectgarbage() return type(collectgarbage('count'))")
        #expect(r == ["number"])
    }

    @Test func requireResolvesOnlyInsideTheModuleRoots() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-sbx-\(UUID().uuidString)")
        let outside = root.deletingLastPathComponent().appendingPathComponent("kehu-out-\(UUID().uuidString).lua")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lib"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root); try? FileManager.default.removeItem(at: outside) }
        try "return { answer = 42 }".write(to: root.appendingPathComponent("lib/util.lua"), atomically: true, encoding: .utf8)
        try "return 'escaped'".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("link.lua"), withDestinationURL: outside)

        let f = try Fixture(loader: LuaModuleLoader(roots: [root]))
        try f.lua.preload("hostmod", ["v": 1])
        #expect(try f.run("return require('lib.util').answer, require('lib.util') == require('lib.util')") == [.integer(42), true])
        #expect(try f.run("return require('hostmod').v") == [.integer(1)])
        #expect(f.failure("require('../x')")?.message.contains("invalid module name") == true)
        #expect(f.failure("require('socket')")?.message.contains("module 'socket' not found") == true)
        #expect(f.failure("require('link')")?.message.contains("not found") == true)
    }

    @Test func randomIsSeededAndTheClockIsInjectable() throws {
        let clock = LuaClock.fixed(1_764_000_000)
        let a = try Fixture(seed: 99, clock: clock)
        let b = try Fixture(seed: 99, clock: clock)
        let code = "return math.random(1, 1e6), math.random(), os.time(), os.date('!%Y-%m-%d', os.time())"
        let ra = try a.run(code)
        #expect(ra == (try b.run(code)))
        #expect(ra[2] == .integer(1_764_000_000))
        #expect(ra[3] == "2025-11-24")
        #expect(try a.run("return os.time{year = 2026, month = 1, day = 1, hour = 12} > 0") == [true])
    }

    @Test func aFixedCalendarStillLetsOsClockMeasureProcessorTime() throws {
        // Playbook runs and the REPL see a calendar stopped at the as-of date; os.clock() is
        // for measuring a script's own work and read 0 there. The process has run by now, so
        // its processor time is above 0 (no timing decides this), and it never goes back.
        let f = try Fixture(clock: .fixed(1_764_000_000))
        let r = try f.run("local a = os.clock() local b = os.clock() return math.type(a), a > 0, b >= a")
        #expect(r == ["float", true, true])
    }

    @Test func printGoesToTheHostSink() throws {
        let f = try Fixture()
        try f.run("print('客户', 1, 2.5, nil, true)")
        #expect(f.printed == "客户\t1\t2.5\tnil\ttrue\n")
    }
}
