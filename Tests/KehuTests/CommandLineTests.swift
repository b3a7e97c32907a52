import Foundation
import Testing

/// What every command owes a person: help with examples, a version, errors that say the fix.
@Suite struct CommandLineTests {
    static let commands = [
        "init", "gen", "import", "export", "clients", "client", "score", "quadrant", "explain", "allocate",
        "followups", "followups draft", "followups list", "followups done", "followups skip", "agenda", "runs", "report",
        "repl", "run", "api", "playbook", "playbook new", "playbook check", "playbook test", "playbook diff",
        "playbook backtest", "playbook pack", "playbook install", "playbook list", "playbook use", "playbook rollback",
    ]

    @Test(arguments: commands)
    func helpHasAnExample(command: String) throws {
        let r = try Kehu.run(command.split(separator: " ").map(String.init) + ["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Examples:") || r.stdout.contains("Example:"), "\(command) --help:\n\(r.stdout)")
        #expect(r.stdout.contains("kehu \(command)"), "the examples use the command itself")
    }

    @Test func everyCommandIsListed() throws {
        let help = try Kehu.run(["--help"]).stdout
        for top in Set(Self.commands.map { String($0.split(separator: " ")[0]) }) {
            #expect(help.contains("  \(top) "), "\(top) in kehu --help")
        }
    }

    @Test func versionIsPrinted() throws {
        let r = try Kehu.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.firstMatch(of: /^\d+\.\d+\.\d+\n$/) != nil, "\(r.stdout)")
    }

    @Test func aMissingDatabaseSaysHowToMakeOne() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["clients"], ["score"], ["report"], ["playbook", "list"]] {
            let r = try Kehu.run(args, cwd: dir)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains("no database at kehu.db — run 'kehu init' or pass --db"), "\(args): \(r.stderr)")
        }
    }

    @Test func limitZeroMeansAllEverywhere() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 30)
        defer { try? FileManager.default.removeItem(at: dir) }
        let all = try Kehu.run(["clients", "--as-of", "2026-11-25"], cwd: dir).stdout
        let zero = try Kehu.run(["clients", "--as-of", "2026-11-25", "--limit", "0"], cwd: dir).stdout
        #expect(zero == all && all.hasSuffix("30 clients as of 2026-11-25\n"), "\(zero)")
        let three = try Kehu.run(["clients", "--as-of", "2026-11-25", "--limit", "3"], cwd: dir).stdout
        #expect(three.hasSuffix("3 clients as of 2026-11-25\n"))
    }
}
