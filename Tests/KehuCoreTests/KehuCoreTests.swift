import Foundation
import Testing
@testable import KehuCore

@Suite struct KehuCoreTests {
    @Test func openDatabaseCreatesAWALFileWithForeignKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try KehuCore.openDatabase(at: dir.appendingPathComponent("k.db").path)
        let (mode, fk) = try db.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode")!, try Int.fetchOne(db, sql: "PRAGMA foreign_keys")!)
        }
        #expect(mode == "wal")
        #expect(fk == 1)
    }
}
