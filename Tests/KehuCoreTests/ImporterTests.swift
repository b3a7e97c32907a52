import Foundation
import GRDB
import Testing
@testable import KehuCore

@Suite struct ImporterTests {
    static let gb18030 = String.Encoding(rawValue: 0x80000632)

    static func importing(_ table: ImportTable, _ text: String, into store: KehuDatabase, encoding: String.Encoding = .utf8,
                          asOf: String = "2026-11-25", dryRun: Bool = false) throws -> ImportReport {
        try Importer.run(table, data: text.data(using: encoding)!, fileName: "\(table.rawValue).csv", into: store,
                         options: ImportOptions(asOf: asOf, dryRun: dryRun))
    }

    static func problems(_ table: ImportTable, _ text: String, into store: KehuDatabase) -> [String] {
        do {
            _ = try importing(table, text, into: store)
            Issue.record("expected the import to fail")
            return []
        } catch let e as ImportError {
            return e.problems.map(\.description)
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    static func snapshot(_ store: KehuDatabase) throws -> String {
        try ImportTable.allCases.map { t in String(decoding: try store.writer.read { try Exporter.csv(t, from: StoreConnection($0)) }, as: UTF8.self) }
            .joined(separator: "\n--\n")
    }

    static let clients = "code,name,kind,credit_limit,payment_terms_days\nC1,华东商贸,channel,\"10,000\",30\nC2,顺达批发,terminal,5000,0\n"

    @Test func aGB18030FileWithChineseHeadersEnumsDatesAndAmountsImports() throws {
        let store = try KehuDatabase.inMemory()
        let text = """
            客户编号,客户名称,类型,区域,业务员,信用额度,账期,阶段,状态,员工数,营业面积,注册资金,标签,建档日期
            C0042,杭州华东建材商行,渠道,浙江·杭州,王伟,"¥1,234.50",30,关系,正常,12,120平米,12.5万,大客户；工程、回款慢,2026年1月5日
            C0043,宁波老王五金,终端客户,浙江·宁波,李娜,8000,0,认同,休眠,3,,,,2025/11/23
            """
        let report = try Self.importing(.clients, text, into: store, encoding: Self.gb18030)
        #expect(report.encoding == .gb18030)
        #expect(report.rows == 2)
        let c = try #require(try store.writer.read { try ClientRecord.filter(Column("code") == "C0042").fetchOne($0) })
        #expect(c.name == "杭州华东建材商行")
        #expect(c.kind == "channel")
        #expect(c.creditLimit == 123_450)
        #expect(c.stage == "relationship")
        #expect(c.capital == 12_500_000)
        #expect(c.premisesM2 == 120)
        #expect(c.tags == "大客户;工程;回款慢")
        #expect(c.since == "2026-01-05")
        let d = try #require(try store.writer.read { try ClientRecord.filter(Column("code") == "C0043").fetchOne($0) })
        #expect(d.kind == "terminal" && d.status == "dormant" && d.since == "2025-11-23")

        let orders = """
            订单号,客户编号,日期,金额,品牌,产品,数量
            O1,C0042,2026年11月23日,"1,234.50",东鹏,瓷砖,10
            O2,C0042,2026/11/24,¥2万,,,
            """
        _ = try Self.importing(.orders, orders, into: store, encoding: Self.gb18030)
        let amounts = try store.writer.read { try Int64.fetchAll($0, sql: "SELECT amount FROM \"order\" ORDER BY code") }
        #expect(amounts == [123_450, 2_000_000])
        let contacts = "客户编号,姓名,职务,电话,生日,联系间隔\nC0042,王伟,老板,13800000000,11月23日,14\n"
        _ = try Self.importing(.contacts, contacts, into: store, encoding: Self.gb18030)
        #expect(try store.writer.read { try String.fetchOne($0, sql: "SELECT birthday FROM contact") } == "11-23")
        let touches = "客户编号,日期,类型,联系人,费用,摘要,响应时间,解决时间\nC0042,2026-11-20,投诉,王伟,0,到货破损,2026-11-20 15:30,2026年11月22日 10:00\n"
        _ = try Self.importing(.interactions, touches, into: store, encoding: Self.gb18030)
        let i = try #require(try store.writer.read { try Row.fetchOne($0, sql: "SELECT kind, answered, resolved, contact_id FROM interaction") })
        #expect(i[0] as String == "complaint")
        #expect(i[1] as String == "2026-11-20 15:30")
        #expect(i[2] as String == "2026-11-22 10:00")
        #expect(i[3] as Int64? != nil)
    }

    @Test func eachKindOfBadInputIsLocatedAndLeavesTheDatabaseAsItWas() throws {
        let store = try KehuDatabase.inMemory()
        _ = try Self.importing(.clients, Self.clients, into: store)
        _ = try Self.importing(.orders, "code,client,date,amount\nO1,C1,2026-11-01,100\n", into: store)
        let before = try Self.snapshot(store)

        #expect(Self.problems(.orders, "code,client,date,amount\nO2,C1,2026-11-02,100\nO3,C9,2026-11-02,100\n", into: store)
                == ["orders.csv:3:2: expected the code of a known client, found \"C9\" (import clients first)"])
        #expect(Self.problems(.orders, "code,client,date,amount\nO2,C1,2026-11-02,100\nO2,C1,2026-11-03,5\n", into: store)
                == ["orders.csv:3:1: duplicate code \"O2\" within the file"])
        #expect(Self.problems(.orders, "code,client,date,amount\nO2,C1,2026-11-02,-100\n", into: store)
                == ["orders.csv:2:4: expected an amount of zero or more, found \"-100\""])
        #expect(Self.problems(.orders, "code,client,date,amount\nO2,C1,11/23,100\n", into: store)
                .first?.hasPrefix("orders.csv:2:3: expected a date like 2026-11-23, found \"11/23\"") == true)
        #expect(Self.problems(.payments, "code,client,date,amount\nP1,C1,2026-12-01,100\n", into: store)
                == ["payments.csv:2:3: expected a payment date on or before 2026-11-25, found \"2026-12-01\" (in the future)"])
        #expect(Self.problems(.clients, "code,name,kind,colour\nC3,x,channel,red\n", into: store).first?
                .hasPrefix("clients.csv:1:4: unknown column \"colour\"") == true)
        #expect(Self.problems(.clients, "code,name\nC3,x\n", into: store).first?.hasPrefix("clients.csv:1: missing column kind") == true)
        #expect(Self.problems(.clients, "code,name,kind\nC3,x,wholesaler\n", into: store).first?
                .hasPrefix("clients.csv:2:3: expected a client kind") == true)
        #expect(Self.problems(.orders, "code,client,date,amount\n\"O2,C1,2026-11-02,100\n", into: store).first?
                .hasPrefix("orders.csv:2") == true)
        // Good rows before a bad one were not written either.
        #expect(try Self.snapshot(store) == before)
    }

    @Test func problemsAreListedUpToALimitThenCounted() throws {
        let store = try KehuDatabase.inMemory()
        let rows = (1...30).map { "O\($0),NOPE,2026-11-01,1" }.joined(separator: "\n")
        do {
            _ = try Self.importing(.orders, "code,client,date,amount\n" + rows, into: try KehuDatabase.inMemory())
        } catch let e as ImportError {
            #expect(e.problems.count == 20)
            #expect(e.total == 30)
            #expect(e.description.contains("… and 10 more problems"))
        }
        _ = store
    }

    @Test func dryRunValidatesAndWritesNothing() throws {
        let store = try KehuDatabase.inMemory()
        let report = try Self.importing(.clients, Self.clients, into: store, dryRun: true)
        #expect(report.rows == 2)
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM client") } == 0)
    }

    @Test func rowsUpsertByCode() throws {
        let store = try KehuDatabase.inMemory()
        _ = try Self.importing(.clients, Self.clients, into: store)
        _ = try Self.importing(.clients, "code,name,kind\nC1,华东商贸（新）,partner\n", into: store)
        let c = try store.writer.read { try ClientRecord.filter(Column("code") == "C1").fetchOne($0) }
        #expect(c?.name == "华东商贸（新）")
        #expect(c?.kind == "partner")
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM client") } == 2)
    }

    @Test func exportThenImportIntoAnEmptyDatabaseGivesIdenticalData() throws {
        let source = try KehuDatabase.inMemory()
        try SampleDealer(clients: 150, years: 2, seed: 9, asOf: "2026-11-25").write(to: source)
        let target = try KehuDatabase.inMemory()
        for t in ImportTable.allCases {
            let data = try source.writer.read { try Exporter.csv(t, from: StoreConnection($0)) }
            _ = try Importer.run(t, data: data, fileName: "\(t).csv", into: target, options: ImportOptions(asOf: "2026-11-25"))
        }
        #expect(try Self.snapshot(target) == Self.snapshot(source))
        let m1 = try source.writer.read { try MetricsEngine.compute(StoreConnection($0), asOf: "2026-11-25") }.map { [$0.code, "\($0.sales365)", "\($0.receivable)", $0.abc] }
        let m2 = try target.writer.read { try MetricsEngine.compute(StoreConnection($0), asOf: "2026-11-25") }.map { [$0.code, "\($0.sales365)", "\($0.receivable)", $0.abc] }
        #expect(m1 == m2)
    }
}
