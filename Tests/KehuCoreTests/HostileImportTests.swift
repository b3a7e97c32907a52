import Foundation
import GRDB
import Testing
@testable import KehuCore

/// Input that used to import wrongly: mojibake from a damaged file, short rows, NUL bytes,
/// values no dealer means. Each is refused at its place, and nothing is written.
@Suite struct HostileImportTests {
    static let gb18030 = String.Encoding(rawValue: 0x80000632)

    static func problems(_ table: ImportTable, _ data: Data, seed: Bool = true) throws -> [String] {
        let store = try KehuDatabase.inMemory()
        if seed {
            _ = try Importer.run(.clients, data: Data("code,name,kind\nC1,华东商贸,channel\n".utf8), fileName: "c.csv",
                                 into: store, options: ImportOptions(asOf: "2026-11-25"))
        }
        let before = try store.writer.read { try Exporter.csv(table, from: StoreConnection($0)) }
        do {
            _ = try Importer.run(table, data: data, fileName: "f.csv", into: store, options: ImportOptions(asOf: "2026-11-25"))
            Issue.record("expected the import to fail")
            return []
        } catch let e as ImportError {
            #expect(try store.writer.read { try Exporter.csv(table, from: StoreConnection($0)) } == before)
            return e.problems.map(\.description)
        }
    }

    static let header = "code,client,date,amount,brand,product\n"

    @Test func oneBadByteInAUTF8FileIsRefusedAtItsLineAndColumn() throws {
        var data = Data((Self.header + "O1,C1,2026-11-01,10,东鹏,瓷砖\nO2,C1,2026-11-02,20,马可").utf8)
        data.append(0xFF)
        data.append(Data("波罗,地砖\nO3,C1,2026-11-03,30,诺贝尔,墙砖\n".utf8))
        let p = try Self.problems(.orders, data)
        #expect(p.count == 1)
        #expect(p.first?.hasPrefix("f.csv:3:23: byte 0xFF is not UTF-8") == true)
    }

    @Test func aCharacterCutShortIsRefused() throws {
        var data = Data((Self.header + "O1,C1,2026-11-01,10,东鹏,瓷砖\n").utf8)
        data.append(contentsOf: Array("马".utf8).prefix(2))
        data.append(Data(",x,2026-11-02,1,a,b\n".utf8))
        let p = try Self.problems(.orders, data)
        #expect(p.first?.hasPrefix("f.csv:3:1: byte 0xE9 is not UTF-8") == true)
    }

    @Test func aGBKRowInAUTF8FileIsRefused() throws {
        var data = Data((Self.header + "O1,C1,2026-11-01,10,东鹏,瓷砖\nO4,C1,2026-11-04,40,科勒,马桶\n").utf8)
        data.append("O2,C1,2026-11-02,20,马可波罗,地砖\n".data(using: Self.gb18030)!)
        data.append(Data("O3,C1,2026-11-03,30,诺贝尔,墙砖\n".utf8))
        let p = try Self.problems(.orders, data)
        #expect(p.first?.hasPrefix("f.csv:4:21: byte ") == true, "\(p)")
    }

    @Test func aUTF8RowInAGBKFileIsRefused() throws {
        var data = (Self.header + "O1,C1,2026-11-01,10,东鹏,瓷砖\nO2,C1,2026-11-02,20,马可波罗,地砖\nO5,C1,2026-11-05,50,科勒,马桶\n").data(using: Self.gb18030)!
        data.append(Data("O3,C1,2026-11-03,30,诺贝尔,墙砖\n".utf8))
        let p = try Self.problems(.orders, data)
        #expect(p.first?.hasPrefix("f.csv:5:1: this line is UTF-8 text") == true, "\(p)")
    }

    @Test func aWholeGBKFileStillImports() throws {
        let store = try KehuDatabase.inMemory()
        _ = try Importer.run(.clients, data: "客户编号,客户名称,类型\nC1,华东商贸,渠道\n".data(using: Self.gb18030)!, fileName: "c.csv",
                             into: store, options: ImportOptions(asOf: "2026-11-25"))
        #expect(try store.writer.read { try String.fetchOne($0, sql: "SELECT name FROM client") } == "华东商贸")
    }

    @Test func aGBKLineWhoseCharactersAreAlsoTwoByteUTF8IsNotTakenForUTF8() throws {
        // 小司 in GBK is D0 A1 CB BE: valid UTF-8 too (С˾), but not Chinese in UTF-8.
        let data = (Self.header + "O1,C1,2026-11-01,10,东鹏,瓷砖\nO2,C1,2026-11-02,20,小司,地砖\n").data(using: Self.gb18030)!
        let store = try KehuDatabase.inMemory()
        _ = try Importer.run(.clients, data: Data("code,name,kind\nC1,华东商贸,channel\n".utf8), fileName: "c.csv",
                             into: store, options: ImportOptions(asOf: "2026-11-25"))
        let report = try Importer.run(.orders, data: data, fileName: "f.csv", into: store, options: ImportOptions(asOf: "2026-11-25"))
        #expect(report.encoding == .gb18030)
        #expect(try store.writer.read { try String.fetchAll($0, sql: "SELECT brand FROM \"order\" ORDER BY code") } == ["东鹏", "小司"])
    }

    @Test func aFileThatReadsAsUTF8AndAsGBKAlikeIsRefusedUntilTheEncodingIsGiven() throws {
        let data = "code,name,kind\nC2,小司,channel\n".data(using: Self.gb18030)!
        let p = try Self.problems(.clients, data)
        #expect(p.first?.hasPrefix("f.csv:2:4: the file reads as UTF-8 (\"C2,С˾,channel\") and as GBK (\"C2,小司,channel\") alike") == true, "\(p)")

        let store = try KehuDatabase.inMemory()
        var options = ImportOptions(asOf: "2026-11-25")
        options.encoding = .gb18030
        _ = try Importer.run(.clients, data: data, fileName: "f.csv", into: store, options: options)
        #expect(try store.writer.read { try String.fetchOne($0, sql: "SELECT name FROM client") } == "小司")

        options.encoding = .utf8
        let other = try KehuDatabase.inMemory()
        _ = try Importer.run(.clients, data: Data("code,name,kind\nC3,Café,channel\n".utf8), fileName: "f.csv", into: other, options: options)
        #expect(try other.writer.read { try String.fetchOne($0, sql: "SELECT name FROM client") } == "Café")
    }

    @Test func aGivenEncodingIsHeldToStrictly() throws {
        let store = try KehuDatabase.inMemory()
        var options = ImportOptions(asOf: "2026-11-25")
        options.encoding = .utf8
        #expect(throws: ImportError.self) {
            _ = try Importer.run(.clients, data: "code,name,kind\nC1,华东商贸,channel\n".data(using: Self.gb18030)!,
                                 fileName: "f.csv", into: store, options: options)
        }
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM client") } == 0)
    }

    @Test(arguments: [
        ("clients", "code,name,kind,since\nC2,a,channel,1899-12-31\n"),
        ("clients", "code,name,kind,since\nC2,a,channel,0001-01-01\n"),
        ("contacts", "client,name,birthday\nC1,王,1850-03-02\n"),
        ("orders", "code,client,date,amount\nO1,C1,1899-12-31,1\n"),
        ("payments", "code,client,date,amount\nP1,C1,1066-10-14,1\n"),
        ("interactions", "client,date,kind\nC1,1899-06-01,visit\n"),
        ("interactions", "client,date,kind,answered\nC1,2026-06-01,complaint,1800-01-01 10:00\n"),
    ])
    func datesBeforeTheOnesKehuComputesWithAreRefused(_ table: String, _ text: String) throws {
        let p = try Self.problems(ImportTable(rawValue: table)!, Data(text.utf8))
        #expect(p.first?.contains("expected a date from 1900-01-01 to 9999-12-31") == true, "\(p)")
    }

    @Test func aShortRowIsAnErrorNotEmptyFields() throws {
        let p = try Self.problems(.orders, Data("code,client,date,amount,brand\nO1,C1,2026-11-01,3412.00,东鹏\nO2,C1,2026-11-02\n".utf8))
        #expect(p.contains { $0.hasPrefix("f.csv:3:4: expected 5 fields, found 3: the row is cut short") }, "\(p)")
    }

    @Test func aNULByteIsRefused() throws {
        let p = try Self.problems(.clients, Data("code,name,kind,region\nC2,华东\0商贸,channel,x\n".utf8))
        #expect(p == ["f.csv:2:6: a NUL byte (\\0) in the text: the file is binary, UTF-16 or damaged; save it again as \"CSV UTF-8\" and retry"])
    }

    @Test(arguments: [
        ("orders", "code,client,date,amount\nO1,C1,2026-11-01,50000000000000000\n", "f.csv:2:4: expected an amount below ¥1,000,000,000,000"),
        ("payments", "code,client,date,amount\nP1,C1,2026-11-01,92233720368547758.07\n", "f.csv:2:4: expected an amount below"),
        ("clients", "code,name,kind,credit_limit\nC1,a,channel,1000000000000\n", "f.csv:2:4: expected a credit limit below"),
        ("clients", "code,name,kind,premises_m2\nC1,a,channel,\(String(repeating: "9", count: 400))\n", "f.csv:2:4: expected an area of zero or more below"),
        ("clients", "code,name,kind,warehouse_m2\nC1,a,channel,9223372036854775807\n", "f.csv:2:4: expected an area of zero or more below"),
        ("clients", "code,name,kind,staff\nC1,a,channel,1000000000\n", "f.csv:2:4: expected a number of staff: a whole number from 0 to 999,999,999"),
        ("clients", "code,name,kind,payment_terms_days\nC1,a,channel,-1\n", "f.csv:2:4: expected payment terms in days: a whole number"),
        ("interactions", "client,date,kind,cost\nC1,2026-11-01,visit,1e3\n", "f.csv:2:4: expected an amount"),
    ])
    func valuesNoDealerMeansAreRefused(_ table: String, _ text: String, _ message: String) throws {
        let p = try Self.problems(ImportTable(rawValue: table)!, Data(text.utf8))
        #expect(p.first?.hasPrefix(message) == true, "\(p)")
    }

    @Test func controlCharactersInAnErrorAreEscaped() throws {
        let p = try Self.problems(.orders, Data("code,client,date,amount\nO1,\u{1B}]0;pwned\u{07}\u{1B}[2J,2026-11-01,1\n".utf8))
        #expect(p == ["f.csv:2:2: expected the code of a known client, found \"\\x1b]0;pwned\\x07\\x1b[2J\" (import clients first)"])
    }
}
