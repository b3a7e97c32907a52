import Foundation
import GRDB
import Testing
@testable import KehuCore

/// Score parts are stored compactly and read back as the very JSON text the playbook gave;
/// what the compact form cannot hold is kept as text; pruned runs keep their scores.
@Suite struct CompactPartsTests {
    static func store(_ pairs: [(String, String)]) throws -> (KehuDatabase, Int64) {
        let store = try KehuDatabase.inMemory()
        let run = try store.write { db -> Int64 in
            for n in pairs.indices {
                var c = ClientRecord(code: "C\(n)", name: "客户\(n)", kind: "channel")
                try c.insert(db.db)
            }
            let run = try RunStore.begin(db, NewRun(kind: .score, playbook: "p", version: "1", hash: "h", asOf: "2026-11-25"))
            let insert = try RunStore.scoreInserter(db, run: run)
            for (n, pair) in pairs.enumerated() {
                try insert(ClientScore(clientId: Int64(n + 1), code: "C\(n)", loyalty: 1, strength: 2, quadrant: "key", abc: "A",
                                       loyaltyParts: pair.0, strengthParts: pair.1))
            }
            return run
        }
        return (store, run)
    }

    static let lists: [(String, String)] = [
        (#"[{"name":"tenure","note":"建档6.9年","points":17.28952772073922,"value":6.915811088295688,"weight":0.2}]"#,
         #"[{"name":"sales","note":"近一年销售3.2万元","points":8,"value":31736,"weight":0.3999999999999999}]"#),
        (#"[{"name":"tenure","note":"建档1.0年","points":-3,"value":-9223372036854775808,"weight":0.2}]"#,
         #"[{"name":"sales","note":"a \"quoted\" \\ note\n","points":1e-07,"value":true,"weight":0.3999999999999999}]"#),
        // Numbers not in the form the host writes (kept as written), null, nesting, empty.
        (#"[{"name":"x","note":null,"points":1.50,"value":[1,{"k":"v"}],"weight":1E5}]"#, "[]"),
        ("[]", #"[{"name":"tenure","note":"","points":0,"value":false,"weight":-0.0}]"#),
        // A skeleton seen before with other values; one with a key the others lack.
        (#"[{"name":"tenure","note":"建档6.9年","points":17.28952772073922,"value":6.915811088295688,"weight":0.2}]"#,
         #"[{"name":"sales","extra":"名","note":"x","points":8,"weight":0.4}]"#),
    ]

    @Test func everyListReadsBackAsTheTextItWas() throws {
        let (store, run) = try Self.store(Self.lists)
        let back = try store.read { try RunStore.scores($0, run: run) }
        #expect(back.map(\.loyaltyParts) == Self.lists.map(\.0))
        #expect(back.map(\.strengthParts) == Self.lists.map(\.1))
        #expect(!back.contains { $0.partsPruned })
        // Stored compactly (no JSON text in the rows), read one client at a time too.
        let texts = try store.read { try Int.fetchAll($0.db, sql: "SELECT client_id FROM score WHERE loyalty_parts IS NOT NULL OR parts IS NULL") }
        #expect(texts == [])
        let one = try store.read { try RunStore.history($0, clientId: 2) }
        #expect(one.map(\.score.strengthParts) == [Self.lists[1].1])
    }

    @Test func whatTheFormCannotHoldIsKeptAsText() throws {
        // A raw control character in a key is not JSON the encoder cuts: the row keeps the text.
        let odd = "[{\"na\u{1}me\":\"a\u{1}b\"}]"
        let (store, run) = try Self.store([(odd, "[]"), Self.lists[0]])
        let back = try store.read { try RunStore.scores($0, run: run) }
        #expect(back.map(\.loyaltyParts) == [odd, Self.lists[0].0])
        let kept = try store.read { try String.fetchAll($0.db, sql: "SELECT loyalty_parts FROM score WHERE parts IS NULL") }
        #expect(kept == [odd])
    }

    @Test func theStandardPartsOfAThousandClientsTakeLittleRoom() throws {
        // The shape of the standard playbook's parts, with values that vary by client.
        var pairs: [(String, String)] = []
        for n in 0..<1000 {
            let years = Double(n % 97) / 7.3, sales = 1000 + n * 37
            pairs.append(("""
                [{"name":"tenure","note":"建档\\(String(format: "%.1f", years))年","points":\\(years * 2.5),"value":\\(years),"weight":0.2},\
                {"name":"regularity","note":"近12个月有\\(n % 12)个月下单","points":\\(Double(n % 12) * 2.083),"value":\\(n % 12),"weight":0.25},\
                {"name":"payment","note":"逾期占应收0%，其中90天以上0%；额度使用0%","points":30,"value":0,"weight":0.3},\
                {"name":"stage","note":"关系阶段：认同","points":3.75,"value":"recognition","weight":0.15},\
                {"name":"complaints","note":"近一年无投诉记录","points":10,"value":0,"weight":0.1},\
                {"name":"entertainment","note":"近一年无招待记录（招待本就不计分）","points":0,"value":0,"weight":0}]
                """, """
                [{"name":"sales","note":"近一年销售\\(String(format: "%.1f", Double(sales) / 10000))万元","points":\\(Double(sales) / 1234.5),"value":\\(sales),"weight":0.3999999999999999},\
                {"name":"growth","note":"同比+\\(n % 40)%","points":\\(Double(n % 40) / 3.3),"value":\\(Double(n % 40) / 100),"weight":0.14999999999999997},\
                {"name":"abc","note":"B类客户","points":8.999999999999998,"value":"B","weight":0.14999999999999997},\
                {"name":"capital","note":"资金\\(n % 300)万元","points":\\(Double(n % 300) / 30.7),"value":\\(n * 1000),"weight":0.09999999999999998},\
                {"name":"staff","note":"员工\\(n % 30)人","points":\\(Double(n % 30) * 0.35),"value":\\(n % 30),"weight":0.06999999999999999},\
                {"name":"vehicles","note":"车辆\\(n % 5)台","points":\\(Double(n % 5) * 0.5),"value":\\(n % 5),"weight":0.04999999999999999},\
                {"name":"warehouse","note":"仓库\\(n % 900)平方米","points":\\(Double(n % 900) / 250),"value":\\(n % 900),"weight":0.07999999999999999}]
                """))
        }
        let (store, run) = try Self.store(pairs)
        let back = try store.read { try RunStore.scores($0, run: run) }
        #expect(back.map(\.loyaltyParts) == pairs.map(\.0))
        #expect(back.map(\.strengthParts) == pairs.map(\.1))
        let json = pairs.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count }
        let stored = try store.read { db in
            try Int.fetchOne(db.db, sql: "SELECT SUM(length(parts)) FROM score")! + Int.fetchOne(db.db, sql: "SELECT SUM(length(text)) FROM run_text")!
        }
        // About 1.2 KB of JSON a client; the blobs and the dictionary together well under a fifth.
        #expect(json / pairs.count > 1100)
        #expect(stored / pairs.count < 240, "\(stored / pairs.count) bytes a client")
    }

    @Test func pruningKeepsScoresAndDropsParts() throws {
        let store = try KehuDatabase.inMemory()
        try store.write { db in
            var c = ClientRecord(code: "C1", name: "甲", kind: "channel")
            try c.insert(db.db)
            for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
                let run = try RunStore.begin(db, NewRun(kind: .score, playbook: "p", version: "1", hash: "h", asOf: day))
                try RunStore.insertScores(db, run: run, [ClientScore(clientId: 1, code: "C1", loyalty: 10, strength: 20, quadrant: "watch",
                                                                     abc: "B", loyaltyParts: Self.lists[0].0, strengthParts: Self.lists[0].1,
                                                                     reason: "因为")])
            }
        }
        #expect(try store.read { try RunStore.pruneCandidates($0, keep: 1, olderThan: nil) } == [1, 2])
        let pruned = try store.write { try RunStore.prune($0, keep: 1, olderThan: nil, today: "2026-12-01") }
        #expect(pruned == [1, 2])
        let history = try store.read { try RunStore.history($0, clientId: 1) }
        #expect(history.map(\.score.partsPruned) == [true, true, false])
        #expect(history.map(\.score.quadrant) == ["watch", "watch", "watch"])
        #expect(history.map(\.score.reason) == ["因为", "因为", "因为"])
        #expect(history.map(\.run.prunedOn) == ["2026-12-01", "2026-12-01", nil])
        #expect(try store.read { try Int.fetchOne($0.db, sql: "SELECT COUNT(DISTINCT run_id) FROM run_text") } == 1)
        // Pruning again finds nothing new; the sizes show what is left.
        #expect(try store.write { try RunStore.prune($0, keep: 1, olderThan: nil, today: "2026-12-02") } == [])
        let sizes = try store.read { try RunStore.sizes($0, runs: [1, 3]) }
        #expect(sizes[1]! < sizes[3]! / 3)
        // Explain of the kept run compares with nothing pruned; of a pruned latest run, it says why not.
        let e = try store.read { try Reports.explain($0, code: "C1") }
        #expect(e.run.id == 3 && e.previous == nil)
        try store.write { try RunStore.prune($0, keep: 0, olderThan: nil, today: "2026-12-03") }
        #expect(throws: ReportError.self) { try store.read { try Reports.explain($0, code: "C1") } }
    }
}
