import Foundation
import Testing

@Suite struct ImportProcessTests {
    /// Writes an orders CSV for clients C1…C3 with `rows` rows.
    static func ordersFile(_ url: URL, rows: Int) throws {
        var text = "code,client,date,amount\n"
        text.reserveCapacity(rows * 32)
        for i in 1...rows { text += "O\(i),C\(i % 3 + 1),2026-\(String(format: "%02d", i % 12 + 1))-15,\(i % 997 + 1).50\n" }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func sqlite(_ db: URL, _ sql: String) throws -> String {
        let r = try Kehu.run([db.path, sql], executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func importAndExportThroughTheBinary() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Kehu.run(["init"], cwd: dir)
        try "客户编号,客户名称,类型\nC1,华东商贸,渠道\nC2,顺达,终端\nC3,老王,协作\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let ok = try Kehu.run(["import", "clients", "c.csv"], cwd: dir)
        #expect(ok.stdout == "imported 3 clients rows from c.csv: 3 new, 0 updated, 0 unchanged\n")
        try "code,client,date,amount\nO1,C1,2026-11-01,1\nO2,C7,2026-11-01,x\n".write(to: dir.appendingPathComponent("o.csv"), atomically: true, encoding: .utf8)
        let bad = try Kehu.run(["import", "orders", "o.csv"], cwd: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("o.csv:3:2: expected the code of a known client, found \"C7\""))
        #expect(bad.stderr.contains("o.csv:3:4: expected an amount"))
        #expect(bad.stderr.contains("nothing was imported"))
        let export = try Kehu.run(["export", "clients"], cwd: dir)
        #expect(export.stdout.hasPrefix("code,name,kind,"))
        #expect(export.stdout.contains("C1,华东商贸,channel,"))
    }

    @Test func aPartialFileUpdatesOnlyItsColumnsAndADryRunSaysWhatWouldChange() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Kehu.run(["init"], cwd: dir)
        try "code,name,kind,region,owner,credit_limit,tags\nC1,华东商贸,channel,浙江,王伟,50000,老客户\nC2,顺达,terminal,江苏,李娜,1000,\n"
            .write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        _ = try Kehu.run(["import", "clients", "c.csv"], cwd: dir)
        try "code,name,kind,tags\nC1,华东商贸公司,channel,重点\nC2,顺达,terminal,\nC3,新客,channel,\n"
            .write(to: dir.appendingPathComponent("tags.csv"), atomically: true, encoding: .utf8)
        let dry = try Kehu.run(["import", "clients", "tags.csv", "--dry-run"], cwd: dir)
        #expect(dry.status == 0)
        #expect(dry.stdout == """
            tags.csv: 3 clients rows are valid; they would make 1 new, 1 updated (columns: name, tags), 1 unchanged; nothing written (--dry-run)
              line 2 C1: name 华东商贸 → 华东商贸公司; tags 老客户 → 重点

            """)
        let wet = try Kehu.run(["import", "clients", "tags.csv"], cwd: dir)
        #expect(wet.stdout == "imported 3 clients rows from tags.csv: 1 new, 1 updated (columns: name, tags), 1 unchanged\n")
        let export = try Kehu.run(["export", "clients"], cwd: dir)
        // Region, rep and credit limit stay as they were.
        #expect(export.stdout.contains("C1,华东商贸公司,channel,浙江,王伟,50000.00,"))
        #expect(export.stdout.contains(",重点,"))
        let help = try Kehu.run(["import", "--help"], cwd: dir)
        #expect(help.stdout.contains("--replace"))
        #expect(help.stdout.contains("empty cell clears"))
    }

    @Test func killingAnImportHalfwayLeavesAConsistentDatabaseWithNoneOfTheFile() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return }
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Kehu.run(["init"], cwd: dir)
        try "code,name,kind\nC1,a,channel\nC2,b,channel\nC3,c,channel\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        _ = try Kehu.run(["import", "clients", "c.csv"], cwd: dir)
        let orders = dir.appendingPathComponent("orders.csv")
        try Self.ordersFile(orders, rows: 400_000)

        // Start the import and kill -9 it while it is writing.
        let p = Process()
        p.executableURL = Kehu.binary
        p.arguments = ["import", "orders", "orders.csv", "--quiet"]
        p.currentDirectoryURL = dir
        try p.run()
        let wal = dir.appendingPathComponent("kehu.db-wal")
        let deadline = Date().addingTimeInterval(20)
        // Wait until the transaction has started spilling pages into the WAL.
        while Date() < deadline, p.isRunning,
              ((try? FileManager.default.attributesOfItem(atPath: wal.path)[.size] as? Int) ?? 0) < 2_000_000 {
            Thread.sleep(forTimeInterval: 0.005)
        }
        let killedWhileRunning = p.isRunning
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let db = dir.appendingPathComponent("kehu.db")
        #expect(try Self.sqlite(db, "PRAGMA integrity_check;") == "ok")
        let count = try Self.sqlite(db, "SELECT COUNT(*) FROM \"order\";")
        if killedWhileRunning {
            #expect(count == "0", "a killed import left \(count) rows")
        } else {
            #expect(count == "400000")
        }
        #expect(killedWhileRunning, "the import finished before it could be killed; the test proved less than it should")
        // And the database still takes the whole file.
        let again = try Kehu.run(["import", "orders", "orders.csv", "--quiet"], cwd: dir, timeout: 120)
        #expect(again.status == 0)
        #expect(try Self.sqlite(db, "SELECT COUNT(*) FROM \"order\";") == "400000")
    }
}
