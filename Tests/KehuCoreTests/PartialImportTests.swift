import Foundation
import GRDB
import Testing
@testable import KehuCore

/// An update changes only the columns its file has: for every upserting table and every
/// column, a file without the column leaves it as it was on every row, and a file with it
/// changes it.
@Suite struct PartialImportTests {
    /// Two versions of the same records (same keys, every other field different): written
    /// out for the fields there were, and made from the registry for any field added since.
    static let before = written(writtenBefore, variant: 0)
    static let after = written(writtenAfter, variant: 1)

    static func written(_ texts: [ImportTable: String], variant: Int) -> [ImportTable: String] {
        Dictionary(uniqueKeysWithValues: texts.map { table, text in (table, completed(text, table, variant: variant)) })
    }

    /// `text` with a column for every field of the table it lacks, two distinct values per row
    /// and variant, as the field's unit reads them.
    static func completed(_ text: String, _ table: ImportTable, variant: Int) -> String {
        let records = try! CSVReader(text).records()
        let missing = table.shape.fields.filter { !records[0].fields.contains($0.name) }
        return records.enumerated().map { i, r in
            let extra = missing.map { field -> String in
                if i == 0 { return field.name }
                let n = 2 * (i - 1) + variant + 1
                switch field.unit {
                case .text, .tags: return "v\(n)"
                case .money, .measure, .count: return String(n)
                case .day: return "2020-01-0\(n)"
                case .birthday: return "01-0\(n)"
                case .moment: return "2020-01-0\(n) 10:00"
                case .choice(let c): return c.values[n % c.values.count].code
                case .client, .contact: return ""
                case .attributes: return #"{"k":"v\#(n)"}"#
                }
            }
            return CSVWriter.line(r.fields + extra)
        }.joined(separator: "\n") + "\n"
    }

    static let writtenBefore: [ImportTable: String] = [
        .clients: """
            code,name,kind,region,owner,credit_limit,payment_terms_days,stage,status,staff,vehicles,premises_m2,warehouse_m2,capital,ads,tags,since
            C1,甲商贸,channel,浙江·杭州,王伟,10000.00,30,recognition,active,12,3,120,300,500000.00,户外广告,大客户;工程,2020-01-05
            C2,乙五金,terminal,江苏·南京,李娜,5000.00,15,relationship,dormant,5,1,80,10,100000.00,传单,零售,2021-03-01
            """,
        .contacts: """
            client,name,role,phone,wechat,birthday,hobbies,notes,min_contact_days
            C1,王老板,owner,13800000001,wx_wang,03-15,钓鱼,爱喝茶,30
            C2,李会计,finance,13800000002,wx_li,1980-07-01,跑步,细心,14
            """,
        .orders: """
            code,client,date,amount,brand,product,quantity
            O1,C1,2026-10-01,1200.00,东鹏,瓷砖,10
            O2,C2,2026-10-02,800.00,马可波罗,地砖,4
            """,
        .payments: """
            code,client,date,amount
            P1,C1,2026-10-05,1000.00
            P2,C2,2026-10-06,500.00
            """,
    ]
    static let writtenAfter: [ImportTable: String] = [
        .clients: """
            code,name,kind,region,owner,credit_limit,payment_terms_days,stage,status,staff,vehicles,premises_m2,warehouse_m2,capital,ads,tags,since
            C1,甲商贸公司,partner,浙江·宁波,张三,20000.00,45,community,phased_out,20,6,150,400,900000.00,电视广告,重点,2019-02-02
            C2,乙五金店,upstream,江苏·苏州,赵四,7000.00,60,advocacy,active,9,2,90,50,300000.00,报纸,批发;五金,2018-07-07
            """,
        .contacts: """
            client,name,role,phone,wechat,birthday,hobbies,notes,min_contact_days
            C1,王老板,buyer,13900000001,wx_wang2,04-16,登山,爱喝酒,60
            C2,李会计,staff,13900000002,wx_li2,1981-08-02,游泳,仔细,7
            """,
        .orders: """
            code,client,date,amount,brand,product,quantity
            O1,C2,2026-10-11,1300.00,诺贝尔,墙砖,11
            O2,C1,2026-10-12,900.00,冠珠,腰线,5
            """,
        .payments: """
            code,client,date,amount
            P1,C2,2026-10-15,1100.00
            P2,C1,2026-10-16,600.00
            """,
    ]
    static let keys: [ImportTable: [String]] = [.clients: ["code"], .contacts: ["client", "name"], .orders: ["code"], .payments: ["code"]]
    static let tables: [ImportTable] = [.clients, .contacts, .orders, .payments]

    static func seeded() throws -> KehuDatabase {
        let store = try KehuDatabase.inMemory()
        for t in tables { _ = try load(t, before[t]!, into: store) }
        return store
    }

    static func load(_ table: ImportTable, _ text: String, into store: KehuDatabase, dryRun: Bool = false,
                     replace: Bool = false) throws -> ImportReport {
        try Importer.run(table, data: Data(text.utf8), fileName: "\(table.rawValue).csv", into: store,
                         options: ImportOptions(asOf: "2026-11-25", dryRun: dryRun, replace: replace))
    }

    /// A table's export as key → column → value.
    static func contents(_ table: ImportTable, _ store: KehuDatabase) throws -> [String: [String: String]] {
        let data = try store.writer.read { try Exporter.csv(table, from: StoreConnection($0)) }
        return rows(String(decoding: data, as: UTF8.self), table)
    }

    static func rows(_ text: String, _ table: ImportTable) -> [String: [String: String]] {
        let records = try! CSVReader(text).records()
        let header = records[0].fields
        var out: [String: [String: String]] = [:]
        for r in records.dropFirst() {
            let row = Dictionary(uniqueKeysWithValues: zip(header, r.fields))
            out[keys[table]!.map { row[$0]! }.joined(separator: "/")] = row
        }
        return out
    }

    /// The file `text` with only `columns`, in the table's order.
    static func project(_ text: String, _ columns: [String]) -> String {
        let records = try! CSVReader(text).records()
        let header = records[0].fields
        let keep = header.indices.filter { columns.contains(header[$0]) }
        return records.map { r in CSVWriter.line(keep.map { r.fields[$0] }) }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: tables)
    func aFileWithoutAColumnLeavesItAndOneWithItChangesIt(_ table: ImportTable) throws {
        let old = Self.rows(Self.before[table]!, table), new = Self.rows(Self.after[table]!, table)
        let keys = Self.keys[table]!
        for column in table.columns where !keys.contains(column) {
            // Without the column (when the file may leave it out): every row keeps it.
            if !table.required.contains(column) {
                let store = try Self.seeded()
                let file = Self.project(Self.after[table]!, table.columns.filter { $0 != column })
                let report = try Self.load(table, file, into: store)
                #expect(report.updated == 2 && report.inserted == 0, "\(table) without \(column): \(report.summary(table))")
                #expect(!report.changedColumns.map(\.column).contains(column))
                for (key, row) in try Self.contents(table, store) {
                    #expect(row[column] == old[key]![column], "\(table) \(key).\(column) changed by a file without it")
                    for other in table.columns where other != column {
                        #expect(row[other] == new[key]![other], "\(table) \(key).\(other) not updated")
                    }
                }
            }
            // With the column and only what the file must have: the column changes, the rest stays.
            let store = try Self.seeded()
            let present = table.columns.filter { keys.contains($0) || table.required.contains($0) || $0 == column }
            let file = Self.project(Self.after[table]!, present)
            let report = try Self.load(table, file, into: store)
            #expect(report.updated == 2, "\(table) with \(column): \(report.summary(table))")
            #expect(report.changedColumns.map(\.column).contains(column))
            for (key, row) in try Self.contents(table, store) {
                for other in table.columns {
                    let expected = present.contains(other) ? new[key]![other] : old[key]![other]
                    #expect(row[other] == expected, "\(table) \(key).\(other) after a file of \(present)")
                }
            }
        }
    }

    @Test func theSummarySaysWhatHappened() throws {
        let store = try Self.seeded()
        let file = """
            code,name,kind,tags
            C1,甲商贸公司,channel,大客户;工程
            C2,乙五金,terminal,零售
            C3,丙建材,channel,
            C4,丁装饰,partner,新客
            """
        let report = try Self.load(.clients, file, into: store)
        #expect(report.summary(.clients) == "2 new, 1 updated (columns: name), 1 unchanged")
        let c1 = try #require(try store.writer.read { try ClientRecord.filter(Column("code") == "C1").fetchOne($0) })
        #expect(c1.creditLimit == 1_000_000 && c1.owner == "王伟" && c1.region == "浙江·杭州" && c1.paymentTermsDays == 30)
        #expect(c1.stage == "recognition" && c1.since == "2020-01-05" && c1.staff == 12)
        // New clients get the defaults for what the file leaves out.
        let c3 = try #require(try store.writer.read { try ClientRecord.filter(Column("code") == "C3").fetchOne($0) })
        #expect(c3.creditLimit == 0 && c3.stage == "awareness" && c3.status == "active" && c3.tags == "")
    }

    @Test func anEmptyCellClearsTheField() throws {
        let store = try Self.seeded()
        let report = try Self.load(.clients, "code,name,kind,owner,credit_limit,tags,since\nC1,甲商贸,channel,,,,\n", into: store)
        #expect(report.summary(.clients) == "0 new, 1 updated (columns: owner, credit_limit, tags, since), 0 unchanged")
        let c1 = try #require(try store.writer.read { try ClientRecord.filter(Column("code") == "C1").fetchOne($0) })
        #expect(c1.owner == "" && c1.creditLimit == 0 && c1.tags == "" && c1.since == nil)
        #expect(c1.region == "浙江·杭州")
    }

    @Test func aDryRunDescribesTheFirstUpdatesAndWritesNothing() throws {
        let store = try Self.seeded()
        let before = try Self.contents(.clients, store)
        let report = try Self.load(.clients, "code,name,kind,credit_limit\nC1,甲商贸公司,channel,\nC2,乙五金,terminal,5000\nC9,新,channel,1\n",
                                   into: store, dryRun: true)
        #expect(report.summary(.clients) == "1 new, 1 updated (columns: name, credit_limit), 1 unchanged")
        #expect(report.examples.map(\.description) == ["line 2 C1: name 甲商贸 → 甲商贸公司; credit_limit 10000.00 → 0.00"])
        #expect(try Self.contents(.clients, store) == before)
    }

    @Test func replaceResetsWhatTheFileLeavesOut() throws {
        let store = try Self.seeded()
        let report = try Self.load(.clients, "code,name,kind\nC1,甲商贸,channel\n", into: store, replace: true)
        #expect(report.updated == 1)
        let c1 = try #require(try store.writer.read { try ClientRecord.filter(Column("code") == "C1").fetchOne($0) })
        #expect(c1.creditLimit == 0 && c1.owner == "" && c1.stage == "awareness" && c1.tags == "")
    }

    @Test func importingTheSameInteractionsTwiceAddsThemOnce() throws {
        let store = try Self.seeded()
        let file = "client,date,kind,contact,cost,summary\nC1,2026-10-01,visit,王老板,100,看新品\nC1,2026-10-01,visit,王老板,100,看新品\nC2,2026-10-03,call,,,催款\n"
        let first = try Self.load(.interactions, file, into: store)
        #expect(first.summary(.interactions) == "3 added")
        let second = try Self.load(.interactions, file, into: store)
        #expect(second.summary(.interactions) == "0 added, 3 already stored (skipped; --keep-duplicates adds them again)")
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM interaction") } == 3)
        let kept = try Importer.run(.interactions, data: Data(file.utf8), fileName: "i.csv", into: store,
                                    options: ImportOptions(asOf: "2026-11-25", keepDuplicates: true))
        #expect(kept.inserted == 3)
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM interaction") } == 6)
    }
}
