import GRDB
import GRDBSQLite

/// The database as lent to work that spans several calls — a playbook run reading clients as
/// it goes, a script's writes, a command's read. Outside KehuCore it is opaque: the other
/// modules hand it back to KehuCore's functions and never see the engine or write SQL, so
/// the store can change engines without them.
///
/// ```swift
/// let runs = try store.read { db in try RunStore.list(db, kind: .score) }
/// ```
public struct StoreConnection {
    let db: Database
    init(_ db: Database) { self.db = db }

    /// Whether a transaction is open on this connection (a script's first write opens one).
    public var isInsideTransaction: Bool { db.isInsideTransaction }

    /// Opens a write transaction now, taking the database's write lock (waiting for it as
    /// every writer does, and failing with who holds it).
    public func beginWriting() throws { try db.beginTransaction(.immediate) }

    /// Ends the open transaction, keeping (`keep`) or dropping what it wrote.
    public func endTransaction(keep: Bool) throws {
        if keep { try db.commit() } else { try db.rollback() }
    }

    /// Steps through the rows of `sql`, handing each to `row` as the raw SQLite statement to
    /// read its columns from: for scans over every order, where a million rows through GRDB's
    /// `Row` would cost more than the work done on them. A step that fails is an error.
    func scanRows(_ sql: String, arguments: StatementArguments, _ row: (OpaquePointer) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let raw = statement.sqliteStatement
        // `statement` owns `raw` (it finalizes it when released): keep it alive for the scan.
        defer { withExtendedLifetime(statement) { _ = sqlite3_reset(raw) } }
        while true {
            let rc = sqlite3_step(raw)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try row(raw)
        }
    }
}

extension KehuDatabase {
    /// Runs `body` on a read-only snapshot of the database.
    public func read<T>(_ body: (StoreConnection) throws -> T) throws -> T {
        try writer.read { try body(StoreConnection($0)) }
    }

    /// Runs `body` in one write transaction: everything it writes lands, or nothing.
    public func write<T>(_ body: (StoreConnection) throws -> T) throws -> T {
        try writer.write { try body(StoreConnection($0)) }
    }

    /// Runs `body` on the writer's connection with no transaction open: `body` decides when
    /// to take the write lock (``StoreConnection/beginWriting()``) and ends what it began.
    public func writeWhenNeeded<T>(_ body: (StoreConnection) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { try body(StoreConnection($0)) }
    }
}
