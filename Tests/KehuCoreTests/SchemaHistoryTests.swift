import Foundation
import GRDB
import Testing
@testable import KehuCore

/// Schema history is append-only. `Tests/Fixtures/Schemas/vN.db` is a small database made by
/// schema version N as it was released (v3 before its index was added), and `vN-COMMIT.db`
/// an earlier form of it (v1 with the narrow order index and `order_date`, v2 with a WITHOUT
/// ROWID score table); `make.py` beside them made them from the migrations at each commit.
/// Each migrates to the latest version and then has exactly the schema of a fresh
/// `kehu init`, with its data kept and its references whole. A new migration needs a new
/// fixture here; an edited one shows up as a difference.
@Suite struct SchemaHistoryTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Schemas")

    /// Tables with their columns, and indexes with their columns, uniqueness and condition.
    static func schema(_ db: Database) throws -> [String] {
        var out: [String] = []
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """)
        for t in tables {
            let columns = try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", arguments: [t])
            out.append("table \(t): " + columns.map { "\($0[0] as String) \($0[1] as String) nn=\($0[2] as Int) d=\(($0[3] as String?) ?? "-") pk=\($0[4] as Int)" }.joined(separator: ", "))
            let indexes = try Row.fetchAll(db, sql: "SELECT name, \"unique\", partial FROM pragma_index_list(?) ORDER BY name", arguments: [t])
            for i in indexes {
                let name: String = i[0]
                let cols = try String.fetchAll(db, sql: "SELECT coalesce(name, '<expr>') FROM pragma_index_info(?) ORDER BY seqno", arguments: [name])
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [name])
                let condition = sql.flatMap { s in s.range(of: " WHERE ").map { String(s[$0.upperBound...]) } } ?? ""
                out.append("  index \(name.hasPrefix("sqlite_autoindex") ? "(key)" : name) on \(t)(\(cols.joined(separator: ","))) unique=\(i[1] as Int) \(condition)")
            }
        }
        return out
    }

    static func temporaryCopy(of fixture: String) throws -> (URL, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("k.db")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(fixture), to: path)
        return (dir, path)
    }

    /// Every fixture in the folder: a new one is tried by adding its file.
    static var released: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).filter { $0.hasSuffix(".db") }.sorted()
    }

    @Test func thereIsAFixtureOfEveryVersionBeforeThisOne() {
        let versions = Set(Self.released.compactMap { name in name.dropFirst().split(whereSeparator: { $0 == "." || $0 == "-" }).first.flatMap { Int($0) } })
        // A new migration comes with a fixture of the version before it.
        #expect(Set(1..<KehuDatabase.schemaVersion).isSubset(of: versions), "fixtures of versions \(versions.sorted()); this build writes \(KehuDatabase.schemaVersion)")
    }

    @Test(arguments: released)
    func aDatabaseOfEachReleasedVersionMigratesToTheSchemaOfAFreshOne(_ fixture: String) throws {
        let (dir, path) = try Self.temporaryCopy(of: fixture)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fresh = try KehuDatabase.open(path: dir.appendingPathComponent("fresh.db").path, create: true)
        let expected = try fresh.writer.read { try Self.schema($0) }

        let old = try DatabaseQueue(path: path.path)
        let before = try old.read { db in try Row.fetchAll(db, sql: "SELECT code, name, credit_limit, tags FROM client ORDER BY code") }
        try old.close()

        let migrated = try KehuDatabase.open(path: path.path)
        #expect(try migrated.schemaVersion() == KehuDatabase.schemaVersion)
        let got = try migrated.writer.read { try Self.schema($0) }
        #expect(got == expected, "\(fixture): \(Set(got).symmetricDifference(expected).sorted())")
        // Its data is all there.
        #expect(try migrated.writer.read { db in try Row.fetchAll(db, sql: "SELECT code, name, credit_limit, tags FROM client ORDER BY code") } == before)
        #expect(try migrated.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM interaction") } == 1)
        // Tables rebuilt on the way keep every reference whole and the file sound.
        #expect(try migrated.writer.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
        #expect(try migrated.writer.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        if ["v2", "v3", "v4", "v5"].contains(where: fixture.hasPrefix) {
            let scores = try migrated.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT client_id, loyalty, strength, quadrant FROM score ORDER BY client_id")
            }
            #expect(scores.map { $0[3] as String } == ["key", "phase_out"])
            #expect(try migrated.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM followup") } == 1)
        }
    }

    @Test func theV3FixtureIsTheOneWithoutTheContactIndex() throws {
        // The fixture must keep showing the edit that v4 repairs.
        let db = try DatabaseQueue(path: Self.fixtures.appendingPathComponent("v3.db").path, configuration: {
            var c = Configuration(); c.readonly = true; return c
        }())
        #expect(try db.read { try String.fetchOne($0, sql: "SELECT name FROM sqlite_master WHERE name = 'interaction_contact_date'") } == nil)
    }

    @Test func everyMigrationHasAFixtureOrIsTheLatest() {
        // A migration added after v4 needs its own released fixture here (v4.db, …).
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)) ?? []
        #expect(Set(names.filter { $0.hasSuffix(".db") }).isSuperset(of: (1..<KehuDatabase.schemaVersion).map { "v\($0).db" }))
    }
}
