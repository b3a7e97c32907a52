import Foundation
import GRDB

/// Who is writing to a dealer's database, and since when: a small file beside it
/// (`kehu.db-writer`) that a Kehu process writes when its transaction first changes the
/// database and removes when the transaction ends. A second writer that finds the database
/// locked reads it to say who holds the lock, instead of SQLite's bare "database is locked".
public struct WriterMark: Codable, Sendable, Equatable {
    public var pid: Int32
    public var user: String
    public var command: String
    /// UTC, ISO 8601.
    public var since: String

    static func path(for database: String) -> String { database + "-writer" }

    static func current() -> WriterMark {
        let args = CommandLine.arguments.dropFirst().prefix(4).joined(separator: " ")
        let command = ("kehu " + args).count > 80 ? String(("kehu " + args).prefix(79)) + "…" : "kehu " + args
        let user = ProcessInfo.processInfo.environment["USER"] ?? String(getuid())
        return WriterMark(pid: getpid(), user: user, command: command.trimmingCharacters(in: .whitespaces),
                          since: ISO8601DateFormatter().string(from: Date()))
    }

    /// The mark of the process holding `database`, if it is still running.
    public static func read(database: String) -> WriterMark? {
        guard let data = FileManager.default.contents(atPath: path(for: database)),
              let mark = try? JSONDecoder().decode(WriterMark.self, from: data) else { return nil }
        // A mark left by a process that was killed says nothing.
        guard kill(mark.pid, 0) == 0 || errno == EPERM else { return nil }
        return mark
    }

    /// "kehu score (pid 4242, user 王伟) since 2026-11-25T08:00:01Z".
    public var description: String {
        "\(command.escapedForTerminal) (pid \(pid), user \(user.escapedForTerminal)) since \(since)"
    }
}

/// Writes the mark at a transaction's first change and removes it when the transaction ends.
final class WriterMarkObserver: TransactionObserver, @unchecked Sendable {
    let path: String
    var marked = false

    init(database: String) { path = WriterMark.path(for: database) }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }

    func databaseDidChange(with event: DatabaseEvent) {
        // Temporary tables take no lock on the database.
        if event.databaseName == "temp" { return }
        if !marked, let data = try? JSONEncoder().encode(WriterMark.current()) {
            marked = FileManager.default.createFile(atPath: path, contents: data)
        }
        // One event a transaction is enough.
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) { clear() }
    func databaseDidRollback(_ db: Database) { clear() }

    func clear() {
        guard marked else { return }
        marked = false
        unlink(path)
    }
}

extension KehuDatabase {
    /// How long a command waits for another writer before it gives up: `KEHU_WAIT` seconds,
    /// else 60.
    public static var maxWait: Double {
        ProcessInfo.processInfo.environment["KEHU_WAIT"].flatMap(Double.init).map { max(0, $0) } ?? 60
    }

    /// Told once, when a command starts waiting for another writer (the CLI prints it).
    nonisolated(unsafe) public static var waitNotice: ((String) -> Void)?

    /// The busy handler: waits up to ``maxWait``, saying once who holds the database.
    static func busyCallback(path: String) -> Database.BusyCallback {
        let state = BusyState()
        return { tries in
            if tries == 0 { state.started = Date() }
            let waited = Date().timeIntervalSince(state.started)
            let giveUp = waited >= maxWait
            // Said once, after a second (or before giving up, whichever comes first).
            if !state.told && (waited >= min(1, maxWait / 2) || giveUp), let notice = waitNotice {
                state.told = true
                let who = WriterMark.read(database: path).map { "\($0.description) is writing to it" }
                    ?? "another program is writing to it"
                notice("kehu: waiting for \(path): \(who); waiting up to \(Int(maxWait)) s (KEHU_WAIT sets how long)")
            }
            if giveUp { return false }
            usleep(tries < 10 ? 10_000 : 50_000)
            return true
        }
    }

    final class BusyState: @unchecked Sendable {
        var started = Date()
        var told = false
    }

    /// A clear description of `error` when it is the database being locked by another
    /// writer: who, since when, and what to do. Nil for other errors.
    public static func busyDescription(_ error: Error, path: String?) -> String? {
        guard let e = error as? DatabaseError, e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED else { return nil }
        let name = path ?? "the database"
        let who = path.flatMap { WriterMark.read(database: $0) }.map { "\($0.description) is writing to it" }
            ?? "another program is writing to it"
        return "\(name) is busy: \(who); waited \(Int(maxWait)) s. Run this again when it has finished, "
            + "or wait longer with KEHU_WAIT=SECONDS. Nothing was changed."
    }
}
