import Foundation
import Testing
@testable import kehu

/// `kehu report` on a sample dealer: what the page must hold, checked against the other
/// commands' answers.
@Suite struct ReportTests {
    static let asOf = ["--as-of", "2026-11-25"]

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func theReportShowsEveryScoredClientTheQuadrantsAndTheParetoMarks() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 150)
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["score"], ["score", "--playbook", "fmcg"], ["allocate", "--budget", "20万"], ["followups", "--quiet"]] {
            let r = try Kehu.run(args + Self.asOf, cwd: dir)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let r = try Kehu.run(["report", "--out", "r.html"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wrote "), "\(r.stdout)")
        #expect(r.stderr.isEmpty, "no progress bar when standard error is not a terminal: \(r.stderr)")
        let html = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)

        // One point per scored client, per quadrant as `kehu quadrant` counts them.
        let q = try #require(try JSONSerialization.jsonObject(with: Data(try Kehu.run(["quadrant", "--json"], cwd: dir).stdout.utf8)) as? [String: Any])
        let rows = try #require(q["quadrants"] as? [[String: Any]])
        var scored = 0
        for row in rows {
            let name = try #require(row["quadrant"] as? String), clients = try #require(row["clients"] as? Int)
            scored += clients
            #expect(Self.count("<circle class=\"pt q-\(name)\"", in: html) == clients, "\(name)")
            #expect(html.contains("<span class=\"qcount\" data-quadrant=\"\(name)\">\(clients)</span>"), "\(name)")
        }
        #expect(Self.count("<circle class=\"pt ", in: html) == scored)
        #expect(scored > 100)
        #expect(html.contains("<b class=\"clients\">\(scored)</b>"))
        // Every point has a hover title with its code and scores.
        #expect(Self.count("<title>C0", in: html) >= scored)

        // The Pareto marks: the clients before 80 % are the A class, before 95 % A and B.
        func classCount(_ abc: String) throws -> Int {
            let out = try Kehu.run(["clients", "--abc", abc, "--limit", "100000"] + Self.asOf, cwd: dir).stdout
            return Int(try #require(out.firstMatch(of: /(\d+) clients as of/)?.1))!
        }
        let a = try classCount("A"), b = try classCount("B")
        #expect(html.contains("class=\"mark mark-80\""))
        #expect(html.contains("class=\"mark mark-95\""))
        #expect(html.contains("80%：前 \(a) 个客户"), "A has \(a) clients")
        #expect(html.contains("95%：前 \(a + b) 个客户"), "A and B have \(a + b) clients")

        // The moves since the previous run, the plan and the week's follow-ups are there.
        #expect(html.contains("自第 1 次评分"))
        #expect(html.contains("资源分配") && html.contains("预算 ¥200,000.00"))
        #expect(html.contains("<table class=\"followups\">"))
        #expect(html.contains("<table class=\"moves\">"))

        // Self-contained: nothing fetched, no script.
        for banned in ["http://", "https://", "<script", "<link", "url(", "src=", "@import"] {
            #expect(!html.contains(banned), "\(banned)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta name=\"viewport\""))

        let en = try Kehu.run(["report", "--out", "en.html", "--lang", "en"], cwd: dir)
        #expect(en.status == 0)
        let english = try String(contentsOf: dir.appendingPathComponent("en.html"), encoding: .utf8)
        #expect(english.contains("Loyalty × strength") && english.contains("80%: first \(a) clients"))
        #expect(english.contains("<html lang=\"en\">"))
        #expect(english.contains("<span>Receivables</span><b>¥") && english.contains("M</b>"), "English amounts in ¥…K/¥…M, not 万")
    }

    @Test func aReportBeforeAnyScoreRunSaysWhatToDo() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 10)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Kehu.run(["report"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no score run yet — run 'kehu score' first"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.html").path))
    }

    @Test func namesAreEscapedAndProgressReadsAsAPersonWouldRead() throws {
        #expect(Progress.line(label: "score", done: 1500, total: 3000, elapsed: 1) == "score  [##########··········]   50%  1,500/3,000  1,500/s  0:01 left")
        #expect(Progress.grouped(1234567) == "1,234,567")
        #expect(SVGChart.escape("<b>\"A&B\"</b>") == "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;")
    }

    @Test func namesFromTheDataCannotInjectHTML() throws {
        let dir = try HandBuiltDealer.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "code,name,kind,owner,since\nX1,<img src=x onerror=alert(1)>,channel,<b>rep</b>,2024-01-01\n"
            .write(to: dir.appendingPathComponent("x.csv"), atomically: true, encoding: .utf8)
        try "code,client,date,amount\nOX,X1,2026-11-01,5000\n".write(to: dir.appendingPathComponent("ox.csv"), atomically: true, encoding: .utf8)
        for args in [["import", "clients", "x.csv"], ["import", "orders", "ox.csv"], ["score"], ["allocate", "--budget", "1万", "--resources", "advertising,<i>r</i>"],
                     ["followups", "--quiet"], ["report", "--out", "r.html"]] {
            let r = try Kehu.run(args + ["--as-of", "2026-11-25"].filter { _ in args[0] != "report" }, cwd: dir)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let html = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>rep</b>") && html.contains("&lt;b&gt;rep&lt;/b&gt;"))
        #expect(!html.contains("<i>r</i>") && html.contains("&lt;i&gt;r&lt;/i&gt;"))
    }
}
