import Foundation
import Testing

/// The playbook commands run as a person runs them: on a generated sample dealer, with the
/// shipped playbooks and with a broken one.
@Suite struct PlaybookCommandTests {
    static let asOf = ["--as-of", "2026-11-25"]

    @Test func aQuadrantsReasonShowsInExplainQuadrantScoreJSONAndTheReport() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 60)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pb = dir.appendingPathComponent("why")
        try FileManager.default.createDirectory(at: pb, withIntermediateDirectories: true)
        try "return { name = \"why\", version = \"0.1.0\", api = 1 }\n".write(to: pb.appendingPathComponent("manifest.lua"), atomically: true, encoding: .utf8)
        try """
            local standard = require "standard"
            return { quadrant = function(l, s, c)
              if c.metrics.overdue > 0 then return "phase_out", "欠款逾期" end
              return standard.quadrant(l, s, c)
            end }
            """.write(to: pb.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        #expect(try Kehu.run(["score", "--playbook", pb.path] + Self.asOf, cwd: dir).status == 0)
        let json = try Kehu.run(["score", "--playbook", pb.path, "--json", "--dry-run"] + Self.asOf, cwd: dir)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let owing = rows.filter { $0["reason"] as? String == "欠款逾期" }
        #expect(!owing.isEmpty && owing.allSatisfy { $0["quadrant"] as? String == "phase_out" })
        #expect(rows.filter { $0["reason"] != nil }.count == owing.count, "only the clients given a reason carry the key")
        let code = try #require(owing.first?["code"] as? String)
        let explain = try Kehu.run(["explain", code], cwd: dir)
        #expect(explain.stdout.split(separator: "\n").dropFirst().first == "理由 why: 欠款逾期", "\(explain.stdout)")
        let quadrant = try Kehu.run(["quadrant"], cwd: dir)
        #expect(quadrant.stdout.contains("理由 the playbook's reasons") && quadrant.stdout.contains("欠款逾期"), "\(quadrant.stdout)")
        let report = try Kehu.run(["report", "--out", "r.html"], cwd: dir)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8).contains(" — 欠款逾期</title>"))
    }

    @Test func scoreQuadrantExplainAllocateFollowupsAndAgendaWorkTogether() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 200)
        defer { try? FileManager.default.removeItem(at: dir) }
        let score = try Kehu.run(["score"] + Self.asOf, cwd: dir)
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("重点 key"))
        #expect(score.stdout.contains("with standard 1.2.0"))
        #expect(score.stdout.contains("stored as run 1"))

        let fmcg = try Kehu.run(["score", "--playbook", "fmcg"] + Self.asOf, cwd: dir)
        #expect(fmcg.status == 0, "\(fmcg.stderr)")
        #expect(fmcg.stdout.contains("with fmcg"))

        let quadrant = try Kehu.run(["quadrant"], cwd: dir)
        #expect(quadrant.status == 0)
        #expect(quadrant.stdout.contains("moves since run 1"))
        #expect(quadrant.stdout.contains("from \\ to"))

        let json = try Kehu.run(["score", "--json", "--dry-run"] + Self.asOf, cwd: dir)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let code = try #require(list.first?["code"] as? String)
        let explain = try Kehu.run(["explain", code], cwd: dir)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("忠诚度 loyalty"))
        #expect(explain.stdout.contains("tenure"))
        #expect(explain.stdout.contains("since the previous run"))
        // It compares with a run of another playbook: which one is said.
        #expect(explain.stdout.contains("previous run 1 (standard 1.2.0) as of 2026-11-25:"), "\(explain.stdout)")

        let allocate = try Kehu.run(["allocate", "--budget", "50万"] + Self.asOf, cwd: dir)
        #expect(allocate.status == 0, "\(allocate.stderr)")
        #expect(allocate.stdout.contains("planned ¥500,000.00 of ¥500,000.00"))
        // The latest score run is fmcg's: planning with the standard on it is said, not silent.
        #expect(allocate.stderr.contains("kehu: warning: score run 2 does not match this plan: it was scored with fmcg"), "\(allocate.stderr)")

        let drafted = try Kehu.run(["followups"] + Self.asOf, cwd: dir)
        #expect(drafted.status == 0, "\(drafted.stderr)")
        #expect(drafted.stdout.contains("as open tasks"))
        let again = try Kehu.run(["followups", "draft"] + Self.asOf, cwd: dir)
        #expect(again.stdout.contains("stored 0 as open tasks"))

        let open = try Kehu.run(["followups", "list", "--json"], cwd: dir)
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(open.stdout.utf8)) as? [[String: Any]])
        let id = try #require(tasks.first?["id"] as? Int)
        let done = try Kehu.run(["followups", "done", "\(id)"] + Self.asOf, cwd: dir)
        #expect(done.stdout == "marked 1 follow-up done\n")
        let twice = try Kehu.run(["followups", "done", "\(id)"], cwd: dir)
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("no open follow-up with id \(id) — nothing changed"))

        let owner = try #require(tasks.first { ($0["id"] as? Int) != id }?["client"] as? String)
        _ = owner
        let agenda = try Kehu.run(["agenda", "--date", "2026-11-25"], cwd: dir)
        #expect(agenda.status == 0, "\(agenda.stderr)")
        #expect(agenda.stdout.contains("大石头 big rocks"))
    }

    @Test func sameDatabasePlaybookAndDateGiveByteIdenticalOutput() throws {
        let a = try DataCommandTests.sampleDealer(clients: 150), b = try DataCommandTests.sampleDealer(clients: 150)
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        for cmd in [["score", "--json"], ["followups", "draft", "--json", "--dry-run"], ["allocate", "--budget", "100000", "--json", "--dry-run"]] {
            let x = try Kehu.run(cmd + Self.asOf, cwd: a)
            let y = try Kehu.run(cmd + Self.asOf, cwd: b)
            #expect(x.status == 0, "\(cmd): \(x.stderr)")
            #expect(x.stdoutBytes == y.stdoutBytes, "\(cmd)")
        }
    }

    @Test func aBrokenPlaybookSaysWhereAndStoresNothing() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Kehu.run(["init"], cwd: dir).status == 0)
        let clients = "code,name,kind\nG1,顺达批发,channel\nK1,华东建材,channel\n"
        try clients.write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        #expect(try Kehu.run(["import", "clients", "c.csv", "--quiet"], cwd: dir).status == 0)
        let broken = Kehu.packageRoot.appendingPathComponent("Tests/Fixtures/Playbooks/broken").path
        let r = try Kehu.run(["score", "--playbook", broken] + Self.asOf, cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("kehu: playbook broken, hook strength on client G1: "))
        #expect(r.stderr.contains("broken/init.lua:7: attempt to index a nil value (local 'profile')"))
        #expect(r.stderr.contains("nothing was stored"))
        let q = try Kehu.run(["quadrant"], cwd: dir)
        #expect(q.status == 1)
        #expect(q.stderr.contains("no score run yet"))
        let missing = try Kehu.run(["score", "--playbook", "nosuch"], cwd: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no playbook at 'nosuch'"))
    }

    @Test func playbookCommandsTeachThroughHelp() throws {
        for cmd in ["score", "quadrant", "explain", "allocate", "followups", "agenda"] {
            let r = try Kehu.run([cmd, "--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("Examples:"), "\(cmd)")
        }
    }
}
