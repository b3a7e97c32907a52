import Foundation
import Testing

/// A second writer is told who holds the database and since when, never SQLite's bare
/// "database is locked"; a score run holds the write lock only while it stores its rows.
@Suite struct ConcurrentWriterTests {
    @Test func aSecondWriterIsToldWhoHoldsTheDatabase() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Kehu.run(["init"], cwd: dir)
        try "code,name,kind\nC1,华东商贸,channel\nC2,顺达,terminal\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        _ = try Kehu.run(["import", "clients", "c.csv"], cwd: dir)

        // A script takes the write lock at its first write and keeps it (it never ends).
        let holder = Process()
        holder.executableURL = Kehu.binary
        holder.arguments = ["run", "--allow-write", "--timeout", "600s", "-e", "kehu.tag('C1', 'x'); while true do end"]
        holder.currentDirectoryURL = dir
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() } }
        // Wait (without a deadline that decides anything) until it has written.
        let mark = dir.appendingPathComponent("kehu.db-writer")
        var polls = 0
        while !FileManager.default.fileExists(atPath: mark.path) && holder.isRunning && polls < 12_000 {
            usleep(10_000)
            polls += 1
        }
        try #require(FileManager.default.fileExists(atPath: mark.path), "the holder never wrote")

        let wait = ["KEHU_WAIT": "1.5"]
        let imported = try Kehu.run(["import", "clients", "c.csv"], cwd: dir, environment: wait)
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("kehu.db is busy: kehu run --allow-write --timeout 600s (pid \(holder.processIdentifier), user "), "\(imported.stderr)")
        #expect(imported.stderr.contains("KEHU_WAIT=SECONDS"))
        #expect(imported.stderr.contains("kehu: waiting for kehu.db: kehu run --allow-write"), "\(imported.stderr)")
        #expect(!imported.stderr.contains("database is locked"))

        // Scoring reads while the other writes; only storing waits, and then says why.
        let dry = try Kehu.run(["score", "--dry-run", "--as-of", "2026-11-25"], cwd: dir, environment: wait)
        #expect(dry.status == 0, "\(dry.stderr)")
        let stored = try Kehu.run(["score", "--as-of", "2026-11-25"], cwd: dir, environment: wait)
        #expect(stored.status == 1)
        #expect(stored.stderr.contains("is busy: kehu run --allow-write"), "\(stored.stderr)")
        #expect(!stored.stderr.contains("database is locked"))

        let script = try Kehu.run(["run", "--allow-write", "-e", "kehu.tag('C2', 'y')"], cwd: dir, environment: wait)
        #expect(script.status == 1)
        #expect(script.stderr.contains("kehu.tag: kehu.db is busy: kehu run --allow-write"), "\(script.stderr)")

        // Once the holder is gone (killed, so its mark is left behind), writing works again.
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let after = try Kehu.run(["score", "--as-of", "2026-11-25"], cwd: dir, environment: wait)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(!FileManager.default.fileExists(atPath: mark.path))
    }
}
