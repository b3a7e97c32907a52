import Foundation
import GRDB
import Testing
@testable import KehuCore

/// Amounts that databases made before import bounded them may hold: the metrics pass
/// refuses them with an error naming the client, never a trap.
@Suite struct OverflowTests {
    static func database(_ sql: String) throws -> KehuDatabase {
        let store = try KehuDatabase.inMemory()
        try store.writer.write { db in
            try db.execute(sql: "INSERT INTO client (id, code, name, kind) VALUES (1, 'C1', 'a', 'channel'), (2, 'C2', 'b', 'channel')")
            try db.execute(sql: sql)
        }
        return store
    }

    @Test(arguments: [
        ("INSERT INTO \"order\" (code, client_id, date, amount) VALUES ('O1', 1, '2026-11-01', 5000000000000000000), ('O2', 1, '2026-11-02', 5000000000000000000)",
         "the orders of client C1"),
        ("INSERT INTO payment (code, client_id, date, amount) VALUES ('P1', 2, '2026-11-01', 9223372036854775807), ('P2', 2, '2026-11-02', 100)",
         "the payments of client id 2"),
        ("UPDATE client SET credit_limit = 9223372036854775807 WHERE id = 1; INSERT INTO payment (code, client_id, date, amount) VALUES ('P1', 1, '2026-11-01', 100)",
         "the payments of client C1"),
        ("INSERT INTO \"order\" (code, client_id, date, amount) VALUES ('O1', 1, '2026-11-01', 5000000000000000000), ('O2', 2, '2026-11-02', 5000000000000000000)",
         "the orders of client C2"),
        ("INSERT INTO interaction (client_id, date, kind, cost) VALUES (1, '2026-11-01', 'entertainment', 9223372036854775807), (1, '2026-11-02', 'entertainment', 9223372036854775807)",
         "the entertainment costs of client C1"),
    ])
    func amountsTooLargeToAddUpAreAnErrorNamingTheClient(_ sql: String, _ what: String) throws {
        let store = try Self.database(sql)
        do {
            _ = try store.writer.read { try MetricsEngine.compute(StoreConnection($0), asOf: "2026-11-25") }
            Issue.record("expected an overflow error")
        } catch let e as KehuMetricsError {
            #expect(e.description.hasPrefix(what + " and the other amounts of this database are too large to add up exactly"), "\(e)")
        }
    }

    @Test func theLargestAmountsImportAllowsStillAddUp() throws {
        // A thousand orders of just under 10¹² yuan each: far below the 64-bit limit.
        let store = try Self.database("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
            INSERT INTO "order" (code, client_id, date, amount) SELECT 'O' || i, 1 + i % 2, '2026-11-01', \(Importer.maxFen - 1) FROM n
            """)
        let m = try store.writer.read { try MetricsEngine.compute(StoreConnection($0), asOf: "2026-11-25") }
        #expect(m[0].sales30 == 500 * (Importer.maxFen - 1))
    }
}
