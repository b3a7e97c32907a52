import Foundation
import Testing

/// Commands that only read say nothing about storing when they fail.
@Suite struct ReadOnlyCommandErrorTests {
    @Test func explainReportAndQuadrantNeverSayNothingWasStored() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Kehu.run(["init"], cwd: dir).status == 0)
        try "code,name,kind\nG1,顺达批发,channel\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        #expect(try Kehu.run(["import", "clients", "c.csv", "--quiet"], cwd: dir).status == 0)
        for args in [["explain", "G1"], ["report", "--out", dir.appendingPathComponent("r.html").path], ["quadrant"]] {
            let r = try Kehu.run(args, cwd: dir)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("no score"), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("nothing was stored"), "\(args): \(r.stderr)")
        }
        // A command that stores still says so.
        let broken = Kehu.packageRoot.appendingPathComponent("Tests/Fixtures/Playbooks/broken").path
        let score = try Kehu.run(["score", "--playbook", broken, "--as-of", "2026-11-25"], cwd: dir)
        #expect(score.status == 1)
        #expect(score.stderr.contains("nothing was stored"), "\(score.stderr)")
    }

    @Test func theReadmeStatusNoLongerPromisesWhatIsAlreadyHere() throws {
        let readme = try String(contentsOf: Kehu.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(!readme.contains("come next"))
        #expect(readme.contains("`kehu report`") && readme.contains("`kehu playbook new`"))
    }
}
