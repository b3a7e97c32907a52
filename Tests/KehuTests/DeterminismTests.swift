import Foundation
import Testing

/// Runs are reproducible: the same database, playbook and as-of date give byte-identical
/// output in separate processes, even for a playbook whose answers follow the order `pairs`
/// walks string keys in (Lua seeds string hashes per process; the sandbox's `pairs` and
/// `next` walk keys in one canonical order).
@Suite struct DeterminismTests {
    static let playbook = Kehu.packageRoot.appendingPathComponent("Tests/Fixtures/Playbooks/pairs-order").path
    static let asOf = ["--as-of", "2026-11-25"]
    static let processes = 5

    /// A small generated dealer with two years of history, in a fresh folder as `d.db`.
    static func dealer() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-det-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let r = try Kehu.run(["gen", "--clients", "30", "--years", "2", "--seed", "3", "--db", "d.db"] + asOf, cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    /// Runs `args` in `processes` separate processes and expects the same bytes from each.
    static func sameEveryTime(_ args: [String], in dir: URL) throws {
        var outputs: [Data] = []
        for _ in 0..<processes {
            let r = try Kehu.run(args, cwd: dir)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(!r.stdoutBytes.isEmpty, "\(args) printed nothing")
            outputs.append(r.stdoutBytes)
        }
        #expect(Set(outputs).count == 1, "\(args) gave \(Set(outputs).count) different outputs in \(processes) processes")
    }

    @Test func dryRunsOfAPairsWalkingPlaybookGiveTheSameBytesInEveryProcess() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = ["--db", "d.db", "--playbook", Self.playbook] + Self.asOf
        try Self.sameEveryTime(["score", "--dry-run", "--json", "--quiet"] + p, in: dir)
        try Self.sameEveryTime(["followups", "draft", "--dry-run", "--json", "--quiet"] + p, in: dir)
        // allocate works on a stored score run's quadrants.
        let stored = try Kehu.run(["score", "--quiet"] + p, cwd: dir)
        #expect(stored.status == 0, "\(stored.stderr)")
        try Self.sameEveryTime(["allocate", "--dry-run", "--json", "--budget", "100000"] + p, in: dir)
        try Self.sameEveryTime(["playbook", "diff", "standard", Self.playbook, "--db", "d.db", "--budget", "100000",
                                "--json", "--quiet"] + Self.asOf, in: dir)
        try Self.sameEveryTime(["playbook", "backtest", Self.playbook, "--db", "d.db", "--as-of", "2026-05-25",
                                "--json", "--quiet"], in: dir)
    }

    @Test func seedOptionChoosesTheDrawsAndTheDefaultIsFixed() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = ["score", "--dry-run", "--json", "--quiet", "--db", "d.db", "--playbook", Self.playbook] + Self.asOf
        let byDefault = try Kehu.run(p, cwd: dir), zero = try Kehu.run(p + ["--seed", "0"], cwd: dir)
        let seven = try Kehu.run(p + ["--seed", "7"], cwd: dir), sevenAgain = try Kehu.run(p + ["--seed", "7"], cwd: dir)
        for r in [byDefault, zero, seven, sevenAgain] { #expect(r.status == 0, "\(r.stderr)") }
        #expect(byDefault.stdoutBytes == zero.stdoutBytes)
        #expect(seven.stdoutBytes == sevenAgain.stdoutBytes)
        #expect(seven.stdoutBytes != zero.stdoutBytes)
        // Every command that runs a playbook takes --seed.
        for command in [["followups", "draft"], ["allocate"], ["playbook", "diff"], ["playbook", "backtest"], ["playbook", "test"], ["run"], ["repl"]] {
            let help = try Kehu.run(command + ["--help"])
            #expect(help.stdout.contains("--seed <N>"), "\(command) has no --seed")
        }
    }

    @Test func reportsOfRunsStoredInSeparateProcessesAreByteIdentical() throws {
        let base = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: base) }
        var reports: [Data] = []
        for i in 0..<Self.processes {
            // Each pipeline in its own folder with the same file name: the report names its database.
            let dir = base.appendingPathComponent("p\(i)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: base.appendingPathComponent("d.db"), to: dir.appendingPathComponent("d.db"))
            let p = ["--db", "d.db", "--playbook", Self.playbook] + Self.asOf
            for args in [["score", "--quiet"] + p, ["allocate", "--budget", "100000"] + p,
                         ["followups", "draft", "--quiet"] + p, ["report", "--db", "d.db", "--out", "r.html", "--quiet"]] {
                let r = try Kehu.run(args, cwd: dir)
                #expect(r.status == 0, "\(args): \(r.stderr)")
            }
            reports.append(try Data(contentsOf: dir.appendingPathComponent("r.html")))
        }
        #expect(Set(reports).count == 1, "\(Set(reports).count) different reports from \(Self.processes) pipelines")
    }
}
