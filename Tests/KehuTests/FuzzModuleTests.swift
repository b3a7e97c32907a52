import Foundation
import Testing

/// Misuse of the `kehu` module from a fixed seed (`Tests/Fuzz/kehu_module.lua`): random
/// functions and client methods with random arguments, each under `pcall`. Any call may
/// raise; none may crash the process, hang it past its limit, or leave the database damaged.
/// `Scripts/fuzz` runs many more (`KEHU_FUZZ_CASES`, `KEHU_FUZZ_SEED`).
@Suite struct FuzzModuleTests {
    static var cases: Int { ProcessInfo.processInfo.environment["KEHU_FUZZ_CASES"].flatMap(Int.init) ?? 400 }
    static var seed: Int { ProcessInfo.processInfo.environment["KEHU_FUZZ_SEED"].flatMap(Int.init) ?? 20261201 }

    @Test func misuseOfTheModuleNeverCrashesHangsOrDamagesTheDatabase() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gen = try Kehu.run(["gen", "--clients", "30", "--years", "1", "--seed", "1", "--as-of", "2026-11-25", "--quiet"], cwd: dir)
        try #require(gen.status == 0, "\(gen.stderr)")
        let script = Kehu.packageRoot.appendingPathComponent("Tests/Fuzz/kehu_module.lua").path
        let perRun = 100
        for run in 0..<max(1, Self.cases / perRun) {
            let seed = Self.seed + run
            let r = try Kehu.run(["run", "--allow-write", "--timeout", "20s", "--as-of", "2026-11-25", script, "\(seed)", "\(perRun)"],
                                 cwd: dir, timeout: 120)
            #expect(r.status == 0, "seed \(seed): status \(r.status)\n\(r.stderr.suffix(2000))")
            #expect(r.stdout.contains("fuzz: \(perRun) calls"), "seed \(seed): did not finish")
        }
        let check = try Kehu.run([dir.appendingPathComponent("kehu.db").path, "PRAGMA integrity_check; PRAGMA foreign_key_check;"],
                                 executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        #expect(check.stdout == "ok\n", "\(check.stdout)")
    }
}
