import Foundation
import GRDB
import Testing
@testable import KehuCore

@Suite struct DatabaseTests {
    @Test func openCreatesAMigratedWALDatabaseWithForeignKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("k.db").path
        #expect(throws: KehuError.noDatabase(path: path)) { try KehuDatabase.open(path: path) }
        let db = try KehuDatabase.open(path: path, create: true)
        let (mode, fk, version) = try db.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode")!, try Int.fetchOne(db, sql: "PRAGMA foreign_keys")!,
             try Int.fetchOne(db, sql: "PRAGMA user_version")!)
        }
        #expect(mode == "wal")
        #expect(fk == 1)
        #expect(version == KehuDatabase.schemaVersion)
        #expect(try db.schemaVersion() == KehuDatabase.schemaVersion)
    }

    @Test func theDatabasePathComesFromTheOptionThenKEHU_DBThenTheDefault() {
        #expect(KehuDatabase.resolvePath("x.db", environment: ["KEHU_DB": "y.db"]) == "x.db")
        #expect(KehuDatabase.resolvePath(nil, environment: ["KEHU_DB": "y.db"]) == "y.db")
        #expect(KehuDatabase.resolvePath(nil, environment: [:]) == "kehu.db")
    }

    @Test func theSchemaRefusesNegativeAmountsAndOrphanOrders() throws {
        let db = try KehuDatabase.inMemory()
        try db.writer.write { db in
            var c = ClientRecord(code: "C1", name: "华东商贸", kind: "channel")
            try c.insert(db)
            var bad = OrderRecord(code: "O1", clientId: c.id!, date: "2026-11-01", amount: -5)
            #expect(throws: DatabaseError.self) { try bad.insert(db) }
            var orphan = OrderRecord(code: "O2", clientId: 999, date: "2026-11-01", amount: 5)
            #expect(throws: DatabaseError.self) { try orphan.insert(db) }
        }
    }
}
