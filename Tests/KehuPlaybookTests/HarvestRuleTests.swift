import Foundation
import GRDB
@testable import KehuCore
import LuaEngine
import Testing
@testable import KehuPlaybook

/// A playbook's `due` decides when debt falls due, and its `metrics` are computed once per
/// client. The dataset and what follows from it, worked out by hand:
///
/// - H1 (30-day terms) ordered ¥1,000 on 2026-03-10 and ¥500 on 2026-09-05, and paid ¥200 on
///   2026-10-01. Payments settle the oldest order first: ¥800 of March and all of September
///   are owed, ¥1,300 in all.
///   - By its terms, as of 2026-11-25: March fell due 04-09 (230 days ago, over 90) and
///     September 10-05 (51 days, 31–60): overdue ¥1,300 = ¥800 (90+) + ¥500 (31–60).
///   - By the harvest rule (Feb–Jul due 12-31, Aug–Jan due 07-31 next year): March is due
///     2026-12-31 and September 2027-07-31 — nothing overdue on 2026-11-25; on 2027-01-15 the
///     ¥800 of March is 15 days past due (1–30) and September is not due.
/// - H2 pays everything: `due` is never asked about its orders.
@Suite struct HarvestRuleTests {
    static let harvest = """
        local asked = 0
        local function due(c, order)
          asked = asked + 1
          assert(c.metrics.overdue == nil and c.metrics.ageing == nil, "overdue is what due decides")
          assert(c.metrics.receivable == 1300, "receivable is known: " .. tostring(c.metrics.receivable))
          local y, m = order.date:match("^(%d+)-(%d+)")
          y, m = tonumber(y), tonumber(m)
          if m >= 2 and m <= 7 then return string.format("%04d-12-31", y) end
          if m >= 8 then return string.format("%04d-07-31", y + 1) end
          return string.format("%04d-07-31", y)
        end
        return {
          due = due,
          metrics = {
            asked = function(c) return asked end,
            spring_sales = function(c) return c:totals{ from = "2026-02-01", to = "2026-07-31" }.sales end,
            calls = function(c) asked = asked + 1000; return asked end,
          },
        }
        """

    /// `file`: in a database file (a backtest snapshots one), else in memory.
    static func store(file: Bool = false) throws -> KehuDatabase {
        let store = file
            ? try KehuDatabase.open(path: FileManager.default.temporaryDirectory.appendingPathComponent("kehu-harvest-\(UUID().uuidString).db").path, create: true)
            : try KehuDatabase.inMemory()
        try store.writer.write { db in
            let h1 = try Dealer.client(db, "H1", "田园农资店", kind: "channel", since: "2024-01-01", stage: "relationship", limit: 10_000, terms: 30)
            try Dealer.order(db, h1, "O1", Day(iso: "2026-03-10")!, 1000)
            try Dealer.order(db, h1, "O2", Day(iso: "2026-09-05")!, 500)
            try Dealer.payment(db, h1, "P1", Day(iso: "2026-10-01")!, 200)
            let h2 = try Dealer.client(db, "H2", "丰收合作社", kind: "channel", since: "2024-01-01", stage: "relationship", limit: 10_000, terms: 30)
            try Dealer.order(db, h2, "O3", Day(iso: "2026-04-01")!, 700)
            try Dealer.payment(db, h2, "P2", Day(iso: "2026-05-01")!, 700)
        }
        return store
    }

    func metrics(_ store: KehuDatabase, _ session: PlaybookSession?, asOf: String) throws -> ClientMetrics {
        try store.read { db in
            let all = try session.map { try $0.metrics(db, asOf: asOf) } ?? MetricsEngine.compute(db, asOf: asOf)
            return all.first { $0.code == "H1" }!
        }
    }

    @Test func debtIsAgedByTheTermsWithoutADueHook() throws {
        let m = try metrics(try Self.store(), nil, asOf: "2026-11-25")
        #expect(m.receivable == 130_000 && m.overdue == 130_000)
        #expect(m.ageing == [0, 50_000, 0, 80_000])
        // The standard playbook has no due: its session ages by the terms too.
        let standard = try PlaybookSession(asOf: Day(iso: "2026-11-25")!)
        #expect(standard.dueTerms == nil)
        #expect(try metrics(try Self.store(), standard, asOf: "2026-11-25").ageing == [0, 50_000, 0, 80_000])
    }

    @Test func debtIsAgedByThePlaybooksDueRule() throws {
        let dir = try TempPlaybook(hooks: Self.harvest)
        let store = try Self.store()
        let now = try PlaybookSession(playbook: try dir.playbook, asOf: Day(iso: "2026-11-25")!)
        let m = try metrics(store, now, asOf: "2026-11-25")
        #expect(m.receivable == 130_000 && m.overdue == 0 && m.ageing == [0, 0, 0, 0])
        let later = try PlaybookSession(playbook: try dir.playbook, asOf: Day(iso: "2027-01-15")!)
        let l = try metrics(store, later, asOf: "2027-01-15")
        #expect(l.overdue == 80_000 && l.ageing == [80_000, 0, 0, 0])
        // Asked about H1's two unpaid orders only: H2 paid, so due never saw its order.
        try store.read { db in
            try later.runtime.using(db) {
                let record = try ClientHistory.client(db, code: "H1")!
                let measures = try later.playbookMetrics(record, l)
                #expect(measures.first { $0.name == "asked" }?.value == .integer(2))
            }
        }
    }

    @Test func aMeasureIsComputedOnceAndSeenByEveryHook() throws {
        let hooks = """
            local n = 0
            return {
              metrics = { counted = function(c) n = n + 1; return n end },
              loyalty = function(c)
                local a, b = c.metrics.counted, c.metrics.counted
                assert(a == b, "computed twice")
                return 50, { { name = "counted", points = 50, value = a } }
              end,
              strength = function(c) return 50 + 0 * c.metrics.counted, {} end,
            }
            """
        let pb = try TempPlaybook(hooks: hooks)
        let store = try Self.store()
        let session = try PlaybookSession(playbook: try pb.playbook, asOf: Day(iso: "2026-11-25")!)
        let scores = try Dealer.scores(store, session, dryRun: true)
        // Two clients, one computation each though loyalty reads it twice and strength once.
        #expect(scores.map(\.code) == ["H1", "H2"])
        #expect(scores[0].loyaltyParts.contains("\"value\":1"), "\(scores[0].loyaltyParts)")
        #expect(scores[1].loyaltyParts.contains("\"value\":2"), "\(scores[1].loyaltyParts)")
    }

    @Test func totalsSumAWindowAndMeasuresReachTheClientFile() throws {
        let dir = try TempPlaybook(hooks: Self.harvest)
        let store = try Self.store()
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Day(iso: "2026-11-25")!)
        #expect(session.playbookMetricNames == ["asked", "calls", "spring_sales"])
        let r = try store.read { db in
            try session.runtime.using(db) {
                try session.run("""
                    local c = kehu.client("H1")
                    local t = c:totals{ from = "2026-02-01", to = "2026-10-31" }
                    local all = c:totals()
                    return t.sales, t.orders, t.payments, t.payment_count, all.sales, all.payments, c.metrics.spring_sales,
                           c.metrics.calls, c.metrics.calls
                    """, chunkName: "=t")
            }
        }
        #expect(r == [.number(1500), .integer(2), .number(200), .integer(1), .number(1500), .number(200), .number(1000),
                      .integer(1002), .integer(1002)])
    }

    /// A run answers c:totals{} from running sums; a lone client from a query: the same figures
    /// for every window, open or closed, empty or reaching past the as-of date.
    @Test func theLedgerAndTheQueryAgreeOnEveryWindow() throws {
        let store = try Self.store()
        let days = ["2026-01-01", "2026-03-09", "2026-03-10", "2026-03-11", "2026-09-05", "2026-10-01", "2026-11-25", "2027-01-01"]
        try store.read { db in
            let ledger = try ClientLedger(db, asOf: "2026-11-25")
            for code in ["H1", "H2"] {
                let id = try ClientHistory.client(db, code: code)!.id!
                for from in [nil] + days {
                    for to in [nil] + days {
                        let w = ClientHistory.Window(from: from, to: to)
                        let (f, t) = w.days(asOf: "2026-11-25")
                        let a = ledger.totals(clientId: id, from: f, to: t)
                        let b = try ClientHistory.totals(db, clientId: id, asOf: "2026-11-25", window: w)
                        #expect(a.sales == b.sales && a.orders == b.orders && a.payments == b.payments && a.paymentCount == b.paymentCount,
                                "\(code) \(from ?? "…")–\(to ?? "…"): \(a) vs \(b)")
                    }
                }
            }
            // H1 in its whole history: ¥1,500 of orders in two, ¥200 paid once.
            let all = ledger.totals(clientId: try ClientHistory.client(db, code: "H1")!.id!, from: Int.min, to: Int(Day(iso: "2026-11-25")!.ordinal))
            #expect(all.sales == 150_000 && all.orders == 2 && all.payments == 20_000 && all.paymentCount == 1)
        }
    }

    /// The backtest counts hits by the playbook's outcomes. As of 2026-11-25 with a 30-day
    /// horizon: H2 orders again on 2026-12-10, H1 does not; H1 owes ¥1,300 and is flagged,
    /// and by 2026-12-25 all of it is past its terms (over the ¥1,000 the rule asks); H2 owes
    /// nothing then past due (its new order is due 2027-01-09).
    @Test func theBacktestCountsHitsByThePlaybooksOutcomes() throws {
        let store = try Self.store(file: true)
        try store.writer.write { db in
            try Dealer.order(db, try ClientHistory.client(StoreConnection(db), code: "H2")!.id!, "O4", Day(iso: "2026-12-10")!, 900)
        }
        let dir = try TempPlaybook(hooks: """
            return {
              loyalty = function(c) return 70, {} end,
              strength = function(c) return 30, {} end,
              followups = function(c)
                if c.metrics.receivable > 0 then return { { kind = "watch_debt", message = "owes" } } end
              end,
              outcomes = {
                develop = function(h) return h.orders_after > 0 end,
                credit_flags = { "watch_debt" },
                credit_flag_came_true = function(h) return h.overdue_at_end > 1000 end,
              },
            }
            """)
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Day(iso: "2026-11-25")!)
        let r = try Backtest.run(store, session: session, horizonDays: 30)
        let develop = try #require(r.quadrants.first { $0.quadrant == "develop" })
        #expect(develop.clients == 2 && develop.hits == 1 && develop.expected == "rule")
        #expect(r.quadrants.first { $0.quadrant == "key" }?.expected == "stayed", "the standard's, where the playbook says nothing")
        #expect(r.flags.map(\.flag) == ["watch_debt", "none"])
        #expect(r.flags[0].clients == 1 && r.flags[0].wentOverdue == 1)
        #expect(r.flags[1].clients == 1 && r.flags[1].wentOverdue == 0)
        #expect(r.flagRuleIsThePlaybooks)

        for (outcomes, expected) in [
            ("{ develop = 'thrived' }", "outcomes.develop must be \"stayed\", \"grew\", \"stopped\" or a function"),
            ("{ devlop = 'grew' }", "outcomes has a key devlop — did you mean 'develop'?"),
            ("{ credit_flags = 'x' }", "outcomes.credit_flags must be a list of follow-up kinds"),
        ] {
            let bad = try TempPlaybook(hooks: "return { outcomes = \(outcomes) }")
            #expect { _ = try PlaybookSession(playbook: try bad.playbook, asOf: Dealer.day) } throws: { "\($0)".contains(expected) }
        }
        let notBoolean = try TempPlaybook(hooks: "return { outcomes = { key = function(h) return 1 end, develop = function(h) return 1 end, watch = function() return 1 end, phase_out = function() return 1 end } }")
        #expect {
            _ = try Backtest.run(try Self.store(file: true), session: try PlaybookSession(playbook: try notBoolean.playbook, asOf: Day(iso: "2026-11-25")!), horizonDays: 30)
        } throws: { "\($0)".contains("returned number — an outcome is true or false") }
    }

    /// One bad client does not hide the others in a backtest either.
    @Test func theBacktestGoesOnPastAFailingClientWhenAsked() throws {
        let dir = try TempPlaybook(hooks: """
            local standard = require "standard"
            return { loyalty = function(c) if c.code == "H1" then error("no rule for " .. c.code) end return standard.loyalty(c) end }
            """)
        let session = { try PlaybookSession(playbook: try dir.playbook, asOf: Day(iso: "2026-11-25")!) }
        do {
            _ = try Backtest.run(try Self.store(file: true), session: try session(), horizonDays: 30, keepGoing: true)
            Issue.record("the backtest should fail")
        } catch let e as PlaybookError {
            #expect(e.description.hasPrefix("1 of 2") && e.description.contains("hook loyalty on client H1: temp/init.lua:2: no rule for H1"), "\(e.description)")
        }
        #expect { _ = try Backtest.run(try Self.store(file: true), session: try session(), horizonDays: 30) } throws: {
            "\($0)".contains("on client H1:") && !"\($0)".hasPrefix("1 of 2")
        }
    }

    /// A due that asks kehu.client for metrics (which are what due is deciding) is an error,
    /// not an endless descent; a measure that failed once fails the same way the second time.
    @Test func dueCannotAskForTheMetricsItDecides() throws {
        let dir = try TempPlaybook(hooks: "return { due = function(c, o) local x = kehu.client(c.code); return '2026-12-31' end }")
        #expect {
            _ = try Dealer.scores(try Self.store(), try PlaybookSession(playbook: try dir.playbook, asOf: Day(iso: "2026-11-25")!), dryRun: true)
        } throws: { "\($0)".contains("hook due on client H1") && "\($0)".contains("cannot be used while the metrics are being computed") }

        let again = try TempPlaybook(hooks: """
            return {
              metrics = { x = function(c) error("no data for " .. c.code) end },
              loyalty = function(c)
                local ok, first = pcall(function() return c.metrics.x end)
                local ok2, second = pcall(function() return c.metrics.x end)
                assert(not ok and not ok2 and first == second, tostring(first) .. " / " .. tostring(second))
                return 50, {}
              end,
            }
            """)
        let scores = try Dealer.scores(try Self.store(), try PlaybookSession(playbook: try again.playbook, asOf: Day(iso: "2026-11-25")!), dryRun: true)
        #expect(scores.count == 2)
    }

    @Test func aWrongDueOrMeasureIsRefusedNamingTheClient() throws {
        for (hooks, expected) in [
            ("return { due = function(c, o) return '2026-13-01' end }", "hook due on client H1: for order O1: returned \"2026-13-01\", not a date like 2026-12-31"),
            ("return { due = function(c, o) return nil end }", "hook due on client H1: for order O1: returned nil — due returns a date string"),
            ("return { metrics = { x = function(c) return {} end }, loyalty = function(c) return c.metrics.x, {} end }",
             "measure 'x' returned a table for client H1"),
            ("return { metrics = { x = function(c) return c.metrics.x end }, loyalty = function(c) return c.metrics.x, {} end }",
             "measure 'x' reads itself"),
        ] {
            let dir = try TempPlaybook(hooks: hooks)
            #expect {
                _ = try Dealer.scores(try Self.store(), try PlaybookSession(playbook: try dir.playbook, asOf: Day(iso: "2026-11-25")!), dryRun: true)
            } throws: { e in "\(e)".contains(expected) }
        }
        for (hooks, expected) in [
            ("return { metrics = { overdue = function(c) return 1 end } }", "metrics.overdue would hide kehu's own c.metrics.overdue"),
            ("return { metrics = { ['a b'] = function(c) return 1 end } }", "metrics has a key a b"),
            ("return { metrics = { x = 1 } }", "metrics.x must be a function of the client, found a number"),
            ("return { metrics = 1 }", "'metrics' in init.lua must be a table of functions"),
        ] {
            let dir = try TempPlaybook(hooks: hooks)
            #expect { _ = try PlaybookSession(playbook: try dir.playbook, asOf: Day(iso: "2026-11-25")!) } throws: { e in
                "\(e)".contains(expected)
            }
        }
    }
}
