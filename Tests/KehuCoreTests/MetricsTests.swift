import GRDB
import Testing
@testable import KehuCore

/// Hand-built datasets whose metrics were worked out by hand (see each comment).
@Suite struct MetricsTests {
    static let asOf = "2026-11-25"

    @discardableResult
    static func client(_ db: Database, _ code: String, terms: Int = 0, limit: Int64 = 0) throws -> Int64 {
        var c = ClientRecord(code: code, name: code, kind: "channel")
        c.paymentTermsDays = terms
        c.creditLimit = limit
        try c.insert(db)
        return c.id!
    }

    static func order(_ db: Database, _ client: Int64, _ date: String, _ amount: Int64) throws {
        var o = OrderRecord(code: "O\(client)-\(date)-\(amount)-\(Int.random(in: 0..<1_000_000))", clientId: client, date: date, amount: amount)
        try o.insert(db)
    }

    static func payment(_ db: Database, _ client: Int64, _ date: String, _ amount: Int64) throws {
        var p = PaymentRecord(code: "P\(client)-\(date)-\(amount)", clientId: client, date: date, amount: amount)
        try p.insert(db)
    }

    static func metrics(_ build: (Database) throws -> Void) throws -> [String: ClientMetrics] {
        let store = try KehuDatabase.inMemory()
        try store.writer.write(build)
        let all = try store.writer.read { try MetricsEngine.compute(StoreConnection($0), asOf: asOf) }
        return Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })
    }

    @Test func salesWindowsGrowthReceivablesAndAgeingOfOneClient() throws {
        // Terms 30 days, limit ¥1,000. Orders: 2025-11-20 ¥50 (a year ago), 2026-09-10 ¥300,
        // 2026-10-01 ¥200, 2026-11-20 ¥100, and one after the as-of date (ignored).
        // Paid ¥250 on 2026-10-15: it covers the ¥50 and ¥200 of the ¥300, leaving ¥100 of it
        // (76 days old, 46 past terms → 31–60), ¥200 (55 days old, 25 past → 1–30) and ¥100
        // (5 days old, not yet due).
        let m = try #require(try Self.metrics { db in
            let a = try Self.client(db, "A1", terms: 30, limit: 100_000)
            try Self.order(db, a, "2025-11-20", 5_000)
            try Self.order(db, a, "2026-09-10", 30_000)
            try Self.order(db, a, "2026-10-01", 20_000)
            try Self.order(db, a, "2026-11-20", 10_000)
            try Self.order(db, a, "2026-11-26", 99_000)
            try Self.payment(db, a, "2026-10-15", 25_000)
        }["A1"])
        #expect(m.sales30 == 10_000)                // after 2026-10-26
        #expect(m.sales90 == 60_000)                // after 2026-08-27
        #expect(m.sales365 == 60_000)               // after 2025-11-25: not the 2025-11-20 order
        #expect(m.salesPrevious30 == 20_000)        // 2026-09-27 … 2026-10-26
        #expect(m.sales30YearAgo == 5_000)
        #expect(m.sales365YearAgo == 5_000)
        #expect(m.growthYearOnYear == 11.0)         // (600 − 50) / 50
        #expect(m.growthMonthOnMonth == -0.5)       // (100 − 200) / 200
        #expect(m.orderCount365 == 3)
        #expect(m.orderCountTotal == 4)
        #expect(m.orderMonths365 == 3)              // 5, 55 and 76 days ago: periods 0, 1 and 2 of twelve
        #expect(m.averageOrder365 == 20_000)
        #expect(m.daysSinceLastOrder == 5)
        #expect(m.receivable == 40_000)             // 650 − 250
        #expect(m.ageing == [20_000, 10_000, 0, 0])
        #expect(m.overdue == 30_000)
        #expect(m.creditUtilisation == 0.4)
        #expect(m.creditHeadroom == 60_000)
    }

    @Test func ageingBucketsAtTheirEdges() throws {
        // Terms 0: an order n days old is n days past due. 0 is not overdue; 30 is the last
        // day of 1–30, 31 the first of 31–60, and so on; 91 is over 90.
        let m = try #require(try Self.metrics { db in
            let a = try Self.client(db, "E1")
            for (date, amount) in [("2026-11-25", 1), ("2026-10-26", 10), ("2026-10-25", 100), ("2026-09-26", 1_000),
                                   ("2026-09-25", 10_000), ("2026-08-27", 100_000), ("2026-08-26", 1_000_000)] {
                try Self.order(db, a, date, Int64(amount))
            }
        }["E1"])
        #expect(m.ageing == [10, 1_100, 110_000, 1_000_000])
        #expect(m.receivable == 1_111_111)
    }

    @Test func abcClassesFollowParetoAtTheBoundaries() throws {
        // Sales 50, 30, 10, 6, 4 (of 100) and one client with none: cumulative shares before
        // each are 0, .5, .8, .9, .96 → A, A, B (exactly 80 % before it), B, C; no sales → C.
        let m = try Self.metrics { db in
            for (code, amount) in [("P1", 50), ("P2", 30), ("P3", 10), ("P4", 6), ("P5", 4)] {
                let c = try Self.client(db, code)
                try Self.order(db, c, "2026-06-01", Int64(amount) * 100)
                try Self.order(db, c, "2025-06-01", Int64(100 - amount) * 100)  // a year ago: reversed
            }
            try Self.client(db, "P6")
        }
        #expect(["P1", "P2", "P3", "P4", "P5", "P6"].map { m[$0]!.abc } == ["A", "A", "B", "B", "C", "C"])
        // A year earlier the amounts were 50, 70, 90, 94, 96 of 400: shares before each, largest
        // first, are 0, .235, .4575, .6825, .8575 → P5, P4, P3, P2 are A and P1 is B.
        #expect(["P5", "P4", "P3", "P2", "P1"].map { m[$0]!.abcYearAgo } == ["A", "A", "A", "A", "B"])
    }

    @Test func dormancyIsQuietWellPastTheClientsOwnRhythm() throws {
        // Too few clients for a model: the rhythm and the minimum days decide (DormancyRule).
        // D1: five orders 30 days apart, quiet 100 days (> 2 × 30, ≥ 60): dormant.
        // D2: five orders 40 days apart, quiet 70 (≤ 2 × 40): not dormant.
        // D3: one order day, quiet 297: measured against the base's median rhythm (35): dormant.
        // D4: one order day, quiet 40 (< 60 days): not dormant. D5: no orders: not dormant.
        let m = try Self.metrics { db in
            let d = try Self.client(db, "D1")
            for date in ["2026-04-19", "2026-05-19", "2026-06-18", "2026-07-18", "2026-08-17"] { try Self.order(db, d, date, 100) }
            let n = try Self.client(db, "D2")
            for date in ["2026-04-09", "2026-05-19", "2026-06-28", "2026-08-07", "2026-09-16"] { try Self.order(db, n, date, 100) }
            try Self.order(db, try Self.client(db, "D3"), "2026-02-01", 100)
            let q = try Self.client(db, "D4")
            try Self.order(db, q, "2026-10-16", 100)
            try Self.order(db, q, "2026-10-16", 50)
            try Self.client(db, "D5")
        }
        #expect(m["D1"]!.daysSinceLastOrder == 100 && m["D1"]!.rhythmDays == 30)
        #expect(m["D1"]!.dormant)
        #expect(m["D2"]!.daysSinceLastOrder == 70 && m["D2"]!.rhythmDays == 40)
        #expect(!m["D2"]!.dormant)
        #expect(m["D3"]!.rhythmDays == 35 && m["D3"]!.orderDays == 1)
        #expect(m["D3"]!.dormant)
        #expect(m["D4"]!.orderDays == 1 && m["D4"]!.orderCountTotal == 2)
        #expect(!m["D4"]!.dormant)
        #expect(!m["D5"]!.dormant && m["D5"]!.pAlive == nil && m["D5"]!.rhythmDays == nil)
        // No model: no p_alive, no expectations, no learned signal.
        #expect(m["D1"]!.pAlive == nil && m["D1"]!.pQuiet == nil)
    }

    @Test func withRepeatOrdersTheModelMustAlsoDoubtTheClient() {
        let rule = DormancyRule()
        let h = RepeatHistory(x: 4, tx: 120, t: 220)
        #expect(rule.isDormant(quiet: 100, history: h, rhythm: 30, pAlive: 0.2))
        #expect(!rule.isDormant(quiet: 100, history: h, rhythm: 30, pAlive: 0.7))
        #expect(rule.isDormant(quiet: 100, history: h, rhythm: 30, pAlive: nil))
        // One order day: the model cannot doubt it (p_alive is 1); the rhythm decides.
        #expect(rule.isDormant(quiet: 100, history: RepeatHistory(x: 0, tx: 0, t: 100), rhythm: 30, pAlive: 1))
        let patient = DormancyRule(pAliveBelow: 0.5, rhythmFactor: 4, minimumDays: 60, horizonDays: 180)
        #expect(!patient.isDormant(quiet: 100, history: h, rhythm: 30, pAlive: 0.2))
    }

    @Test func aBadAsOfDateIsAClearError() throws {
        let store = try KehuDatabase.inMemory()
        #expect(throws: KehuMetricsError.self) { try store.writer.read { try MetricsEngine.compute(StoreConnection($0), asOf: "11/23") } }
    }
}
