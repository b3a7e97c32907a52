import Foundation
import Testing

/// `--as-of` at and beyond the edges of the as-of range: a usage error outside, a normal run
/// inside, never a crash.
@Suite struct DateEdgeCommandTests {
    static let commands: [[String]] = [["clients"], ["score"], ["followups"], ["client", "C000001"]]

    @Test func anAsOfOutsideTheRangeIsAUsageErrorForEveryCommand() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 10)
        defer { try? FileManager.default.removeItem(at: dir) }
        for date in ["0000-01-01", "0001-01-01", "1901-12-31", "9999-12-31", "2026-02-30"] {
            for command in Self.commands {
                let r = try Kehu.run(command + ["--as-of", date], cwd: dir)
                #expect(r.status == 64, "\(command) \(date): \(r.status) \(r.stderr)")
                #expect(r.stderr.contains("--as-of expects a date"), "\(command) \(date): \(r.stderr)")
            }
        }
    }

    @Test func theEdgesOfTheRangeWorkForEveryCommand() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 10)
        defer { try? FileManager.default.removeItem(at: dir) }
        for date in ["1902-01-01", "9998-12-31"] {
            for command in Self.commands {
                let r = try Kehu.run(command + ["--as-of", date], cwd: dir)
                #expect(r.status == 0, "\(command) \(date): \(r.stderr)")
            }
        }
    }
}
