import ArgumentParser
import Foundation
import KehuCore

@main
struct Kehu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kehu",
        abstract: "A dealer's customer-relationship engine with its policy in Lua.",
        discussion: """
        Kehu keeps a dealer's clients, orders, payments and interactions, and runs Lua \
        playbooks that score, plan and draft follow-ups.

        Examples:
          kehu gen --clients 3000 --seed 1       # a sample dealer in ./kehu.db
          kehu score                             # the standard playbook's scores and quadrants
          kehu explain C000042                   # why a client scored as it did
          kehu followups && kehu agenda --owner 王伟
          kehu report --out report.html          # the owner's report: charts and tables, one HTML file
          kehu run script.lua arg1 arg2
          kehu run -e 'print(_VERSION)'
        """,
        version: Kehu.version,
        subcommands: [Init.self, Gen.self, Import.self, Export.self, Clients.self, Client.self, Score.self, QuadrantReport.self,
                      Explain.self, Allocate.self, Followups.self, Agenda.self, Runs.self, Model.self, Report.self, Repl.self, Run.self, PlaybookCommand.self, Api.self]
    )

    /// `kehu --version`, and the version reports name.
    static let version = "0.1.0"

    /// Runs the command. A database another writer holds is reported with who holds it and
    /// what to do, never as SQLite's bare "database is locked"; any other error is printed as
    /// ArgumentParser prints it, except that its text — which may echo a client's code, a
    /// file's field or a script's message — has its control characters escaped (`\x1b`), so
    /// that data can neither hide nor recolour what follows.
    static func main() {
        KehuDatabase.waitNotice = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let busy = KehuDatabase.busyDescription(error, path: KehuDatabase.lastOpenedPath) {
                FileHandle.standardError.write(Data("\(Style.red("kehu:", on: Style.stderr)) \(busy)\n".utf8))
                Foundation.exit(1)
            }
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }   // --help and --version, to stdout
            let message = fullMessage(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((message.escapedForTerminalKeepingLines + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
