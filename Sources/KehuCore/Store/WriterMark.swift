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

    /// Removes the mark if it is still this process's: once the transaction has ended, the
    /// next writer may already have written its own.
    func clear() {
        guard marked else { return }
        marked = false
        guard let data = FileManager.default.contents(atPath: path),
              let mark = try? JSONDecoder().decode(WriterMark.self, from: data), mark.pid == getpid() else { return }
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
            let (waited, tell) = state.wait(first: tries == 0)
            let giveUp = waited >= maxWait
            // Said once a wait, after a second (or before giving up, whichever comes first).
            if tell(waited >= min(1, maxWait / 2) || giveUp), let notice = waitNotice {
                let who = WriterMark.read(database: path).map { "\($0.description) is writing to it" }
                    ?? "another program is writing to it"
                notice("kehu: waiting for \(path): \(who); waiting up to \(Int(maxWait)) s (KEHU_WAIT sets how long)")
            }
            if giveUp { return false }
            usleep(tries < 10 ? 10_000 : 50_000)
            return true
        }
    }

    /// When each wait began and whether it has been told, per thread: SQLite calls the busy
    /// handler over and over on the thread of the statement that waits, with `tries` 0 at the
    /// start of each wait, and the connections of one database may wait at the same time.
    final class BusyState: @unchecked Sendable {
        private struct Episode {
            var started: Date
            var told: Bool
        }
        private let lock = NSLock()
        private var episodes: [UInt: Episode] = [:]

        /// The seconds this thread's wait has lasted, and a function that says whether to tell
        /// of it now (true once per wait, the first time it is asked with true).
        func wait(first: Bool) -> (waited: Double, tell: (Bool) -> Bool) {
            let me = UInt(pthread_self())  // pthread_t is an integer on Linux
            lock.lock()
            defer { lock.unlock() }
            if first || episodes[me] == nil { episodes[me] = Episode(started: Date(), told: false) }
            let waited = Date().timeIntervalSince(episodes[me]!.started)
            return (waited, { [self] due in
                guard due else { return false }
                lock.lock()
                defer { lock.unlock() }
                guard episodes[me]?.told == false else { return false }
                episodes[me]?.told = true
                return true
            })
        }
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
