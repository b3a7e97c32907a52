import Foundation
import Testing

/// `kehu runs` shows what each run keeps; `kehu runs prune` drops old score runs' parts and
/// keeps their scores, says how to give the space back, and explain says what it lost.
@Suite struct RunsPruneCommandTests {
    @Test func pruneKeepsTheNewestRunsDetailAndEveryScore() throws {
        let dir = try HandBuiltDealer.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
            let r = try Kehu.run(["score", "--as-of", day, "--quiet"], cwd: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let explainBefore = try Kehu.run(["explain", "B1"], cwd: dir)
        #expect(explainBefore.status == 0, "\(explainBefore.stderr)")

        let dry = try Kehu.run(["runs", "prune", "--keep", "1", "--dry-run"], cwd: dir)
        #expect(dry.stdout == "would prune the detail of 2 score runs (1, 2); nothing was changed\n", "\(dry.stdout)\(dry.stderr)")
        let pruned = try Kehu.run(["runs", "prune", "--keep", "1"], cwd: dir)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.hasPrefix("pruned the detail of 2 score runs (1, 2); their scores and quadrants are kept\n"))
        #expect(pruned.stdout.contains("'VACUUM'"))

        // The list shows the pruned runs, smaller; the JSON says when.
        let list = try Kehu.run(["runs", "--json"], cwd: dir)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["pruned_on"] is String } == [false, true, true])
        let bytes = runs.map { ($0["bytes"] as? Int) ?? -1 }
        #expect(bytes[1] > 0 && bytes[1] < bytes[0], "\(bytes)")
        let table = try Kehu.run(["runs"], cwd: dir)
        #expect(table.stdout.components(separatedBy: "(pruned)").count == 3, "\(table.stdout)")

        // The latest run explains as before; every client's quadrant history is whole.
        // (its changes are now against no run: it says which runs kept no parts).
        let after = try Kehu.run(["explain", "B1"], cwd: dir).stdout
        #expect(after.contains("score run 3 as of 2026-11-25"))
        #expect(explainBefore.stdout.contains("previous run 2 "))
        #expect(!after.contains("previous run"))
        #expect(after.contains("runs 1, 2 kept no parts (kehu runs prune): no change can be shown"), "\(after)")
        let history = try Kehu.run(["run", "-e", "for _, h in ipairs(kehu.client('B1'):history()) do print(h.run, h.quadrant) end"], cwd: dir)
        #expect(history.stdout == "1\tkey\n2\tkey\n3\tkey\n", "\(history.stdout)\(history.stderr)")

        // Pruning the last one too: explain says why it cannot explain, and how to.
        #expect(try Kehu.run(["runs", "prune", "--keep", "0"], cwd: dir).status == 0)
        let lost = try Kehu.run(["explain", "B1"], cwd: dir)
        #expect(lost.status != 0)
        #expect(lost.stderr.contains("run 3's detail was pruned on"), "\(lost.stderr)")
        #expect(lost.stderr.contains("kehu score"))

        // Asking for nothing, or a span it cannot read, is refused with how to ask.
        let none = try Kehu.run(["runs", "prune"], cwd: dir)
        #expect(none.status != 0 && none.stderr.contains("--keep N, --older-than DATE|SPAN"))
        let bad = try Kehu.run(["runs", "prune", "--older-than", "3 fortnights"], cwd: dir)
        #expect(bad.status != 0 && bad.stderr.contains("a span like 90d"))
        // Runs made today are not older than 1 day.
        #expect(try Kehu.run(["runs", "prune", "--older-than", "1d", "--dry-run"], cwd: dir).stdout.hasPrefix("would prune the detail of no score run"))
    }
}
