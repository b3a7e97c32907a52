import Foundation
import Testing

/// `kehu playbook diff` and `kehu playbook backtest` on the hand-built dealer, whose
/// clients' stories say what the answers must be.
@Suite struct PlaybookCompareTests {
    static let asOf = ["--as-of", "2026-11-25"]

    static func json(_ r: Kehu.Result) throws -> [String: Any] {
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func diffOfAPlaybookWithItselfShowsNoChange() throws {
        let dir = try HandBuiltDealer.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try Kehu.run(["playbook", "diff", "standard", "standard"] + Self.asOf, cwd: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasSuffix("as of 2026-11-25, 4 active clients\nno change: the same quadrants, plan and follow-ups\n"), "\(text.stdout)")
        let d = try Self.json(try Kehu.run(["playbook", "diff", "standard", "standard", "--json"] + Self.asOf, cwd: dir))
        #expect((d["moves"] as? [Any])?.isEmpty == true)
        let followups = try #require(d["followups"] as? [String: [Any]])
        #expect(followups["added"]?.isEmpty == true && followups["removed"]?.isEmpty == true)
        let byQuadrant = try #require((d["allocation"] as? [String: Any])?["by_quadrant"] as? [[String: Any]])
        #expect(byQuadrant.allSatisfy { ($0["change"] as? Double) == 0 })
        // Nothing was stored by either side.
        let runs = try Kehu.run(["runs"], cwd: dir)
        #expect(runs.stdout.contains("\n0 runs, about 0 B of stored rows"), "\(runs.stdout)")
    }

    @Test func diffAgainstFmcgShowsTheMovesTheStoriesPredict() throws {
        let dir = try HandBuiltDealer.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try Self.json(try Kehu.run(["playbook", "diff", "standard", "fmcg", "--json", "--budget", "10万"] + Self.asOf, cwd: dir))
        // S1's goods move and grow: develop → key. L1 sells steadily but pays nothing: fmcg's
        // strength is about goods moving, so phase_out → watch. B1 and F1 stay where they are.
        let moves = try #require(d["moves"] as? [[String: Any]])
        #expect(moves.map { "\($0["client"]!) \($0["from"]!)→\($0["to"]!)" } == ["L1 phase_out→watch", "S1 develop→key"])
        #expect(moves.map { $0["sales_365d"] as? Double } == [240000, 204000])
        let matrix = try #require(d["matrix"] as? [String: [String: Int]])
        #expect(matrix["key"]?["key"] == 2)
        #expect(matrix["develop"]?["key"] == 1)
        #expect(matrix["phase_out"]?["watch"] == 1)
        #expect(matrix.values.flatMap(\.values).reduce(0, +) == 4)
        let allocation = try #require(d["allocation"] as? [String: [[String: Any]]])
        for list in [allocation["by_quadrant"]!, allocation["by_resource"]!] {
            #expect(abs(list.compactMap { $0["a"] as? Double }.reduce(0, +) - 100000) < 0.001)
            #expect(abs(list.compactMap { $0["b"] as? Double }.reduce(0, +) - 100000) < 0.001)
        }
        let watch = try #require(allocation["by_quadrant"]?.first { $0["quadrant"] as? String == "watch" })
        #expect((watch["a"] as? Double) == 0 && (watch["b"] as? Double ?? 0) > 0, "watch has a client only under fmcg")

        let text = try Kehu.run(["playbook", "diff", "standard", "fmcg", "--budget", "10万"] + Self.asOf, cwd: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("换象限的客户 clients changing quadrant: 2, largest sales first"))
        let l1 = try #require(text.stdout.range(of: "L1 ")), s1 = try #require(text.stdout.range(of: "S1 "))
        #expect(l1.lowerBound < s1.lowerBound)
        #expect(text.stdout.contains("phase_out → watch"))
        #expect(text.stdout.contains("develop → key"))
        #expect(text.stdout.contains("资源分配 allocation of ¥100,000.00"))
    }

    /// A playbook that reads every dated thing it can reach and logs the latest date it saw.
    static func spy() throws -> URL {
        let dir = try Kehu.temporaryDirectory()
        try "return { name = \"spy\", version = \"1.0.0\", api = 1 }\n".write(to: dir.appendingPathComponent("manifest.lua"), atomically: true, encoding: .utf8)
        try """
            local function latest_seen(c)
              local latest = ""
              local function see(d) if d and d > latest then latest = d end end
              for o in c:orders() do see(o.date) end
              for p in c:payments() do see(p.date) end
              for i in c:interactions() do see(i.date) end
              for x in kehu.clients {} do see(x.since); see(x.metrics.last_order) end
              for _, s in ipairs(c:history()) do see(s.as_of) end
              for _, n in ipairs(c.attributes.notes or {}) do see(n.date) end
              return latest
            end
            return {
              loyalty = function(c)
                kehu.log(c.code .. " saw " .. latest_seen(c))
                return 50, {}
              end,
            }
            """.write(to: dir.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func backtestNeverSeesDataAfterItsDate() throws {
        let dir = try HandBuiltDealer.make()
        let spy = try Self.spy()
        defer { for d in [dir, spy] { try? FileManager.default.removeItem(at: d) } }
        // Later things a playbook could reach: a client on file since July, a score run of
        // November, a note of August, a complaint answered in June.
        try "code,name,kind,since\nN1,新来商行,channel,2026-07-01\n".write(to: dir.appendingPathComponent("n1.csv"), atomically: true, encoding: .utf8)
        try "client,date,kind,answered\nB1,2026-05-20,complaint,2026-06-03\n".write(to: dir.appendingPathComponent("i.csv"), atomically: true, encoding: .utf8)
        for args in [["import", "clients", "n1.csv", "--quiet"], ["import", "interactions", "i.csv", "--quiet"], ["score", "--as-of", "2026-11-25"],
                     ["run", "--allow-write", "--as-of", "2026-08-01", "-e", "kehu.note('B1', '八月拜访记录')"]] {
            let r = try Kehu.run(args, cwd: dir)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let r = try Kehu.run(["playbook", "backtest", spy.path, "--as-of", "2026-05-29", "--json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let seen = r.stderr.split(separator: "\n").map { line in line.split(separator: " ").map(String.init) }
        #expect(seen.map(\.first) == ["B1", "F1", "L1", "S1"], "N1 came later: \(r.stderr)")
        #expect(seen.count == 4 && seen.allSatisfy { ($0.last ?? "") <= "2026-05-29" }, "\(r.stderr)")
        #expect(seen.contains { $0.last == "2026-05-25" }, "the last payment before the date is seen: \(r.stderr)")
        let clients = try #require(try Self.json(r)["clients"] as? [[String: Any]])
        #expect(!clients.contains { $0["client"] as? String == "N1" })

        // The same spy on the live database, as of the same day, reaches the later things:
        // the snapshot is what keeps them out.
        let live = try Kehu.run(["score", "--dry-run", "--playbook", spy.path, "--as-of", "2026-05-29"], cwd: dir)
        #expect(live.status == 0, "\(live.stderr)")
        let liveSeen = live.stderr.split(separator: "\n").map { line in line.split(separator: " ").map(String.init) }
        #expect(liveSeen.contains { $0.first == "N1" }, "\(live.stderr)")
        #expect(liveSeen.contains { ($0.last ?? "") > "2026-05-29" }, "\(live.stderr)")
    }

    @Test func backtestScoresAsTheDataStoodThenAndCountsWhatHappenedAfter() throws {
        let dir = try HandBuiltDealer.make()
        let past = try HandBuiltDealer.make(onlyUpTo: "2026-05-29")
        defer { for d in [dir, past] { try? FileManager.default.removeItem(at: d) } }
        let j = try Self.json(try Kehu.run(["playbook", "backtest", "standard", "--as-of", "2026-05-29", "--horizon", "180d", "--json"], cwd: dir))
        #expect(j["end"] as? String == "2026-11-25")
        let clients = try #require(j["clients"] as? [[String: Any]])
        // The scores are those of a database that never held the later rows: F1's ¥500,000
        // orders from June on would make it strong if they leaked in.
        let s = try Kehu.run(["score", "--dry-run", "--json", "--as-of", "2026-05-29"], cwd: past)
        #expect(s.status == 0, "\(s.stderr)")
        let then = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [[String: Any]])
        #expect(clients.map { $0["client"] as? String } == then.map { $0["code"] as? String })
        for (b, t) in zip(clients, then) {
            #expect(b["loyalty"] as? Double == t["loyalty"] as? Double, "\(b["client"]!)")
            #expect(b["strength"] as? Double == t["strength"] as? Double, "\(b["client"]!)")
            #expect(b["quadrant"] as? String == t["quadrant"] as? String, "\(b["client"]!)")
        }
        let f1 = try #require(clients.first { $0["client"] as? String == "F1" })
        #expect((f1["strength"] as? Double ?? 100) < 30, "F1 was weak on 2026-05-29")
        #expect(f1["sales_before"] as? Double == 6000 && f1["sales_after"] as? Double == 3_000_000 && f1["orders_after"] as? Int == 6)
        let l1 = try #require(clients.first { $0["client"] as? String == "L1" })
        #expect(l1["flags"] as? [String] == ["payment_reminder"])
        #expect(l1["overdue_at_end"] as? Double ?? 0 > 0)

        let quadrants = try #require(j["quadrants"] as? [[String: Any]])
        let develop = try #require(quadrants.first { $0["quadrant"] as? String == "develop" })
        #expect(develop["clients"] as? Int == 2 && develop["hits"] as? Int == 2, "F1 and S1 grew: \(develop)")
        let flags = try #require(j["flags"] as? [[String: Any]])
        #expect(flags.map { "\($0["flag"]!) \($0["clients"]!) \($0["went_overdue"]!)" } == ["credit_guard 0 0", "payment_reminder 1 1", "none 3 0"])

        let text = try Kehu.run(["playbook", "backtest", "standard", "--as-of", "2026-05-29"], cwd: dir)
        #expect(text.stdout.contains("horizon 180 days to 2026-11-25; 4 clients on file then"), "\(text.stdout)")
        #expect(text.stdout.contains("发展 develop               2       100.0%     100.0%"), "\(text.stdout)")
        let bad = try Kehu.run(["playbook", "backtest", "standard", "--as-of", "2026-05-29", "--horizon", "soon"], cwd: dir)
        #expect(bad.status != 0 && bad.stderr.contains("--horizon expects a span like 180d"))
    }

    @Test func diffAndBacktestAddUpOnTheSampleDealer() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 150)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scored = try Kehu.run(["score", "--dry-run", "--json"] + Self.asOf, cwd: dir)
        let active = try #require(try JSONSerialization.jsonObject(with: Data(scored.stdout.utf8)) as? [[String: Any]]).count
        #expect(active > 100)

        let d = try Self.json(try Kehu.run(["playbook", "diff", "standard", "fmcg", "--json"] + Self.asOf, cwd: dir))
        #expect(d["clients"] as? Int == active)
        let matrix = try #require(d["matrix"] as? [String: [String: Int]])
        #expect(matrix.values.flatMap(\.values).reduce(0, +) == active)
        let offDiagonal = matrix.reduce(0) { sum, row in sum + row.value.filter { $0.key != row.key }.values.reduce(0, +) }
        let moves = try #require(d["moves"] as? [[String: Any]])
        #expect(moves.count == offDiagonal)
        let sales = moves.compactMap { $0["sales_365d"] as? Double }
        #expect(sales == sales.sorted(by: >), "largest sales first")

        let b = try Self.json(try Kehu.run(["playbook", "backtest", "fmcg", "--as-of", "2026-05-29", "--horizon", "26w", "--json"], cwd: dir))
        #expect(b["horizon_days"] as? Int == 182)
        let clients = try #require(b["clients"] as? [[String: Any]])
        let quadrants = try #require(b["quadrants"] as? [[String: Any]])
        #expect(quadrants.compactMap { $0["clients"] as? Int }.reduce(0, +) == clients.count)
        for q in quadrants { #expect((q["hits"] as? Int ?? 0) <= (q["clients"] as? Int ?? 0)) }
        let flags = try #require(b["flags"] as? [[String: Any]])
        #expect(flags.last?["flag"] as? String == "none")
        #expect(flags.last?["clients"] as? Int == clients.filter { ($0["flags"] as? [String])?.isEmpty == true }.count)
    }
}
