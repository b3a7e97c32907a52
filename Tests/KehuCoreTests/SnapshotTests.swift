import Foundation
import GRDB
import Testing
@testable import KehuCore

/// The data as it stood at the end of a day: what a backtest scores.
@Suite struct SnapshotTests {
    @Test(arguments: [false, true])
    func aSnapshotHoldsNothingDatedAfterItsDay(inFile: Bool) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try KehuDatabase.open(path: dir.appendingPathComponent("kehu.db").path, create: true)
        _ = try ImporterTests.importing(.clients, """
            code,name,kind,status,since
            OLD,老客户,channel,phased_out,2024-01-01
            NEW,新客户,channel,active,2026-07-01
            UNDATED,无日期,terminal,dormant,
            """, into: store)
        _ = try ImporterTests.importing(.contacts, "client,name\nOLD,王总\n", into: store)
        _ = try ImporterTests.importing(.orders, """
            code,client,date,amount
            O1,OLD,2026-05-10,100
            O2,OLD,2026-05-29,200
            O3,OLD,2026-05-30,400
            O4,NEW,2026-07-02,800
            """, into: store)
        _ = try ImporterTests.importing(.payments, "code,client,date,amount\nP1,OLD,2026-05-20,50\nP2,OLD,2026-06-01,60\n", into: store)
        _ = try ImporterTests.importing(.interactions, """
            client,date,kind,contact,answered,resolved
            OLD,2026-05-01,complaint,王总,2026-05-02 10:00,2026-06-15
            OLD,2026-05-20,complaint,王总,2026-06-01,
            OLD,2026-06-02,visit,王总,,
            """, into: store)
        try store.writer.write { db in
            try ClientEdits.addNote(StoreConnection(db), code: "OLD", date: "2026-05-01", text: "before")
            try ClientEdits.addNote(StoreConnection(db), code: "OLD", date: "2026-08-01", text: "after")
            _ = try RunStore.begin(StoreConnection(db), NewRun(kind: .score, playbook: "standard", version: "1", hash: "h", asOf: "2026-11-25", params: "{}"))
        }

        let file = inFile ? dir.appendingPathComponent("past.db").path : nil
        let past = try store.snapshot(asOf: Day(iso: "2026-05-29")!, file: file)
        try past.writer.read { db in
            #expect(try String.fetchAll(db, sql: "SELECT code || ' ' || status FROM client ORDER BY code") == ["OLD active", "UNDATED active"])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact") == 1)
            #expect(try String.fetchAll(db, sql: "SELECT code FROM \"order\" ORDER BY code") == ["O1", "O2"])
            #expect(try String.fetchAll(db, sql: "SELECT code FROM payment") == ["P1"])
            let complaints = try Row.fetchAll(db, sql: "SELECT date, answered, resolved FROM interaction ORDER BY date")
            #expect(complaints.count == 2)
            #expect(complaints[0]["answered"] as String? == "2026-05-02 10:00" && complaints[0]["resolved"] as String? == nil)
            #expect(complaints[1]["answered"] as String? == nil)
            let attributes = try String.fetchOne(db, sql: "SELECT attributes FROM client WHERE code = 'OLD'") ?? ""
            #expect(attributes.contains("before") && !attributes.contains("after"), "\(attributes)")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM run") == 0)
        }
        // The dealer's own database is as it was.
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \"order\"") } == 4)
        if let file { #expect(FileManager.default.fileExists(atPath: file)) }
    }

    @Test func versionsCompareAsPeopleNumberThem() {
        #expect(InstalledPlaybooks.versionOrder("1.9.2", "1.10.0"))
        #expect(!InstalledPlaybooks.versionOrder("1.10.0", "1.9.2"))
        #expect(InstalledPlaybooks.versionOrder("1.0", "1.0.1"))
        #expect(InstalledPlaybooks.versionOrder("0.1.0-beta", "0.1.0-rc"))
    }
}

@Suite struct MoneyTextTests {
    @Test func amountsAndCountsReadAsPeopleWriteThem() {
        #expect(Money.yuan(123_456_789) == "¥1,234,567.89")
        #expect(Money.yuan(-5) == "-¥0.05")
        #expect(Money.grouped(1_234_567) == "1,234,567")
        #expect(Money.grouped(-1_000) == "-1,000")
        #expect(Money.grouped(999) == "999")
        #expect(Money.short(12_345_600) == "12.3万")
        #expect(Money.short(850_000) == "¥8,500")
        #expect(Money.short(12_345_600, language: "en") == "¥123.5K")
        #expect(Money.short(456_000_000, language: "en") == "¥4.56M")
        #expect(Money.short(-45_600, language: "en") == "-¥456")
    }
}
