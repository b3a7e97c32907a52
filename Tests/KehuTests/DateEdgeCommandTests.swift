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
                #expect(r.stderr.contains("for '--as-of <date>': expects a date"), "\(command) \(date): \(r.stderr)")
            }
        }
    }

    /// Every date option is one type, checked where the command line is read: gen and import
    /// refuse what clients and score refuse, with the same reason.
    @Test func everyDateOptionIsCheckedTheSameWay() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "code,name,kind\nC1,甲,channel\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        for args in [["gen", "--clients", "5", "--as-of", "1901-12-31"], ["import", "clients", "c.csv", "--as-of", "2026-13-01"],
                     ["agenda", "--date", "x"], ["playbook", "backtest", "standard", "--as-of", "9999-12-31"]] {
            let r = try Kehu.run(args, cwd: dir)
            #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("<date>': expects a date"), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("kehu.db").path), "a refused command made a database")
    }

    @Test func agendaDatesAndBacktestHorizonsStayInsideTheRange() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 10)
        defer { try? FileManager.default.removeItem(at: dir) }
        let early = try Kehu.run(["agenda", "--date", "0001-01-01"], cwd: dir)
        #expect(early.status == 64 && early.stderr.contains("for '--date <date>': expects a date from 1902-01-01 to 9998-12-31"), "\(early.stderr)")
        #expect(try Kehu.run(["agenda", "--date", "9998-12-31"], cwd: dir).status == 0)
        let far = try Kehu.run(["playbook", "backtest", "standard", "--as-of", "9998-12-31", "--horizon", "2y"], cwd: dir)
        #expect(far.status == 64 && far.stderr.contains("ends past 9999-12-31"), "\(far.stderr)")
        let edge = try Kehu.run(["playbook", "backtest", "standard", "--as-of", "9998-12-31", "--horizon", "1y"], cwd: dir)
        #expect(edge.status == 0, "\(edge.stderr)")
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

/// What the CLI prints on an error echoes data; control characters in it are escaped.
@Suite struct ErrorEscapingCommandTests {
    @Test func anErrorEchoingDataShowsItsControlCharactersEscaped() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 5)
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = try Kehu.run(["client", "C\u{1B}[2JX", "--as-of", "2026-11-25"], cwd: dir)
        #expect(client.status == 1)
        #expect(client.stderr.contains(#"no client with code C\x1b[2JX"#), "\(client.stderr)")
        #expect(!client.stderr.unicodeScalars.contains("\u{1B}"))
        let script = try Kehu.run(["run", "-e", #"error("bad \27]0;title\7 name")"#], cwd: dir)
        #expect(script.status == 1)
        #expect(script.stderr.contains(#"bad \x1b]0;title\x07 name"#), "\(script.stderr)")
        #expect(!script.stderr.unicodeScalars.contains("\u{1B}") && !script.stderr.unicodeScalars.contains("\u{7}"))
        let misuse = try Kehu.run(["run", "-e", #"for c in kehu.clients{ region = 1 } do end"#], cwd: dir)
        #expect(misuse.status == 1)
        #expect(misuse.stderr.hasPrefix("kehu: (command line):1: bad argument #1 to 'kehu.clients' (filter field 'region' must be a string, got number)"),
                "\(misuse.stderr)")
    }
}
