import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook

extension Kehu {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score loyalty and strength of every active client with a playbook, and store the run.",
            discussion: """
            Each active client gets loyalty and strength (0–100, with the parts each was made of), a \
            quadrant (key, develop, watch, phase_out) and its ABC class. The run records the playbook's \
            name, version and content hash and the as-of date; the same database, playbook and date give \
            the same results. An error in the playbook stores nothing.

            Examples:
              kehu score                                  # the standard playbook, as of today
              kehu score --playbook Plugins/fmcg --as-of 2026-11-25
              kehu score --dry-run --json                 # compute and print, store nothing
            """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @OptionGroup var playbook: PlaybookOptions
        @Flag(help: "Compute and show the results without storing a run.") var dryRun = false
        @Flag(help: "Go on past a client whose hooks fail, then list every failing client (nothing is stored).") var keepGoing = false
        @Flag(help: "Print every client's scores as JSON.") var json = false
        @Flag(help: "No progress bar (it shows only on a terminal anyway).") var quiet = false

        func run() throws {
            try reportingPlaybookErrors {
                let store = try database.open()
                let session = try playbook.session(asOf: asOf.day, store: store)
                var rows: [[String: Any]] = []
                let bar = Progress(label: "score", total: 1, quiet: quiet)
                let result = try ScoreRun.run(store, session: session, dryRun: dryRun, keepGoing: keepGoing, each: json ? { s in
                    var row: [String: Any] = ["code": s.code, "loyalty": s.loyalty, "strength": s.strength, "quadrant": s.quadrant, "abc": s.abc,
                                              "loyalty_parts": JSONOutput.raw(s.loyaltyParts), "strength_parts": JSONOutput.raw(s.strengthParts)]
                    // Only when the playbook gives one, so that a run without reasons prints what it always did.
                    if let reason = s.reason { row["reason"] = reason }
                    rows.append(row)
                } : nil, progress: bar.tracker)
                bar.finish()
                if json {
                    try JSONOutput.print(rows)
                    return
                }
                let names = try Names.of(session.playbook, language: playbook.language)
                var table = TextTable(headers: ["象限 quadrant", "客户 clients", "平均忠诚 loyalty", "平均实力 strength",
                                                "近一年销售 sales 365d", "应收 receivable"])
                table.rightAligned = [1, 2, 3, 4, 5]
                for q in result.quadrants {
                    let n = Double(max(1, q.clients))
                    table.rows.append([quadrantLabel(q.quadrant, names), String(q.clients), scoreText(q.loyalty / n), scoreText(q.strength / n),
                                       Money.yuan(q.sales365), Money.yuan(q.receivable)])
                }
                print(table.render())
                let pb = result.playbook
                let stored = result.run.map { "stored as run \($0)" } ?? "dry run: nothing stored"
                print("scored \(result.count) active clients as of \(asOf.day) with \(pb.name) \(pb.version) (\(pb.hash.prefix(12))); \(stored)")
            }
        }
    }
}
