import Foundation
import ArgumentParser
import KehuCore
import KehuPlaybook

extension Kehu {
    struct Allocate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split a budget over the quadrants and clients of the latest score run, with the playbook's reasons.",
            discussion: """
            The playbook's allocation_shares split the budget between quadrants; its allocate hook \
            splits each quadrant's part over its clients and resources. The plan sums exactly to the \
            budget and is stored as a run.

            Examples:
              kehu allocate --budget 500000
              kehu allocate --budget 50万 --resources advertising,promotion --lang en
              kehu allocate --budget ¥200,000 --dry-run --json
            """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @OptionGroup var playbook: PlaybookOptions
        @Option(help: ArgumentHelp("The budget in yuan: 500000, ¥500,000.00 or 50万.", valueName: "amount")) var budget: String
        @OptionGroup var resources: ResourcesOption
        @Option(help: "Clients shown per quadrant (0: only the totals).") var top: Int = 5
        @Flag(help: "Plan and show without storing.") var dryRun = false
        @Flag(help: "Machine-readable output (every line of the plan).") var json = false

        func validate() throws { _ = try budgetFen(budget) }

        func run() throws {
            try reportingPlaybookErrors {
                let store = try database.open()
                let session = try playbook.session(asOf: asOf.day, store: store)
                let r = try AllocateRun.run(store, session: session, budget: try budgetFen(budget), resources: resources.list, dryRun: dryRun)
                // Planning on another playbook's or another day's quadrants is allowed, never silent.
                if let warning = AllocateRun.mismatch(r.scoreRun, session: session) {
                    FileHandle.standardError.write(Data("\(Style.yellow("kehu: warning:", on: Style.stderr)) \(warning)\n".utf8))
                }
                if json {
                    try JSONOutput.print([
                        "run": r.run as Any, "score_run": r.scoreRun.id, "budget": JSONOutput.yuan(r.budget),
                        "quadrants": r.quadrantBudgets.map { ["quadrant": $0.quadrant, "clients": $0.clients, "budget": JSONOutput.yuan($0.fen)] },
                        "lines": r.lines.map { ["client": $0.code, "quadrant": $0.quadrant, "resource": $0.resource,
                                                "amount": JSONOutput.yuan($0.amount), "reason": $0.reason] },
                    ])
                    return
                }
                let resources = self.resources.list
                // Quadrants and resources as the playbook names them, in the run's language.
                let names = try Names.of(session.playbook, language: playbook.language)
                var table = TextTable(headers: ["象限 quadrant", "客户 clients"] + resources.map { nameLabel(names.resource($0), code: $0) } + ["合计 total"])
                table.rightAligned = Set(1...(resources.count + 2))
                for q in r.quadrantBudgets {
                    let lines = r.lines.filter { $0.quadrant == q.quadrant }
                    table.rows.append([quadrantLabel(q.quadrant, names), String(q.clients)]
                                      + resources.map { res in Money.yuan(lines.filter { $0.resource == res }.reduce(0) { $0 + $1.amount }) }
                                      + [Money.yuan(q.fen)])
                }
                print(table.render())
                for q in r.quadrantBudgets where q.fen > 0 && top > 0 {
                    var byClient: [String: (Int64, String)] = [:]
                    for l in r.lines where l.quadrant == q.quadrant { byClient[l.code, default: (0, l.reason)].0 += l.amount }
                    let shown = byClient.sorted { $0.value.0 != $1.value.0 ? $0.value.0 > $1.value.0 : $0.key < $1.key }.prefix(top)
                    print("\n\(quadrantLabel(q.quadrant, names)) — top \(shown.count) of \(byClient.count)")
                    for (code, v) in shown { print("  \(code)  \(Money.yuan(v.0))  \(v.1)") }
                }
                let stored = r.run.map { "stored as run \($0)" } ?? "dry run: nothing stored"
                print("\nplanned \(Money.yuan(r.lines.reduce(0) { $0 + $1.amount })) of \(Money.yuan(r.budget)) over score run \(r.scoreRun.id); \(stored)")
            }
        }
    }
}
