import Foundation
import Testing

/// The agri playbook's harvest rule reaches every receivable view, run as a dealer runs them.
///
/// Two village shops on 30-day terms, as of 2026-11-25, worked out by hand:
/// - F1 bought ¥1,000 on 2026-03-10 and ¥500 on 2026-09-05 and paid ¥200 on 2026-10-01: it owes
///   ¥1,300. By its terms all of it is overdue (¥800 over 90 days, ¥500 31–60); by the harvest
///   rule none is (March is due 2026-12-31, September 2027-07-31).
/// - F2 bought ¥2,000 on 2025-04-01 and never paid: due 2025-05-01 by its terms, 2025-12-31 by
///   the harvest — over 90 days past either way.
/// Standard: ¥3,300 overdue; agri: ¥2,000.
@Suite struct HarvestCreditCommandTests {
    static let asOf = ["--as-of", "2026-11-25"]

    func dealer() throws -> URL {
        let dir = try Kehu.temporaryDirectory()
        try "code,name,kind,payment_terms_days,credit_limit,since\nF1,河湾村农资店,channel,30,100000,2020-01-01\nF2,东岗农资店,channel,30,100000,2020-01-01\n"
            .write(to: dir.appendingPathComponent("clients.csv"), atomically: true, encoding: .utf8)
        try "code,client,date,amount\nO1,F1,2026-03-10,1000\nO2,F1,2026-09-05,500\nO3,F2,2025-04-01,2000\n"
            .write(to: dir.appendingPathComponent("orders.csv"), atomically: true, encoding: .utf8)
        try "code,client,date,amount\nP1,F1,2026-10-01,200\n"
            .write(to: dir.appendingPathComponent("payments.csv"), atomically: true, encoding: .utf8)
        #expect(try Kehu.run(["init"], cwd: dir).status == 0)
        for table in ["clients", "orders", "payments"] {
            let r = try Kehu.run(["import", table, "\(table).csv"], cwd: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        return dir
    }

    static func json(_ r: Kehu.Result) throws -> Any {
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: r.stdoutBytes)
    }

    @Test func clientsAndTheClientFileAgeDebtByThePlaybooksRule() throws {
        let dir = try dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        func overdue(_ extra: [String]) throws -> [String: Double] {
            let list = try Self.json(try Kehu.run(["clients", "--json"] + Self.asOf + extra, cwd: dir)) as! [[String: Any]]
            return Dictionary(uniqueKeysWithValues: list.map { ($0["code"] as! String, $0["overdue"] as! Double) })
        }
        #expect(try overdue([]) == ["F1": 1300, "F2": 2000])
        #expect(try overdue(["--playbook", "agri"]) == ["F1": 0, "F2": 2000])

        let file = try Self.json(try Kehu.run(["client", "F1", "--json", "--playbook", "agri"] + Self.asOf, cwd: dir)) as! [String: Any]
        #expect(file["receivable"] as? Double == 1300 && file["overdue"] as? Double == 0)
        #expect(file["ageing"] as? [Double] == [0, 0, 0, 0])
        let measures = try #require(file["playbook_metrics"] as? [String: Any])
        #expect(measures["seasons_bought"] as? Int == 1, "\(measures)")   // the spring of 2026 is its last complete season
        #expect(measures["previous_season_sales"] as? Double == 1000, "\(measures)")
        let standard = try Self.json(try Kehu.run(["client", "F1", "--json"] + Self.asOf, cwd: dir)) as! [String: Any]
        #expect(standard["overdue"] as? Double == 1300 && standard["ageing"] as? [Double] == [0, 500, 0, 800])
        #expect(standard["playbook_metrics"] == nil)

        let text = try Kehu.run(["client", "F1", "--playbook", "agri"] + Self.asOf, cwd: dir)
        #expect(text.stdout.contains("agri 1.0.0:") && text.stdout.contains("seasons_bought = 1"), "\(text.stdout)")

        // Sorting by the playbook's own measure, and a near miss of its name.
        let sorted = try Self.json(try Kehu.run(["clients", "--json", "--playbook", "agri", "--sort", "previous_season_sales"] + Self.asOf, cwd: dir)) as! [[String: Any]]
        #expect(sorted.map { $0["code"] as! String } == ["F1", "F2"])
        let typo = try Kehu.run(["clients", "--playbook", "agri", "--sort", "seasons_bougt"] + Self.asOf, cwd: dir)
        #expect(typo.status != 0 && typo.stderr.contains("did you mean 'seasons_bought'?"), "\(typo.stderr)")
    }

    @Test func theReportAndTheAgendaFollowTheHarvest() throws {
        let dir = try dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Kehu.run(["score", "--playbook", "agri"] + Self.asOf, cwd: dir).status == 0)
        let agri = try Kehu.run(["report", "--playbook", "agri", "--out", "agri.html"], cwd: dir)
        #expect(agri.status == 0, "\(agri.stderr)")
        let standard = try Kehu.run(["report", "--out", "standard.html"], cwd: dir)
        #expect(standard.status == 0, "\(standard.stderr)")
        let a = try String(contentsOf: dir.appendingPathComponent("agri.html"), encoding: .utf8)
        let s = try String(contentsOf: dir.appendingPathComponent("standard.html"), encoding: .utf8)
        // The receivables chart by age: F1's ¥1,300 not yet due by the harvest, F2's ¥2,000 over
        // 90 days; by the terms ¥500 is 31–60 days and ¥2,800 (F1's ¥800 and F2's) over 90.
        #expect(a.contains("全部 · 未到期 ¥1,300") && a.contains("全部 · 90天以上 ¥2,000"), "agri's ageing")
        #expect(s.contains("全部 · 31–60天 ¥500") && s.contains("全部 · 90天以上 ¥2,800") && !s.contains("未到期 ¥1,300"), "the terms' ageing")

        // The follow-ups drafted by agri remind F2 (past its harvest), not F1.
        #expect(try Kehu.run(["followups", "--playbook", "agri", "--quiet"] + Self.asOf, cwd: dir).status == 0)
        let agenda = try Self.json(try Kehu.run(["agenda", "--date", "2026-11-25", "--json", "--playbook", "agri"], cwd: dir)) as! [String: Any]
        let rows = ((agenda["big_rocks"] as? [[String: Any]]) ?? []) + ((agenda["rest"] as? [[String: Any]]) ?? [])
        let reminders = rows.filter { $0["kind"] as? String == "payment_reminder" }.map { $0["client"] as? String ?? $0["code"] as? String ?? "" }
        #expect(reminders == ["F2"], "\(rows)")
    }

    @Test func followupsAreClosedByKindClientAndRun() throws {
        let dir = try dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let drafted = try Kehu.run(["followups", "--playbook", "agri", "--quiet"] + Self.asOf, cwd: dir)
        #expect(drafted.status == 0, "\(drafted.stderr)")
        func open() throws -> [[String: Any]] { try Self.json(try Kehu.run(["followups", "list", "--json"], cwd: dir)) as! [[String: Any]] }
        let before = try open()
        #expect(before.contains { $0["kind"] as? String == "payment_reminder" })

        let skip = try Kehu.run(["followups", "skip", "--kind", "payment_reminder", "--client", "F2"] + Self.asOf, cwd: dir)
        #expect(skip.status == 0 && skip.stdout == "marked 1 follow-up skipped\n", "\(skip.stdout)\(skip.stderr)")
        let again = try Kehu.run(["followups", "done", "--kind", "payment_reminder"] + Self.asOf, cwd: dir)
        #expect(again.status == 1 && again.stderr.contains("no open follow-up of kind payment_reminder — nothing changed"), "\(again.stderr)")
        let both = try Kehu.run(["followups", "done", "1", "--kind", "x"], cwd: dir)
        #expect(both.status != 0 && both.stderr.contains("give either ids or --kind/--client/--run, not both"), "\(both.stderr)")
        let neither = try Kehu.run(["followups", "done"], cwd: dir)
        #expect(neither.status != 0 && neither.stderr.contains("give follow-up ids, or --kind, --client or --run"), "\(neither.stderr)")

        let runs = try Self.json(try Kehu.run(["runs", "--json"], cwd: dir)) as! [[String: Any]]
        let run = try #require(runs.first { $0["kind"] as? String == "followups" }?["id"] as? Int)
        let rest = try Kehu.run(["followups", "done", "--run", String(run)] + Self.asOf, cwd: dir)
        #expect(rest.status == 0 && rest.stdout == "marked \(before.count - 1) follow-up\(before.count - 1 == 1 ? "" : "s") done\n", "\(rest.stdout)")
        #expect(try open().isEmpty)
    }
}
