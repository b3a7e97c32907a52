import Foundation
import Testing

@Suite struct RunCommandTests {
    @Test func runsAFileWithArgAsLuaDoes() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "#!/usr/bin/env kehu\nprint(arg[0], arg[1], arg[2], #arg, select('#', ...), ...)\n"
            .write(to: dir.appendingPathComponent("args.lua"), atomically: true, encoding: .utf8)
        let r = try Kehu.run(["run", "args.lua", "一", "--two"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stdout == "args.lua\t一\t--two\t2\t2\t一\t--two\n")
    }

    @Test func runsCodeFromDashEAndFromStdin() throws {
        let e = try Kehu.run(["run", "-e", "x = 6", "-e", "print(x * 7)"])
        #expect(e.stdout == "42\n")
        let s = try Kehu.run(["run", "-"], stdin: "print(('经销商'):len())")
        #expect(s.stdout == "9\n")
        #expect(s.status == 0)
    }

    @Test func errorsGoToStderrWithFileLineAndTraceback() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "print('before')\nlocal function f() error('订单缺失') end\nf()\n"
            .write(to: dir.appendingPathComponent("bad.lua"), atomically: true, encoding: .utf8)
        let r = try Kehu.run(["run", "bad.lua"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "before\n")
        #expect(r.stderr.hasPrefix("kehu: bad.lua:2: 订单缺失\nstack traceback:\n"))
        #expect(r.stderr.contains("bad.lua:3: in main chunk"))
    }

    @Test func syntaxErrorsNameTheLine() throws {
        let r = try Kehu.run(["run", "-e", "x = = 1"])
        #expect(r.status == 1)
        #expect(r.stderr == "kehu: (command line):1: unexpected symbol near '='\n")
    }

    @Test func theSandboxIsTheDefaultAndTrustOpensEverything() throws {
        let s = try Kehu.run(["run", "-e", "print(io, os.execute, debug, string.dump)"])
        #expect(s.stdout == "nil\tnil\tnil\tnil\n")
        let t = try Kehu.run(["run", "--trust", "-e", "print(type(io), type(os.execute), type(debug))"])
        #expect(t.stdout == "table\tfunction\ttable\n")
    }

    @Test func limitFlagsEndRunawayScriptsWithTheirOwnMessage() throws {
        let i = try Kehu.run(["run", "--max-instructions", "100000", "-e", "while true do end"])
        #expect(i.status == 1)
        #expect(i.stderr.contains("instruction budget exhausted"))
        let t = try Kehu.run(["run", "--timeout", "200ms", "-e", "while true do pcall(function() while true do end end) end"], timeout: 60)
        #expect(t.status == 1)
        #expect(t.stderr.contains("time limit exceeded"))
        let m = try Kehu.run(["run", "--max-memory", "16MB", "-e", "local t = {} for i = 1, 1e9 do t[i] = i end"])
        #expect(m.status == 1)
        #expect(m.stderr.contains("memory limit exceeded"))
        let trusted = try Kehu.run(["run", "--trust", "--max-instructions", "5000", "-e", "while true do end"])
        #expect(trusted.stderr.contains("instruction budget exhausted"))
    }

    @Test func badFlagsAndMissingFilesGetClearErrors() throws {
        let none = try Kehu.run(["run"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("give a script to run"))
        let size = try Kehu.run(["run", "--max-memory", "lots", "-e", "print(1)"])
        #expect(size.status != 0)
        #expect(size.stderr.contains("expects a size like 64MB"))
        let missing = try Kehu.run(["run", "/nonexistent/x.lua"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot open /nonexistent/x.lua"))
    }

    @Test func seedMakesRandomReproducible() throws {
        let a = try Kehu.run(["run", "--seed", "42", "-e", "print(math.random(1, 1000000), math.random())"])
        let b = try Kehu.run(["run", "--seed", "42", "-e", "print(math.random(1, 1000000), math.random())"])
        #expect(a.stdout == b.stdout)
        #expect(!a.stdout.isEmpty)
    }

    @Test func helpTeachesWithExamples() throws {
        let r = try Kehu.run(["run", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Examples:"))
        #expect(r.stdout.contains("--max-memory"))
    }
}
