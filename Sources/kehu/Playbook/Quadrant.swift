import ArgumentParser
import KehuCore
import KehuPlaybook
import LuaEngine

extension Kehu {
    struct QuadrantReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quadrant",
            abstract: "Clients per loyalty × strength quadrant, with sales, receivables and the moves since the previous run.",
            discussion: """
            Reads the latest score run (or --run N). The transition matrix counts clients by their \
            quadrant in the previous run (rows; "new" when not scored then) and in this one (columns; \
            "gone" when no longer scored).

            Examples:
              kehu quadrant
              kehu quadrant --run 3 --json
            """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("run"), help: "A score run's id (default: the latest).") var runId: Int64?
        @Flag(help: "Machine-readable output.") var json = false

        func run() throws {
            try reportingPlaybookErrors(stores: false) {
                let store = try database.open()
                let report = try store.read { try Reports.quadrants($0, run: runId) }
                if json {
                    try JSONOutput.print([
                        "run": report.run.id, "as_of": report.run.asOf, "playbook": report.run.playbook,
                        "previous_run": report.previous?.id as Any,
                        "quadrants": report.rows.map { ["quadrant": $0.quadrant, "clients": $0.clients,
                                                        "sales_365d": JSONOutput.yuan($0.sales365), "receivable": JSONOutput.yuan($0.receivable)] },
                        "moves": report.moves,
                    ].merging(report.reasons.isEmpty ? [:] : ["reasons": report.reasons.map { ["quadrant": $0.quadrant, "reason": $0.reason, "clients": $0.clients] }]) { a, _ in a })
                    return
                }
                print("score run \(report.run.id) as of \(report.run.asOf), playbook \(report.run.playbook) \(report.run.version)\n")
                var table = TextTable(headers: ["象限 quadrant", "客户 clients", "占比 share", "近一年销售 sales 365d", "应收 receivable"])
                table.rightAligned = [1, 2, 3, 4]
                let total = max(1, report.rows.reduce(0) { $0 + $1.clients })
                for r in report.rows {
                    table.rows.append([quadrantLabel(r.quadrant), String(r.clients),
                                       String(format: "%.1f%%", Double(r.clients) * 100 / Double(total)),
                                       Money.yuan(r.sales365), Money.yuan(r.receivable)])
                }
                print(table.render())
                if !report.reasons.isEmpty {
                    print("\n理由 the playbook's reasons")
                    var reasons = TextTable(headers: ["象限 quadrant", "理由 reason", "客户 clients"])
                    reasons.rightAligned = [2]
                    // The five most given per quadrant; the rest counted (a reason may name an amount, and so differ per client).
                    for q in Quadrant.allCases.map(\.rawValue) {
                        let mine = report.reasons.filter { $0.quadrant == q }
                        for r in mine.prefix(5) { reasons.rows.append([quadrantLabel(q), r.reason.escapedForTerminal, String(r.clients)]) }
                        if mine.count > 5 {
                            let rest = mine.dropFirst(5)
                            reasons.rows.append([quadrantLabel(q), "… \(rest.count) other reasons (kehu explain CODE shows each)", String(rest.reduce(0) { $0 + $1.clients })])
                        }
                    }
                    print(reasons.render())
                }
                guard let previous = report.previous else {
                    print("\nno earlier score run to compare with")
                    return
                }
                print("\n变动 moves since run \(previous.id) (as of \(previous.asOf)): rows were, columns are")
                let quadrants = Quadrant.allCases.map(\.rawValue)
                var moves = TextTable(headers: ["from \\ to"] + quadrants + ["gone"])
                moves.rightAligned = Set(1...(quadrants.count + 1))
                for from in quadrants + ["new"] where from != "new" || report.moves["new"] != nil {
                    moves.rows.append([from] + (quadrants + ["gone"]).map { to in
                        let n = report.moves[from]?[to] ?? 0
                        return from == "new" && to == "gone" ? "" : String(n)
                    })
                }
                print(moves.render())
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Why a client has its scores: each part, its value and weight, and the change since the previous run.",
            discussion: """
            Examples:
              kehu explain C000042
              kehu explain C000042 --json
            """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The client's code.") var code: String
        @Flag(help: "Machine-readable output.") var json = false

        func run() throws {
            try reportingPlaybookErrors(stores: false) {
                let store = try database.open()
                let e = try store.read { try Reports.explain($0, code: code) }
                // The run's playbook — that very version, by its hash, when it can still be
                // found (installed or shipped): its names, and its own measures of the client
                // as of the run's date. Without it, or should a measure fail, the scores are
                // explained all the same and the note says why the measures are missing.
                var pb: Playbook?
                var lookups: [String] = []   // why each way of finding it failed, for the note
                for spec in [e.run.playbook + "@" + e.run.version, e.run.playbook] where pb == nil {
                    do {
                        if let found = try PlaybookOptions.load(spec, store: store), found.hash == e.run.hash { pb = found }
                    } catch {
                        lookups.append("\(spec): \(error)")
                    }
                }
                let names = try Names.of(pb, language: "zh")
                var measures: [(name: String, value: LuaValue)] = []
                var measuresNote: String?
                if let pb, let day = Day(iso: e.run.asOf) {
                    do {
                        let session = try PlaybookSession(playbook: pb, asOf: day, language: "zh")
                        if !session.playbookMetricNames.isEmpty {
                            measures = try store.read { db in
                                try session.runtime.using(db) {
                                    let s = try ClientDirectory.summary(db, code: code, asOf: e.run.asOf, terms: session.dueTerms, dormancy: session.dormancy)
                                    return try session.playbookMetrics(s.client, s.metrics)
                                }
                            }
                        }
                    } catch {
                        measuresNote = "\(e.run.playbook)'s measures could not be computed: \(error)"
                    }
                } else if pb == nil {
                    measuresNote = "\(e.run.playbook) \(e.run.version) (\(e.run.hash.prefix(12))) is not found here: its own measures, if any, are not shown"
                        + (lookups.isEmpty ? "" : " (" + lookups.joined(separator: "; ") + ")")
                }
                if json {
                    var out: [String: Any] = [
                        "code": e.code, "name": e.name, "run": e.run.id, "as_of": e.run.asOf, "playbook": e.run.playbook,
                        "loyalty": e.score.loyalty, "strength": e.score.strength, "quadrant": e.score.quadrant, "abc": e.score.abc,
                        "loyalty_parts": JSONOutput.raw(e.score.loyaltyParts), "strength_parts": JSONOutput.raw(e.score.strengthParts),
                        "reason": e.score.reason as Any,
                        "previous": e.previous.map { ["run": $0.run.id, "as_of": $0.run.asOf, "loyalty": $0.score.loyalty,
                                                       "strength": $0.score.strength, "quadrant": $0.score.quadrant] } as Any,
                    ]
                    if !measures.isEmpty { out["playbook_metrics"] = PlaybookMeasures.json(measures) }
                    // Only when there are some: an explanation of unpruned runs reads as before.
                    if !e.prunedBetween.isEmpty { out["pruned_between"] = e.prunedBetween }
                    try JSONOutput.print(out)
                    return
                }
                print("\(e.code) \(e.name) — \(quadrantLabel(e.score.quadrant, names)), ABC \(e.score.abc)")
                if let reason = e.score.reason { print("理由 why: \(reason.escapedForTerminal)") }
                print("score run \(e.run.id) as of \(e.run.asOf), playbook \(e.run.playbook) \(e.run.version)")
                if let p = e.previous {
                    print("previous run \(p.run.id) (\(p.run.playbook) \(p.run.version)) as of \(p.run.asOf): loyalty \(scoreText(p.score.loyalty)), strength \(scoreText(p.score.strength)), \(quadrantLabel(p.score.quadrant, names))")
                }
                if !e.prunedBetween.isEmpty {
                    let runs = e.prunedBetween.map(String.init).joined(separator: ", ")
                    print("run\(e.prunedBetween.count == 1 ? "" : "s") \(runs) kept no parts (kehu runs prune): "
                          + (e.previous == nil ? "no change can be shown" : "changes are since run \(e.previous!.run.id)"))
                }
                for (title, total, before, parts) in [("忠诚度 loyalty", e.score.loyalty, e.previous?.score.loyalty, e.loyalty),
                                                      ("实力 strength", e.score.strength, e.previous?.score.strength, e.strength)] {
                    let change = before.map { String(format: " (%+.1f since the previous run)", total - $0) } ?? ""
                    print("\n\(title) \(scoreText(total))\(change)")
                    // A change is split into what the client's measure moved and what a new
                    // weight moved, when the weights differ between the runs.
                    let reweighted = parts.contains { p in zip2(p.weight, p.previousWeight).map { abs($0 - $1) > 1e-9 } ?? false }
                    var table = TextTable(headers: ["part", "value", "weight", "points", "change"]
                                          + (reweighted ? ["by value", "by weight"] : []) + ["note"])
                    table.rightAligned = reweighted ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4]
                    for p in parts {
                        let delta = zip2(p.points, p.previousPoints).map { String(format: "%+.1f", $0 - $1) } ?? ""
                        let split = reweighted ? (p.change.map { [String(format: "%+.1f", $0.value), String(format: "%+.1f", $0.weight)] } ?? ["", ""]) : []
                        table.rows.append([p.name, p.value, p.weight.map { String(format: "%.2f", $0) } ?? "",
                                           p.points.map(scoreText) ?? "", delta] + split + [p.note])
                    }
                    print(table.render())
                }
                if !measures.isEmpty {
                    print("\n\(e.run.playbook)'s measures as of \(e.run.asOf):")
                    for m in measures { print("  \(m.name) = \(PlaybookMeasures.text(m.value))") }
                }
                if let measuresNote { print("\nnote: \(measuresNote.escapedForTerminal)") }
            }
        }

        func zip2(_ a: Double?, _ b: Double?) -> (Double, Double)? {
            guard let a, let b else { return nil }
            return (a, b)
        }
    }
}
