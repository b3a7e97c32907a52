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
