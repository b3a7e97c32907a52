import Foundation
import Testing

@Suite struct DataCommandTests {
    /// A temporary folder with a generated sample dealer in `kehu.db`.
    static func sampleDealer(clients: Int = 300) throws -> URL {
        let dir = try Kehu.temporaryDirectory()
        let r = try Kehu.run(["gen", "--clients", "\(clients)", "--years", "2", "--seed", "5", "--as-of", "2026-11-25"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    /// The schema version this build writes: one per registered migration.
    static var schemaVersion: Int {
        let schema = try! String(contentsOf: Kehu.packageRoot.appendingPathComponent("Sources/KehuCore/Store/Schema.swift"), encoding: .utf8)
        return schema.components(separatedBy: "m.registerMigration(").count - 1
    }

    @Test func initCreatesTheDatabaseAndSaysSoTwice() throws {
        let v = Self.schemaVersion
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try Kehu.run(["init"], cwd: dir)
        #expect(first.stdout == "created kehu.db (schema version \(v))\n")
        let second = try Kehu.run(["init"], cwd: dir, environment: [:])
        #expect(second.stdout == "kehu.db: schema version \(v), up to date\n")
        let env = try Kehu.run(["init"], cwd: dir, environment: ["KEHU_DB": "other.db"])
        #expect(env.stdout == "created other.db (schema version \(v))\n")
    }

    @Test func aMissingDatabaseSaysHowToFixIt() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Kehu.run(["clients"], cwd: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains("no database at kehu.db — run 'kehu init' or pass --db"))
    }

    @Test func genIsReproducibleAndRefusesAFullDatabase() throws {
        let a = try Self.sampleDealer(), b = try Self.sampleDealer()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let ja = try Kehu.run(["clients", "--json", "--as-of", "2026-11-25", "--sort", "code"], cwd: a)
        let jb = try Kehu.run(["clients", "--json", "--as-of", "2026-11-25", "--sort", "code"], cwd: b)
        #expect(ja.stdout == jb.stdout)
        let again = try Kehu.run(["gen", "--clients", "10"], cwd: a)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already holds 300 clients"))
    }

    @Test func clientsFiltersSortsAndAlignsChinese() throws {
        let dir = try Self.sampleDealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = try Kehu.run(["clients", "--json", "--as-of", "2026-11-25", "--kind", "channel", "--abc", "A"], cwd: dir)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["kind"] as? String == "channel" && $0["abc"] as? String == "A" })
        let sales = rows.compactMap { $0["sales_365d"] as? Double }
        #expect(sales == sales.sorted(by: >))
        let table = try Kehu.run(["clients", "--as-of", "2026-11-25", "--limit", "5"], cwd: dir)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 8)  // header, rule, five rows, count
        // Every row's region column starts at the same display column, whatever the name's width.
        func displayColumn(of needle: String, in line: String) -> Int? {
            guard let r = line.range(of: needle) else { return nil }
            return line[..<r.lowerBound].unicodeScalars.reduce(0) { $0 + ($1.value >= 0x4E00 && $1.value <= 0x9FFF ? 2 : 1) }
        }
        let kindColumns = lines[2...6].compactMap { line in ["upstream", "partner", "channel", "terminal"].compactMap { displayColumn(of: " \($0) ", in: line) }.first }
        #expect(kindColumns.count == 5)
        #expect(Set(kindColumns).count == 1, "kind column not aligned: \(kindColumns)")
    }

    @Test func clientShowsTheWholeFile() throws {
        let dir = try Self.sampleDealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Kehu.run(["client", "C000001", "--as-of", "2026-11-25"], cwd: dir)
        #expect(r.status == 0)
        for part in ["C000001", "销售 sales", "应收 receivable", "逾期 overdue", "联系人 contact", "订单 orders"] {
            #expect(r.stdout.contains(part), "missing \(part)")
        }
        let missing = try Kehu.run(["client", "NOPE"], cwd: dir)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no client with code NOPE"))
        let json = try Kehu.run(["client", "C000001", "--json", "--as-of", "2026-11-25"], cwd: dir)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(obj["code"] as? String == "C000001")
        #expect((obj["contacts"] as? [Any])?.isEmpty == false)
    }
}
