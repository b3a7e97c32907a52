import Foundation
import GRDB
import Testing
@testable import KehuCore

/// One client's metrics, read from its own rows and the cached ABC boundaries, are exactly
/// those of the pass over every client; the cache follows every change to the data.
@Suite struct SingleClientMetricsTests {
    static func temporaryDatabase() throws -> (KehuDatabase, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-single-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("kehu.db").path
        return (try KehuDatabase.open(path: path, create: true), path)
    }

    @Test(arguments: ["2026-11-25", "2025-12-31", "2027-03-01"])
    func everyClientAloneEqualsThePass(asOf: String) throws {
        let (store, _) = try Self.temporaryDatabase()
        _ = try SampleDealer(clients: 400, years: 3, seed: 7, asOf: "2026-11-25").write(to: store)
        try store.write { db in
            // Ties on the ABC boundary: equal sales, so the code decides.
            let ids = try Int64.fetchAll(db.db, sql: "SELECT id FROM client ORDER BY code LIMIT 6")
            for (n, id) in ids.enumerated() {
                try db.db.execute(sql: """
                    INSERT INTO "order" (code, client_id, date, amount) VALUES (?, ?, '2026-10-01', 987654321)
                    """, arguments: ["TIE\(n)", id])
            }
        }
        let all = try store.read { try MetricsEngine.compute($0, asOf: asOf) }
        let classes = Set(all.map(\.abc))
        #expect(classes == ["A", "B", "C"] || asOf < "2026-01-01")
        for m in all {
            let alone = try store.read { try MetricsEngine.compute($0, asOf: asOf, clientId: m.clientId) }
            #expect(alone == m, "\(m.code)")
        }
        #expect(try store.read { try MetricsEngine.compute($0, asOf: asOf, clientId: 987_654) } == nil)
    }

    @Test func theBoundariesAreKeptAndFollowEveryChange() throws {
        let (store, path) = try Self.temporaryDatabase()
        _ = try SampleDealer(clients: 200, years: 2, seed: 3, asOf: "2026-11-25").write(to: store)
        let asOf = "2026-11-25"
        let first = try store.read { try ABCBoundaries.current($0, asOf: asOf) }
        // Kept for the next process, at the generation it was computed at.
        let kept = try store.read { db in
            try Row.fetchOne(db.db, sql: "SELECT generation, value FROM base_cache WHERE as_of = ? AND what = 'abc'", arguments: [asOf])
        }
        let generation = try store.read { try Int64.fetchOne($0.db, sql: "SELECT n FROM data_generation") }
        #expect(kept?[0] as Int64? == generation)
        #expect(try JSONDecoder().decode(ABCBoundaries.self, from: Data(((kept?[1] as String?) ?? "").utf8)) == first)

        // A cached value that no longer matches the data is not used: a large order moves the
        // top client, by Kehu or by sqlite3 behind its back.
        let small = try store.read { db in
            try String.fetchOne(db.db, sql: "SELECT code FROM client ORDER BY code DESC LIMIT 1")!
        }
        let db2 = try DatabaseQueue(path: path)
        try db2.write { db in
            try db.execute(sql: """
                INSERT INTO "order" (code, client_id, date, amount)
                SELECT 'BIG', id, '2026-11-01', 900000000000 FROM client WHERE code = ?
                """, arguments: [small])
        }
        try db2.close()
        let after = try store.read { try ABCBoundaries.current($0, asOf: asOf) }
        #expect(after != first)
        #expect(after == (try store.read { try ABCBoundaries.compute($0.db, asOf: asOf) }))
        let alone = try store.read { db -> ClientMetrics? in
            let id = try ClientHistory.id(db, code: small)!
            return try MetricsEngine.compute(db, asOf: asOf, clientId: id)
        }
        #expect(alone?.abc == "A")
        let all = try store.read { try MetricsEngine.compute($0, asOf: asOf) }
        #expect(all.first { $0.code == small } == alone)

        // A cached value this build cannot read is computed again and replaced, not trusted.
        try store.write { try $0.db.execute(sql: "UPDATE base_cache SET value = 'not json' WHERE as_of = ?", arguments: [asOf]) }
        #expect(try store.read { try ABCBoundaries.current($0, asOf: asOf) } == after)
        #expect(try store.read { try String.fetchOne($0.db, sql: "SELECT value FROM base_cache WHERE as_of = ?", arguments: [asOf]) } != "not json")

        // Renaming a client's code changes the ranking's tie-break: it counts as a change too.
        let before = try store.read { try Int64.fetchOne($0.db, sql: "SELECT n FROM data_generation") }
        try store.write { try $0.db.execute(sql: "UPDATE client SET code = 'ZZ' || code WHERE code = ?", arguments: [small]) }
        let later = try store.read { try Int64.fetchOne($0.db, sql: "SELECT n FROM data_generation") }
        #expect(later != before)
        // A change that the classes do not read (a name) leaves the cache in use.
        try store.write { try $0.db.execute(sql: "UPDATE client SET name = 'renamed'") }
        #expect(try store.read { try Int64.fetchOne($0.db, sql: "SELECT n FROM data_generation") } == later)
    }
}
