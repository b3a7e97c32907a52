import Foundation
import Testing
@testable import KehuCore

/// A client's free attributes travel through files as a JSON object: an import merges the
/// file's object into the stored one, so a file never loses what it does not mention.
@Suite struct AttributesImportTests {
    func importing(_ csv: String, into store: KehuDatabase, dryRun: Bool = false) throws -> ImportReport {
        var options = ImportOptions(asOf: "2026-11-25")
        options.dryRun = dryRun
        return try Importer.run(.clients, data: Data(csv.utf8), fileName: "c.csv", into: store, options: options)
    }

    func attributes(_ store: KehuDatabase, _ code: String = "C1") throws -> String? {
        try store.read { db in try ClientHistory.clients(db).values.first { $0.code == code }?.attributes }
    }

    @Test func anImportMergesTheFilesObjectAndANullRemovesAKey() throws {
        let store = try KehuDatabase.inMemory()
        _ = try importing("code,name,kind,属性\nC1,甲,channel,\"{\"\"渠道\"\":\"\"线上\"\",\"\"级别\"\":2}\"\n", into: store)
        #expect(try attributes(store) == #"{"渠道":"线上","级别":2}"#)
        // Another file names one key: the other stays; null removes.
        _ = try importing("code,name,kind,attributes\nC1,甲,channel,\"{\"\"级别\"\":null,\"\"区域经理\"\":\"\"王\"\"}\"\n", into: store)
        #expect(try attributes(store) == #"{"渠道":"线上","区域经理":"王"}"#)
        // A file without the column, or an empty cell, leaves them.
        _ = try importing("code,name,kind\nC1,甲,channel\n", into: store)
        let same = try importing("code,name,kind,attributes\nC1,甲,channel,\n", into: store)
        #expect(same.unchanged == 1)
        #expect(try attributes(store) == #"{"渠道":"线上","区域经理":"王"}"#)
    }

    @Test func aDryRunShowsTheMergedObject() throws {
        let store = try KehuDatabase.inMemory()
        _ = try importing("code,name,kind,attributes\nC1,甲,channel,\"{\"\"a\"\":1}\"\n", into: store)
        let report = try importing("code,name,kind,attributes\nC1,甲,channel,\"{\"\"b\"\":2}\"\n", into: store, dryRun: true)
        let change = try #require(report.examples.first?.changes.first)
        #expect(change.column == "attributes" && change.old == #"{"a":1}"# && change.new == #"{"a":1,"b":2}"#, "\(change)")
        #expect(try attributes(store) == #"{"a":1}"#)
    }

    @Test(arguments: ["[1]", "\"\"text\"\"", "{\"\"a\"\":", "12"])
    func aCellThatIsNotAJSONObjectIsRefusedWhereItIs(_ cell: String) throws {
        let store = try KehuDatabase.inMemory()
        #expect {
            _ = try importing("code,name,kind,attributes\nC1,甲,channel,\"\(cell)\"\n", into: store)
        } throws: { e in
            "\(e)".contains("c.csv:2:4: expected a JSON object like {\"渠道\":\"线上\"}")
        }
        #expect(try attributes(store) == nil)
    }

    @Test func exportWritesThemBackAndTheExportReimportsUnchanged() throws {
        let store = try KehuDatabase.inMemory()
        _ = try importing("code,name,kind,attributes\nC1,甲,channel,\"{\"\"notes\"\":[{\"\"date\"\":\"\"2026-01-02\"\",\"\"text\"\":\"\"x\"\"}]}\"\n", into: store)
        let csv = String(decoding: try store.read { try Exporter.csv(.clients, from: $0) }, as: UTF8.self)
        let rows = try CSVReader(csv).records()
        let row = Dictionary(uniqueKeysWithValues: zip(rows[0].fields, rows[1].fields))
        #expect(row["attributes"] == #"{"notes":[{"date":"2026-01-02","text":"x"}]}"#)
        let again = try importing(csv, into: store)
        #expect(again.unchanged == 1 && again.updated == 0)
    }
}

/// attr.NAME columns: one attribute a column, merged like the attributes object.
@Suite struct AttributeColumnTests {
    @Test func attrColumnsSetOneAttributeEachAndAnEmptyCellRemovesIt() throws {
        let store = try KehuDatabase.inMemory()
        let t = AttributesImportTests()
        _ = try t.importing("code,name,kind,attributes\nC1,甲,channel,\"{\"\"keep\"\":1}\"\n", into: store)
        _ = try t.importing("客户编号,客户名称,类型,attr.耕地亩数,属性.合作社\nC1,甲,channel,350,东风社\n", into: store)
        #expect(try t.attributes(store) == #"{"keep":1,"合作社":"东风社","耕地亩数":"350"}"#)
        _ = try t.importing("code,name,kind,attr.合作社\nC1,甲,channel,\n", into: store)
        #expect(try t.attributes(store) == #"{"keep":1,"耕地亩数":"350"}"#)
    }

    @Test func aNewClientStoresNoRemovals() throws {
        let store = try KehuDatabase.inMemory()
        let t = AttributesImportTests()
        _ = try t.importing("code,name,kind,attributes,attr.b\nC1,甲,channel,\"{\"\"a\"\":null,\"\"c\"\":1}\",\n", into: store)
        #expect(try t.attributes(store) == #"{"c":1}"#)
    }

    @Test func anAttrColumnTwiceOrOnATableWithoutAttributesIsRefused() throws {
        let store = try KehuDatabase.inMemory()
        let t = AttributesImportTests()
        #expect { _ = try t.importing("code,name,kind,attr.a,属性.a\nC1,甲,channel,1,2\n", into: store) }
            throws: { "\($0)".contains("c.csv:1:5: column 属性.a names the attribute a a second time") }
        _ = try t.importing("code,name,kind\nC1,甲,channel\n", into: store)
        #expect {
            _ = try Importer.run(.orders, data: Data("code,client,date,amount,attr.x\nO1,C1,2026-01-01,5,1\n".utf8), fileName: "o.csv",
                                 into: store, options: ImportOptions(asOf: "2026-11-25"))
        } throws: { "\($0)".contains("o.csv:1:5: unknown column \"attr.x\"") }
    }

    @Test func setAttributeMergesOneValueAndKeepsTheNotesToKehuNote() throws {
        let store = try KehuDatabase.inMemory()
        let t = AttributesImportTests()
        _ = try t.importing("code,name,kind\nC1,甲,channel\n", into: store)
        try store.write { db in
            try ClientEdits.addNote(db, code: "C1", date: "2026-11-20", text: "x")
            try ClientEdits.setAttribute(db, code: "C1", name: "亩", json: "350")
            try ClientEdits.setAttribute(db, code: "C1", name: "a\"b", json: #"{"k":[1,2]}"#)
        }
        #expect(try t.attributes(store) == #"{"a\"b":{"k":[1,2]},"notes":[{"date":"2026-11-20","text":"x"}],"亩":350}"#)
        // A table replaces what was there: set, not merged.
        try store.write { db in try ClientEdits.setAttribute(db, code: "C1", name: "a\"b", json: #"{"j":1}"#) }
        #expect(try t.attributes(store)?.contains(#""a\"b":{"j":1}"#) == true)
        try store.write { db in try ClientEdits.setAttribute(db, code: "C1", name: "亩/人", json: "2") }
        #expect(try t.attributes(store)?.contains(#""亩/人":2"#) == true)
        try store.write { db in try ClientEdits.setAttribute(db, code: "C1", name: "亩", json: nil) }
        #expect(try t.attributes(store)?.contains(#""亩":"#) == false)
        #expect { try store.write { db in try ClientEdits.setAttribute(db, code: "C1", name: "notes", json: "1") } }
            throws: { "\($0)".contains("attributes.notes are kept by kehu.note") }
    }
}
