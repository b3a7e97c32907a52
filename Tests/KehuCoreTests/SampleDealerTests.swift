import GRDB
import Testing
@testable import KehuCore

@Suite struct SampleDealerTests {
    static func dump(_ store: KehuDatabase) throws -> [String] {
        try store.writer.read { db in
            try ["client", "contact", "\"order\"", "payment", "interaction"].map { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map { $0.description }.joined(separator: "\n")
            }
        }
    }

    @Test func theSameSeedAndDateGiveTheSameDataByteForByte() throws {
        let a = try KehuDatabase.inMemory(), b = try KehuDatabase.inMemory(), c = try KehuDatabase.inMemory()
        try SampleDealer(clients: 200, years: 2, seed: 42, asOf: "2026-11-25").write(to: a)
        try SampleDealer(clients: 200, years: 2, seed: 42, asOf: "2026-11-25").write(to: b)
        try SampleDealer(clients: 200, years: 2, seed: 43, asOf: "2026-11-25").write(to: c)
        #expect(try Self.dump(a) == Self.dump(b))
        #expect(try Self.dump(a) != Self.dump(c))
    }

    /// An agricultural dealer: farm-input products, farms and cooperatives with their land,
    /// orders mostly at planting, and good payers paying from the harvest — never after the
    /// harvest day of their order's season, never before the order. The same seed gives the same
    /// bytes, and the profiles differ.
    @Test func theAgriProfileIsASeasonalHarvestCreditDealer() throws {
        let a = try KehuDatabase.inMemory(), b = try KehuDatabase.inMemory(), f = try KehuDatabase.inMemory()
        try SampleDealer(clients: 300, years: 2, seed: 5, asOf: "2026-11-25", profile: .agri).write(to: a)
        try SampleDealer(clients: 300, years: 2, seed: 5, asOf: "2026-11-25", profile: .agri).write(to: b)
        try SampleDealer(clients: 300, years: 2, seed: 5, asOf: "2026-11-25", profile: .fmcg).write(to: f)
        #expect(try Self.dump(a) == Self.dump(b))
        #expect(try Self.dump(a) != Self.dump(f))
        try a.writer.read { db in
            let products = Set(try String.fetchAll(db, sql: "SELECT DISTINCT product FROM \"order\""))
            #expect(products.isSubset(of: ["玉米种子", "小麦种子", "复合肥", "尿素", "杀虫剂", "除草剂"]) && products.count > 3)
            let land = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM client WHERE kind = 'terminal' AND json_extract(attributes, '$.cultivated_mu') > 0")!
            let terminals = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM client WHERE kind = 'terminal'")!
            #expect(terminals > 0 && land == terminals)
            // Planting months (Feb–Jun) carry more orders than the winter (Nov–Jan).
            let byMonth = try [Int: Int](uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT CAST(substr(date, 6, 2) AS INTEGER), COUNT(*) FROM \"order\" GROUP BY 1").map { ($0[0], $0[1]) })
            let planting: Int = [2, 3, 4, 5, 6].map { (m: Int) -> Int in byMonth[m] ?? 0 }.reduce(0, +) / 5
            let winter: Int = [11, 12, 1].map { (m: Int) -> Int in byMonth[m] ?? 0 }.reduce(0, +) / 3
            #expect(planting > winter, "\(byMonth)")
            // Each payment pays its order (P<code>-k pays <code>-k) on or before its harvest day unless the client is a late payer.
            let rows = try Row.fetchAll(db, sql: """
                SELECT o.date, p.date, c.tags FROM payment p JOIN "order" o ON o.code = substr(p.code, 2) JOIN client c ON c.id = p.client_id
                """)
            #expect(!rows.isEmpty)
            for r in rows where !(r[2] as String).contains("回款慢") {
                let order: String = r[0], paid: String = r[1]
                let due = Day(ordinal: Int32(SampleDealer.harvestDue(Day.ordinal(order)!)))
                #expect(paid > order && paid <= due.description, "\(order) paid \(paid), due \(due)")
            }
        }
        #expect(Day(ordinal: Int32(SampleDealer.harvestDue(Day.ordinal("2026-01-15")!))).description == "2026-07-31")
        #expect(Day(ordinal: Int32(SampleDealer.harvestDue(Day.ordinal("2026-07-31")!))).description == "2026-12-31")
        #expect(Day(ordinal: Int32(SampleDealer.harvestDue(Day.ordinal("2026-08-01")!))).description == "2027-07-31")
    }

    @Test func theSampleLooksLikeADealer() throws {
        let store = try KehuDatabase.inMemory()
        try SampleDealer(clients: 1000, years: 3, seed: 1, asOf: "2026-11-25").write(to: store)
        let metrics = try store.writer.read { try MetricsEngine.compute(StoreConnection($0), asOf: "2026-11-25") }
        #expect(metrics.count == 1000)
        let kinds = try store.writer.read { try [String: Int](uniqueKeysWithValues: Row.fetchAll($0, sql: "SELECT kind, COUNT(*) FROM client GROUP BY kind").map { ($0[0], $0[1]) }) }
        #expect(kinds["channel"]! > kinds["terminal"]! && kinds["terminal"]! > kinds["partner"]! && kinds["partner"]! > kinds["upstream"]!)
        // Pareto: A clients are a minority that makes most of the sales.
        let a = metrics.filter { $0.abc == "A" }
        #expect(a.count > 50 && a.count < 450)
        #expect(metrics.contains { $0.dormant })
        #expect(metrics.contains { $0.overdue > 0 })
        #expect(metrics.contains { $0.creditUtilisation ?? 0 > 1 })
        let last = try store.writer.read { try String.fetchOne($0, sql: "SELECT MAX(date) FROM \"order\"") }
        #expect(last! <= "2026-11-25")
        let names = try store.writer.read { try String.fetchAll($0, sql: "SELECT name FROM client LIMIT 5") }
        #expect(names.allSatisfy { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } })
    }

    @Test func dayMathRoundTripsAndKnowsLeapYears() {
        #expect(Day.ordinal("1970-01-01") == 0)
        #expect(Day.ordinal("2024-02-29") != nil)
        #expect(Day.ordinal("2026-02-29") == nil)
        for n in stride(from: -1000, to: 30000, by: 37) { #expect(Day.ordinal(Day.string(n)) == n) }
    }
}
