import Foundation
import Testing

/// Lua 5.4.4's own test files, run under `lua5.4` and under `kehu run --trust` with `_port`
/// and `_soft` set, as their README asks: the trusted profile promises the real `lua5.4`, so
/// every file that `lua5.4` passes must pass in kehu too. The files are Lua's, not ours:
/// `Scripts/test` fetches them into .build/lua-tests (Scripts/fetch-lua-tests), or
/// `KEHU_LUA_TESTS=DIR` points at another copy. Without them these tests are skipped, and
/// say so.
@Suite struct OfficialLuaTests {
    static let folder: URL = {
        if let dir = ProcessInfo.processInfo.environment["KEHU_LUA_TESTS"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        return Kehu.packageRoot.appendingPathComponent(".build/lua-tests/testes")
    }()

    /// Every test file but the driver (all.lua runs the others) and heavy.lua (which Lua's
    /// own suite leaves out: it allocates until the machine refuses).
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") && $0 != "all.lua" && $0 != "heavy.lua" }.sorted()
    }()

    static let available = files.contains("coroutine.lua") && FileManager.default.isExecutableFile(atPath: "/usr/bin/lua5.4")

    @Test(.enabled(if: available, "Lua's test files are not here: run Scripts/fetch-lua-tests or set KEHU_LUA_TESTS=DIR"),
          arguments: files)
    func passesInKehuWhenItPassesInLua(_ file: String) throws {
        let port = ["-e", "_port=true _soft=true", file]
        // Ten minutes is a hang guard only: every file takes well under a second.
        let lua = try Kehu.run(port, executable: URL(fileURLWithPath: "/usr/bin/lua5.4"), cwd: Self.folder, timeout: 600)
        let kehu = try Kehu.run(["run", "--trust"] + port, cwd: Self.folder, timeout: 600)
        // Only the outcome is compared: the files assert what they test, and what they print
        // holds timings, random seeds and the depth a stack overflow was caught at.
        if lua.status == 0 {
            #expect(kehu.status == 0, "\(file) passes in lua5.4 but fails in kehu run --trust (exit \(kehu.status)):\n\(kehu.stderr.suffix(2000))")
        }
    }

    /// The two files that failed before the trusted profile gave scripts the hook slot.
    @Test(.enabled(if: available, "Lua's test files are not here: run Scripts/fetch-lua-tests or set KEHU_LUA_TESTS=DIR"),
          arguments: ["coroutine.lua", "db.lua"])
    func theHookTestsPassInLuaItself(_ file: String) throws {
        let lua = try Kehu.run(["-e", "_port=true _soft=true", file], executable: URL(fileURLWithPath: "/usr/bin/lua5.4"),
                               cwd: Self.folder, timeout: 600)
        #expect(lua.status == 0, "\(file) should pass in lua5.4 (the copy may not be Lua 5.4.4's): \(lua.stderr.suffix(500))")
    }
}
