import Foundation
import Testing

/// `kehu model`, `kehu.model()` and the client file's model line, run as a person would.
@Suite struct ModelCommandTests {
    @Test func theModelIsShownInTextJSONAndLuaAlike() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 300)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try Kehu.run(["model", "--as-of", "2026-11-25"], cwd: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("BG/NBD, fitted on 300 clients with an order"))
        #expect(text.stdout.contains("learned at 2026-05-29"))
        #expect(text.stdout.contains("no order in the last 90 days"))

        let json = try Kehu.run(["model", "--as-of", "2026-11-25", "--json"], cwd: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])
        let fit = try #require(object["bgnbd"] as? [String: Any])
        #expect(fit["clients"] as? Int == 300)
        let r = try #require(fit["r"] as? Double)
        let quiet = try #require(object["quiet"] as? [String: Any])
        #expect((quiet["features"] as? [[String: Any]])?.count == 7)

        // The same fit from Lua (the cached one: the same bytes of r).
        let lua = try Kehu.run(["run", "--as-of", "2026-11-25", "-e", "local m = kehu.model(); print(string.format('%.17g', m.bgnbd.r), m.quiet.cut)"], cwd: dir)
        #expect(lua.status == 0, "\(lua.stderr)")
        #expect(lua.stdout == String(format: "%.17g", r) + "\t2026-05-29\n")

        let file = try Kehu.run(["client", "C000001", "--as-of", "2026-11-25"], cwd: dir)
        #expect(file.stdout.contains("模型 model: still buying (p_alive)"))
        let clientJSON = try Kehu.run(["client", "C000001", "--as-of", "2026-11-25", "--json"], cwd: dir)
        let c = try #require(try JSONSerialization.jsonObject(with: clientJSON.stdoutBytes) as? [String: Any])
        #expect(c["p_alive"] is Double && c["expected_orders_90d"] is Double && c["p_quiet"] is Double)
    }

    @Test func theBacktestMeasuresWhoWentQuietAgainstTheBaselines() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 300)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Kehu.run(["playbook", "backtest", "standard", "--as-of", "2026-05-29", "--horizon", "180d", "--json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: r.stdoutBytes) as? [String: Any])
        let quiet = try #require(object["went_quiet"] as? [String: Any])
        let clients = try #require(object["clients"] as? [[String: Any]])
        // The clients that had ordered by the date, and those of them with no order after it.
        let ordered = try #require(quiet["clients"] as? Int)
        #expect(ordered > 0 && ordered <= clients.count)
        let rows = try #require(quiet["predictors"] as? [[String: Any]])
        #expect(rows.map { $0["predictor"] as? String } == ["metrics.dormant", "learned: p_quiet ≥ 0.5", "BG/NBD: p_alive < 0.5",
                                                            "no order in the last 90 days", "everyone quiet"])
        let everyone = try #require(rows.last)
        let wentQuiet = try #require(quiet["went_quiet"] as? Int)
        #expect(everyone["recall"] as? Double == 1)
        #expect(abs((everyone["accuracy"] as? Double ?? -1) - Double(wentQuiet) / Double(ordered)) < 1e-12)
        let text = try Kehu.run(["playbook", "backtest", "standard", "--as-of", "2026-05-29", "--horizon", "180d"], cwd: dir)
        #expect(text.stdout.contains("停购预测 who went quiet (no order in the horizon): \(wentQuiet) of \(ordered) clients"))
    }

    @Test func anEmptyDatabaseSaysWhyThereIsNoModel() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Kehu.run(["init"], cwd: dir).status == 0)
        let r = try Kehu.run(["model", "--as-of", "2026-11-25"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("BG/NBD: not fitted — 0 clients with an order; the model needs at least 30"))
    }
}
