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
