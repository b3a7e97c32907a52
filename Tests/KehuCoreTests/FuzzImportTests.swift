import Foundation
import GRDB
import Testing
@testable import KehuCore

/// Mutated CSV files against the importer, from a fixed seed. Each file either imports —
/// and then what it stored exports and imports back to the same data, and the metrics pass
/// runs — or is refused with located problems and the database exactly as it was. A crash
/// fails the suite. `Scripts/fuzz` runs many more cases (`KEHU_FUZZ_CASES`, `KEHU_FUZZ_SEED`).
@Suite struct FuzzImportTests {
    static var cases: Int { ProcessInfo.processInfo.environment["KEHU_FUZZ_CASES"].flatMap(Int.init) ?? 300 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["KEHU_FUZZ_SEED"].flatMap(UInt64.init) ?? 20261201 }

    /// The generator's SplitMix64: the same cases on every machine.
    struct Random {
        var source: SeededRandom
        init(state: UInt64) { source = SeededRandom(seed: state) }
        mutating func below(_ n: Int) -> Int { Int(source.next() % UInt64(max(1, n))) }
    }

    /// Pieces that have broken importers: encodings, quoting, numbers at the edges.
    static let pieces: [[UInt8]] = [
        [0], [0xFF], [0xE9, 0xA9], [0xC1, 0xAA], Array("\"".utf8), Array(",".utf8), Array("\n".utf8), Array("\r\n".utf8),
        Array("\"\"".utf8), Array("92233720368547758.07".utf8), Array("9223372036854775807".utf8), Array("-1".utf8),
        Array("1e309".utf8), Array(String(repeating: "9", count: 400).utf8), Array("0000-06-15".utf8), Array("9999-12-31".utf8),
        Array("2026-02-30".utf8), Array("12.5万".utf8), Array("¥1,234.50".utf8), Array("\u{1B}[2J".utf8), Array("华东".utf8),
        Array(String(repeating: "长", count: 3000).utf8), Array("NaN".utf8), Array("inf".utf8), Array(";;".utf8),
        Array("\u{FEFF}".utf8), Array("C000001".utf8), Array("O1".utf8), Array("渠道".utf8), Array("客户编号".utf8),
    ]

    static func mutate(_ input: [UInt8], _ r: inout Random) -> [UInt8] {
        var b = input
        for _ in 0...r.below(3) {
            let at = r.below(b.count + 1)
            switch r.below(9) {
            case 0 where !b.isEmpty: b[min(at, b.count - 1)] ^= UInt8(1 << r.below(8))
            case 1: b.insert(contentsOf: pieces[r.below(pieces.count)], at: at)
            case 2 where !b.isEmpty: b.removeSubrange(at..<min(b.count, at + 1 + r.below(12)))
            case 3: b = Array(b.prefix(at))
            case 4:
                // Repeat a line.
                let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false)
                if lines.count > 1 { b += [0x0A] + lines[r.below(lines.count)] }
            case 5:
                // Replace one field of a line with a piece.
                if let comma = b[at...].firstIndex(of: 0x2C) {
                    let end = b[(comma + 1)...].firstIndex(where: { $0 == 0x2C || $0 == 0x0A }) ?? b.count
                    b.replaceSubrange((comma + 1)..<end, with: pieces[r.below(pieces.count)])
                }
            case 6:
                // The same text in GB18030.
                if let text = String(bytes: b, encoding: .utf8),
                   let gb = text.data(using: String.Encoding(rawValue: 0x8000_0632)) { b = Array(gb) }
            case 7:
                // Leave one column out of every line, as a partial file does (a naive split:
                // quoted commas make it a mutation of its own).
                let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false)
                let k = 1 + r.below(6)
                b = Array(lines.map { line -> [UInt8] in
                    var fields = line.split(separator: 0x2C, omittingEmptySubsequences: false)
                    if k < fields.count { fields.remove(at: k) }
                    return Array(fields.joined(separator: [0x2C]))
                }.joined(separator: [0x0A]))
            default:
                b.insert(UInt8(r.below(256)), at: at)
            }
        }
        return b
    }

    static func snapshot(_ store: KehuDatabase) throws -> [Data] {
        try ImportTable.allCases.map { t in try store.writer.read { try Exporter.csv(t, from: StoreConnection($0)) } }
    }

    /// The canonical columns a file's header names, or nil when its first line is not a header
    /// the importer reads.
    static func columns(ofFile file: [UInt8], _ table: ImportTable) -> Set<String>? {
        guard let (text, _) = try? CSVDecoding.decode(Data(file)),
              let first = try? CSVReader(text).records().first else { return nil }
        return Set(first.fields.compactMap { table.column(forHeader: $0) })
    }

    /// An exported table's rows, keyed as the importer matches them (interactions, which are
    /// added rather than matched, have no keys).
    static func rows(_ data: Data, _ table: ImportTable) throws -> (header: [String], all: [[String]], byKey: [String: [String]]) {
        let records = try CSVReader(String(decoding: data, as: UTF8.self)).records()
        guard let header = records.first?.fields else { return ([], [], [:]) }
        let all = records.dropFirst().map(\.fields)
        let keyColumns: [String]
        switch table {
        case .clients, .orders, .payments: keyColumns = ["code"]
        case .contacts: keyColumns = ["client", "name"]
        case .interactions: keyColumns = []
        }
        let indexes = keyColumns.compactMap { header.firstIndex(of: $0) }
        var byKey: [String: [String]] = [:]
        if !indexes.isEmpty {
            for row in all { byKey[indexes.map { row[$0] }.joined(separator: "\u{1F}")] = row }
        }
        return (header, all, byKey)
    }

    @Test func mutatedFilesImportWholeOrChangeNothing() throws {
        let source = try KehuDatabase.inMemory()
        try SampleDealer(clients: 12, years: 1, seed: 3, asOf: "2026-11-25").write(to: source)
        let seeds = try Self.snapshot(source)
        let base = try KehuDatabase.inMemory()
        for (t, data) in zip(ImportTable.allCases, seeds) {
            _ = try Importer.run(t, data: data, fileName: "\(t).csv", into: base, options: ImportOptions(asOf: "2026-11-25"))
        }
        var r = Random(state: Self.seed)
        var imported = 0, refused = 0
        for n in 0..<Self.cases {
            let tableIndex = r.below(ImportTable.allCases.count)
            let table = ImportTable.allCases[tableIndex]
            let file = Self.mutate(Array(seeds[tableIndex]), &r)
            // A database holding the sample, as a dealer's would.
            let store = try KehuDatabase.inMemory()
            try base.writer.backup(to: store.writer)
            let before = try Self.snapshot(store)
            do {
                // A dry run writes nothing, whatever it finds.
                _ = try? Importer.run(table, data: Data(file), fileName: "case\(n).csv", into: store,
                                      options: ImportOptions(asOf: "2026-11-25", dryRun: true))
                #expect(try Self.snapshot(store) == before, "case \(n) (\(table)): a dry run changed the database")
                _ = try Importer.run(table, data: Data(file), fileName: "case\(n).csv", into: store, options: ImportOptions(asOf: "2026-11-25"))
                imported += 1
                // Rows the file updated keep every column the file does not have.
                let after = try Self.snapshot(store)
                if let fileColumns = Self.columns(ofFile: file, table) {
                    let old = try Self.rows(before[tableIndex], table), new = try Self.rows(after[tableIndex], table)
                    for (key, oldRow) in old.byKey {
                        guard let newRow = new.byKey[key] else {
                            Issue.record("case \(n) (\(table)): the row \(key) is gone after an import")
                            continue
                        }
                        for (i, column) in old.header.enumerated() where !fileColumns.contains(column) {
                            #expect(oldRow[i] == newRow[i], "case \(n) (\(table)): \(key).\(column) changed though the file has no such column")
                        }
                    }
                }
                // Every date stored is one Kehu computes with.
                for (t, data) in zip(ImportTable.allCases, after) {
                    let rows = try Self.rows(data, t)
                    for (i, column) in rows.header.enumerated() where ["since", "date", "birthday", "answered", "resolved"].contains(column) {
                        for row in rows.all where !row[i].isEmpty && row[i].count > 5 {
                            let day = Day(iso: String(row[i].prefix(10)))
                            #expect(day.map(Day.supported.contains) == true, "case \(n) (\(t)): \(column) \(row[i]) stored")
                        }
                    }
                }
                // What it stored exports and imports back to the same data, and the metrics run.
                let copy = try KehuDatabase.inMemory()
                for (t, data) in zip(ImportTable.allCases, after) where t != .interactions {
                    _ = try Importer.run(t, data: data, fileName: "\(t).csv", into: copy, options: ImportOptions(asOf: "2026-11-25"))
                }
                _ = try Importer.run(.interactions, data: after[4], fileName: "i.csv", into: copy, options: ImportOptions(asOf: "2026-11-25", keepDuplicates: true))
                #expect(try Self.snapshot(copy) == after, "case \(n) (\(table)): stored data does not export and import back")
                _ = try store.writer.read { try MetricsEngine.compute(StoreConnection($0), asOf: "2026-11-25") }
            } catch let e as ImportError {
                refused += 1
                #expect(!e.problems.isEmpty && e.problems.allSatisfy { $0.line >= 0 && !$0.message.isEmpty })
                #expect(try Self.snapshot(store) == before, "case \(n) (\(table)): a refused import changed the database")
            }
        }
        #expect(imported + refused == Self.cases)
        // Both outcomes are exercised, or the mutations say nothing.
        #expect(imported > Self.cases / 10 && refused > Self.cases / 10, "imported \(imported), refused \(refused)")
    }
}
