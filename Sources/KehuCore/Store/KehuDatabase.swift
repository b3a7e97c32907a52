import Foundation
import GRDB

/// The dealer's database: one SQLite file in WAL mode with foreign keys on, migrated to
/// the schema this build writes.
///
/// ```swift
/// let db = try KehuDatabase.open(path: "kehu.db")     // creates and migrates if needed
/// let memory = try KehuDatabase.inMemory()            // tests
/// ```
public struct KehuDatabase: Sendable {
    let writer: any DatabaseWriter
    public let path: String?

    /// Where the database lives: `--db PATH`, else `KEHU_DB`, else `./kehu.db`.
    public static func resolvePath(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        option ?? environment["KEHU_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "kehu.db"
    }

    /// Opens an existing database, migrating it; throws `KehuError.noDatabase` when absent
    /// unless `create` is true.
    public static func open(path: String, create: Bool = false) throws -> KehuDatabase {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw KehuError.noDatabase(path: path)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .callback(busyCallback(path: path))
        config.prepareDatabase { db in
            if !db.configuration.readonly {
                db.add(transactionObserver: WriterMarkObserver(database: path), extent: .databaseLifetime)
            }
            // Large imports and runs are single transactions: a 256 MiB page cache on the
            // writer keeps them from spilling pages to the WAL on every few thousand rows.
            // Readers scan and forget; they keep SQLite's small default cache.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = \(writerCacheSize)")
            }
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        lastOpenedPath = path
        let pool = try DatabasePool(path: path, configuration: config)
        try Schema.migrator.migrate(pool)
        try Schema.markVersion(pool)
        return KehuDatabase(writer: pool, path: path)
    }

    /// The database this process opened last (for messages about it).
    nonisolated(unsafe) public static var lastOpenedPath: String?

    /// The writer's page cache, in SQLite's negative-KiB form: 256 MiB.
    static let writerCacheSize = -262_144

    /// Runs `body` with a 16 MiB page cache on the writer, for long transactions that read far
    /// more than they write (a playbook run): SQLite's pages then neither crowd the many small
    /// allocations of the work in between nor raise the peak memory.
    static func withSmallCache<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "PRAGMA cache_size = -16384")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(db.configuration.readonly ? -2000 : writerCacheSize)") }
        return try body()
    }

    /// An in-memory database with the schema (for tests and dry runs).
    public static func inMemory() throws -> KehuDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: config)
        try Schema.migrator.migrate(queue)
        try Schema.markVersion(queue)
        return KehuDatabase(writer: queue, path: nil)
    }

    /// The schema version of the open database (the number of applied migrations).
    public func schemaVersion() throws -> Int {
        try writer.read { db in try Schema.migrator.appliedIdentifiers(db).count }
    }

    public static var schemaVersion: Int { Schema.version }
}

/// Errors of the core that say how to fix them.
public enum KehuError: Error, CustomStringConvertible, Sendable, Equatable {
    case noDatabase(path: String)
    case unknownClient(code: String)
    /// What was asked cannot be done; the message says why.
    case invalid(String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            return "no database at \(path) — run 'kehu init' or pass --db"
        case .unknownClient(let code):
            return "no client with code \(code) — 'kehu clients' lists them"
        case .invalid(let message):
            return message
        }
    }
}
