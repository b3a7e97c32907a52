import Foundation
import Testing

/// Data that Kehu no longer accepts but an older database may hold: every command that
/// reads it fails with a clear error and status 1, never a crash.
@Suite struct HostileDataTests {
    @Test func amountsTooLargeToAddUpFailEveryCommandCleanly() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Kehu.run(["init"], cwd: dir)
        let sql = """
            INSERT INTO client (id, code, name, kind) VALUES (1, 'C1', 'a', 'channel');
            INSERT INTO "order" (code, client_id, date, amount) VALUES ('O1', 1, '2026-11-01', 5000000000000000000), ('O2', 1, '2026-11-02', 5000000000000000000);
            """
        let s = try Kehu.run([dir.appendingPathComponent("kehu.db").path, sql], executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        try #require(s.status == 0)
        for args in [["clients"], ["client", "C1"], ["score", "--dry-run"], ["followups", "--dry-run"],
                     ["run", "-e", "print(kehu.client('C1').code)"]] {
            let r = try Kehu.run(args + ["--as-of", "2026-11-25"], cwd: dir)
            #expect(r.status == 1, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("the orders of client C1 and the other amounts of this database are too large to add up exactly"), "\(args): \(r.stderr)")
        }
    }
}

@Suite struct ExportTargetTests {
    /// A temporary workspace whose database holds client C1.
    static func workspaceWithOneClient() throws -> URL {
        let dir = try Kehu.temporaryDirectory()
        _ = try Kehu.run(["init"], cwd: dir)
        try "code,name,kind\nC1,华东商贸,channel\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        _ = try Kehu.run(["import", "clients", "c.csv"], cwd: dir)
        return dir
    }

    @Test func exportWritesThroughASymlinkAndIntoAFIFOAndReplacesOnlyRegularFiles() throws {
        let dir = try Self.workspaceWithOneClient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default

        // A symlink: the link stays a link, its target gets the CSV.
        try "old".write(to: dir.appendingPathComponent("target.csv"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path, withDestinationPath: "target.csv")
        let viaLink = try Kehu.run(["export", "clients", "link.csv"], cwd: dir)
        #expect(viaLink.status == 0, "\(viaLink.stderr)")
        #expect(try fm.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path) == "target.csv")
        #expect(try String(contentsOf: dir.appendingPathComponent("target.csv"), encoding: .utf8).hasPrefix("code,name,kind,"))

        // A FIFO: a reader on the other end gets the CSV, and the FIFO is still a FIFO.
        let fifo = dir.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let r = try Kehu.run(["-c", "cat pipe > got.csv & \"$0\" export clients pipe; wait", Kehu.binary.path],
                             executable: URL(fileURLWithPath: "/bin/sh"), cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("got.csv"), encoding: .utf8).contains("C1,华东商贸,channel"))
        var st = stat()
        #expect(lstat(fifo.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO)

        // A regular file is replaced whole; a folder is an error.
        let regular = try Kehu.run(["export", "clients", "target.csv"], cwd: dir)
        #expect(regular.status == 0)
        let folder = try Kehu.run(["export", "clients", "."], cwd: dir)
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("it is a folder"))
    }

    @Test func aReplacedFileKeepsItsPermissionsAndALinkToNothingCreatesItsTarget() throws {
        let dir = try Self.workspaceWithOneClient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default

        // A private file stays private after it is replaced.
        let secret = dir.appendingPathComponent("secret.csv")
        try "old".write(to: secret, atomically: true, encoding: .utf8)
        #expect(chmod(secret.path, 0o600) == 0)
        let r = try Kehu.run(["export", "clients", "secret.csv"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        var st = stat()
        #expect(stat(secret.path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOf: secret, encoding: .utf8).contains("C1,华东商贸,channel"))

        // A link whose target does not exist yet: the target is created, the link stays.
        try fm.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: false)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("latest.csv").path, withDestinationPath: "out/today.csv")
        let dangling = try Kehu.run(["export", "clients", "latest.csv"], cwd: dir)
        #expect(dangling.status == 0, "\(dangling.stderr)")
        #expect(try fm.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("latest.csv").path) == "out/today.csv")
        #expect(try String(contentsOf: dir.appendingPathComponent("out/today.csv"), encoding: .utf8).contains("C1,华东商贸,channel"))
        // No temporary file is left beside it.
        #expect(try fm.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path) == ["today.csv"])
    }
}
