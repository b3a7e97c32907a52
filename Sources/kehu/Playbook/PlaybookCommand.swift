import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook

extension Kehu {
    struct PlaybookCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "playbook",
            abstract: "Write, test, compare and deploy playbooks.",
            discussion: """
            Examples:
              kehu playbook new acme                # a minimal playbook: one hook, the rest inherited
              kehu playbook new acme --from fmcg    # or a copy of another one, to change
              kehu playbook check acme              # errors and warnings, FILE:LINE; exit 1 on errors
              kehu playbook test acme               # its tests/*.lua; exit 1 on a failure
              kehu playbook diff standard ./acme    # what changes for this dealer if acme replaces standard
              kehu playbook backtest ./acme --as-of 2026-05-29 --horizon 180d
              kehu playbook pack ./acme             # one file for the dealer: acme-0.1.0.kehupack
              kehu playbook install acme-0.1.0.kehupack && kehu playbook use acme
              kehu playbook list                    # installed versions; * marks the active one
              kehu playbook rollback                # back to the version active before
            """,
            subcommands: [New.self, Check.self, Test.self, Diff.self, Backtest.self, Pack.self, Install.self, List.self, Use.self, Rollback.self]
        )

        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Start a playbook: manifest, hooks, templates, a test and a README.",
                discussion: """
                Examples:
                  kehu playbook new acme                  # one hook (quadrant), the rest inherited from standard
                  kehu playbook new acme --from standard  # a copy of the whole standard playbook
                  kehu playbook new acme --dir ~/playbooks/acme
                """)
            @Argument(help: "The playbook's name (and folder, unless --dir).") var name: String
            @Option(help: ArgumentHelp("Copy this playbook (a folder or a shipped name) instead.", valueName: "playbook")) var from: String?
            @Option(help: ArgumentHelp("Where to create it (default: ./NAME).", valueName: "dir")) var dir: String?

            func run() throws {
                try reportingPlaybookErrors(stores: false) {
                    let folder = URL(fileURLWithPath: dir ?? name)
                    let source = try from.map { try Playbook.load(folder: try Playbook.locate($0)) }
                    try PlaybookScaffold.create(at: folder, name: name, from: source)
                    print("created \(folder.path)\(source.map { " from \($0.name) \($0.version)" } ?? "")")
                    print("next: kehu playbook check \(folder.path) && kehu playbook test \(folder.path)")
                }
            }
        }

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check a playbook: manifest, hooks and their results, settings, templates, kehu names, globals.",
                discussion: """
                Errors and warnings are located (FILE:LINE); the exit status is 1 when there is an error. \
                Every hook the playbook defines is called on synthetic clients made from the field \
                registry; with --db, also on a sample of that database's active clients (nothing is \
                stored). docs/playbooks.md lists what is caught.

                Examples:
                  kehu playbook check ./acme
                  kehu playbook check fmcg
                  kehu playbook check ./acme --db kehu.db --sample 500 --as-of 2026-11-25
                """)
            @Argument(help: "The playbook folder (or a shipped playbook's name).") var playbook: String
            @Option(name: .customLong("db"), help: ArgumentHelp("Also try the hooks on a sample of this database's clients.", valueName: "path"))
            var database: String?
            @Option(help: ArgumentHelp("How many of the database's clients to try (with --db).", valueName: "n")) var sample = 200
            @OptionGroup var asOf: AsOfOption

            func validate() throws {
                guard sample >= 1 else { throw ValidationError("--sample expects a number of clients, 1 or more") }
            }

            func run() throws {
                let folder = try Playbook.locate(playbook)
                let store = try database.map { try KehuDatabase.open(path: $0) }
                let findings = PlaybookCheck.run(folder: folder, database: store, asOf: asOf.day, sample: sample)
                for f in findings {
                    let severity = f.severity == .error ? Style.red("error") : Style.yellow("warning")
                    print("\(f.location): \(severity): \(f.message)")
                }
                let errors = findings.filter { $0.severity == .error }.count
                let warnings = findings.count - errors
                print("\(folder.path): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
                if errors > 0 { throw ExitCode(1) }
            }
        }

        struct Test: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Run a playbook's Lua tests (tests/*.lua return a table of name → function).",
                discussion: """
                Each test gets a database of its own, empty until it declares a dataset with fixture{…}; \
                score(code), playbook and expect.* are there too (docs/playbooks.md). Prints each test, then \
                "N passed, N failed"; the exit status is 1 when a test fails.

                Examples:
                  kehu playbook test ./acme
                  kehu playbook test standard --as-of 2026-06-30
                  kehu playbook test ./acme --lang en      # kehu.message gives the English templates
                """)
            @Argument(help: "The playbook folder (or a shipped playbook's name).") var playbook: String
            @OptionGroup var asOf: AsOfOption
            @OptionGroup var lang: LanguageOption
            @OptionGroup var seed: SeedOption

            func run() throws {
                try reportingPlaybookErrors(stores: false) {
                    let pb = try Playbook.load(folder: try Playbook.locate(playbook))
                    let day = asOf.day
                    let session = try PlaybookSession(playbook: pb, asOf: day, language: lang.language, seed: seed.run)
                    guard !session.testFiles.isEmpty else {
                        print("\(pb.name): no tests (add tests/*.lua returning { [\"what it checks\"] = function() … end })")
                        return
                    }
                    var passed = 0, failed = 0
                    for file in session.testFiles {
                        let results = try session.runLuaTests(at: file)
                        for r in results {
                            let log = r.log.map { line in
                                "\n    log: " + line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).escapedForTerminal }.joined(separator: "\t")
                            }.joined()
                            if r.name == "(loading the file)" && r.passed {
                                print("\(r.file): (loading the file)" + log)
                                continue
                            }
                            defer { if !log.isEmpty { print(log.dropFirst()) } }
                            if let failure = r.failure {
                                failed += 1
                                print("\(Style.red("✗")) \(r.file): \(r.name)\n    \(failure.replacingOccurrences(of: "\n", with: "\n    "))")
                            } else {
                                passed += 1
                                print("\(Style.green("✓")) \(r.file): \(r.name)")
                            }
                        }
                    }
                    print(failed > 0 ? Style.red("\(passed) passed, \(failed) failed") : Style.green("\(passed) passed, \(failed) failed"))
                    if failed > 0 { throw ExitCode(1) }
                }
            }
        }
    }
}
