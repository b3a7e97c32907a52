import Foundation
import Testing
import GRDB
@testable import KehuCore

/// The field registry (Model/Fields.swift) against the schema and against itself: every field
/// has its column, every column a field (or a reason not to be imported), and no header
/// spelling means two things.
@Suite struct FieldRegistryTests {
    /// Columns the host keeps that no file sets: row ids, and the client's free attributes
    /// (notes and the like, written through the Lua API).
    static let hostOnly: [ImportTable: Set<String>] = [
        .clients: ["id"], .contacts: ["id"], .orders: ["id"], .payments: ["id"], .interactions: ["id"],
    ]

    @Test(arguments: ImportTable.allCases)
    func everyFieldHasItsColumnAndEveryColumnItsField(_ table: ImportTable) throws {
        let store = try KehuDatabase.inMemory()
        let columns = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table.shape.sqlTable.replacingOccurrences(of: "\"", with: "")])
                .map { $0[0] as String }
        }
        let declared = table.shape.fields.map(\.column)
        #expect(Set(declared).isSubset(of: columns), "fields without a column: \(Set(declared).subtracting(columns))")
        #expect(Set(columns).subtracting(declared) == Self.hostOnly[table]!, "columns without a field: \(Set(columns).subtracting(declared))")
    }

    @Test(arguments: ImportTable.allCases)
    func headerSpellingsAreUnambiguous(_ table: ImportTable) {
        var seen: [String: String] = [:]
        for field in table.shape.fields {
            for spelling in [field.name] + field.aliases {
                #expect(seen[spelling] == nil, "\(spelling) means both \(seen[spelling] ?? "") and \(field.name)")
                seen[spelling] = field.name
            }
        }
    }

    @Test(arguments: ImportTable.allCases)
    func keysAreRequiredFields(_ table: ImportTable) {
        for name in table.shape.key {
            #expect(table.shape.field(name)?.required == true, "\(table).\(name)")
        }
        #expect(table.columns == table.shape.fields.map(\.name))
    }

    /// Adding a field is one registry entry: the importer reads its header spellings, stores
    /// it in its column and the exporter writes it back, with no code of the table's own.
    @Test func aFieldIsReadUnderEveryHeaderSpellingAndExportedBack() throws {
        for table in ImportTable.allCases {
            for field in table.shape.fields {
                for spelling in [field.name] + field.aliases {
                    #expect(table.column(forHeader: spelling) == field.name, "\(table) \(spelling)")
                }
            }
        }
        let store = try KehuDatabase.inMemory()
        _ = try Importer.run(.clients, data: Data("客户编号,客户名称,类型,信用额度,标签\nC1,甲,渠道客户,1234.5,大;小\n".utf8), fileName: "c.csv",
                             into: store, options: ImportOptions(asOf: "2026-11-25"))
        let csv = String(decoding: try store.read { try Exporter.csv(.clients, from: $0) }, as: UTF8.self)
        #expect(csv.split(separator: "\n").first.map(String.init) == ImportTable.clients.columns.joined(separator: ","))
        let lines = try CSVReader(csv).records()
        let row = Dictionary(uniqueKeysWithValues: zip(lines[0].fields, lines[1].fields))
        #expect(row["code"] == "C1" && row["name"] == "甲" && row["kind"] == "channel" && row["credit_limit"] == "1234.50"
                && row["payment_terms_days"] == "0" && row["stage"] == "awareness" && row["tags"] == "大;小" && row["since"] == "", "\(csv)")
    }
}
