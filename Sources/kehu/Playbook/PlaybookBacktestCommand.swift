import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook

extension Kehu.PlaybookCommand {
    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score as of a past date with only the data up to it, and check against what happened next.",
            discussion: """
            The playbook scores a copy of the data as it stood at the end of --as-of (later orders, \
            payments, interactions and answers are not in it; every client on file then counts as \
            active). Then the horizon after that date is read from the real database:

              key, watch   hit when the client stayed (ordered in the horizon)
              develop      hit when it grew (sold more in the horizon than in as long before)
              phase_out    hit when it stopped (no order in the horizon)
              credit flags credit_guard and payment_reminder follow-ups drafted as of the date hit
                           when the client owes money past its terms at the horizon's end;
                           clients without a flag are the baseline

            Nothing is stored.

            Examples:
              kehu playbook backtest standard --as-of 2026-05-29
              kehu playbook backtest ./acme --as-of 2025-11-25 --horizon 1y
              kehu playbook backtest fmcg --as-of 2026-05-29 --json > backtest.json
            """)

        @Argument(help: "The playbook (a folder or a shipped name).") var playbook: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var seed: SeedOption
        @Option(help: ArgumentHelp("The past date to score as of.", valueName: "date"), transform: Day.argument) var asOf: Day
        @Option(help: ArgumentHelp("How long after it to look: 180d, 26w, 6m (30-day months), 1y (365 days).", valueName: "span"))
        var horizon: String = "180d"
        @Flag(help: "No progress bar (it shows only on a terminal anyway).") var quiet = false
        @Flag(help: "Everything as JSON, with every client's outcome.") var json = false
        @Flag(help: "Go on past a client whose hook fails, then list every failing client.") var keepGoing = false

        /// Days in a span like `180d`, `26w`, `6m`, `1y` or `90`.
        static func days(_ span: String) -> Int? {
            let text = span.trimmingCharacters(in: .whitespaces).lowercased()
            let units: [Character: Int] = ["d": 1, "w": 7, "m": 30, "y": 365]
            var days: Int?
            if let last = text.last, let unit = units[last], let n = Int(text.dropLast()), (1...3650).contains(n) { days = n * unit }
            else if let n = Int(text) { days = n }
            return days.flatMap { (1...KehuPlaybook.Backtest.maxHorizonDays).contains($0) ? $0 : nil }
        }

        func validate() throws {
            guard let days = Self.days(horizon) else {
                throw ValidationError("--horizon expects a span like 180d, 26w, 6m or 1y (at most 10 years), found '\(horizon)'")
            }
            if asOf.adding(days: days) > Day.supported.upperBound {
                throw ValidationError("--horizon \(horizon) after \(asOf) ends past \(Day.supported.upperBound), the last date Kehu handles")
            }
        }

        func run() throws {
            try reportingPlaybookErrors(stores: false) {
                let store = try database.open()
                let session = try PlaybookOptions.session(playbook, asOf: asOf, language: "zh", store: store, seed: seed.run)
                let bar = Progress(label: "backtest", total: 1, quiet: quiet)
                let r = try KehuPlaybook.Backtest.run(store, session: session, horizonDays: Self.days(horizon)!, keepGoing: keepGoing, progress: bar.tracker)
                bar.finish()
                // Outcomes are partial when the horizon runs past today or past the data.
                let known = [Day.today, r.dataEnd].compactMap { $0 }.min()
                let partial = known.map { r.end > $0 } ?? false
                if json {
                    try JSONOutput.print(Self.json(r, partial: partial))
                    return
                }
                print(try render(r))
                if partial {
                    print("note: the horizon ends on \(r.end), after the last day known (\(known!), the data's last order or payment or today): the outcomes are partial, and 'stopped' counts clients that may yet order")
                }
            }
        }

        static func percent(_ n: Int, of total: Int) -> String {
            total == 0 ? "—" : String(format: "%.1f%%", 100 * Double(n) / Double(total))
        }

        func render(_ r: KehuPlaybook.Backtest.Result) throws -> String {
            let p = r.playbook
            var out = "backtest of \(p.name) \(p.version) (\(p.hash.prefix(12))) as of \(r.asOf), horizon \(r.asOf.days(to: r.end)) days to \(r.end); \(r.clients.count) clients on file then\n\n"
            let names: Names? = try Names.of(p, language: "zh")
            var q = TextTable(headers: ["象限 quadrant", "客户 clients", "留存 stayed", "增长 grew", "停购 stopped", "预期 expected", "命中率 hit rate"])
            q.rightAligned = [1, 2, 3, 4, 6]
            for row in r.quadrants {
                let pct = { (n: Int) in Self.percent(n, of: row.clients) }
                q.rows.append([quadrantLabel(row.quadrant, names), String(row.clients), pct(row.stayed), pct(row.grew), pct(row.stopped),
                               row.expected == "rule" ? "\(p.name)'s rule" : row.expected, pct(row.hits)])
            }
            out += q.render() + "\n\n信用风险 credit flags: " + (r.flagRuleIsThePlaybooks ? "came true by \(p.name)'s rule" : "owing past due on \(r.end)") + "\n"
            var f = TextTable(headers: ["标记 flag", "客户 clients", "逾期 went overdue", "比例 rate"])
            f.rightAligned = [1, 2, 3]
            for row in r.flags {
                f.rows.append([row.flag == "none" ? "none (baseline)" : nameLabel(names?.kind(row.flag) ?? row.flag, code: row.flag), String(row.clients), String(row.wentOverdue),
                               Self.percent(row.wentOverdue, of: row.clients)])
            }
            out += f.render()
            if let qc = r.quiet {
                out += "\n\n停购预测 who went quiet (no order in the horizon): \(qc.wentQuiet) of \(qc.clients) clients that had ordered by \(r.asOf)\n"
                var t = TextTable(headers: ["预测 predictor", "准确率 accuracy", "精确率 precision", "召回率 recall"])
                t.rightAligned = [1, 2, 3]
                for row in qc.rows {
                    t.rows.append([row.predictor, String(format: "%.1f%%", row.accuracy * 100),
                                   row.precision.map { String(format: "%.1f%%", $0 * 100) } ?? "—", String(format: "%.1f%%", row.recall * 100)])
                }
                out += t.render()
            }
            return out
        }

        static func json(_ r: KehuPlaybook.Backtest.Result, partial: Bool) -> [String: Any] {
            [
                "playbook": ["name": r.playbook.name, "version": r.playbook.version, "hash": r.playbook.hash],
                "as_of": r.asOf.description, "end": r.end.description, "data_end": r.dataEnd?.description ?? NSNull(), "horizon_days": r.asOf.days(to: r.end),
                "partial": partial,
                "quadrants": r.quadrants.map { q -> [String: Any] in
                    ["quadrant": q.quadrant, "clients": q.clients, "stayed": q.stayed, "grew": q.grew, "stopped": q.stopped,
                     "expected": q.expected, "hits": q.hits]
                },
                "flags": r.flags.map { ["flag": $0.flag, "clients": $0.clients, "went_overdue": $0.wentOverdue] as [String: Any] },
                "went_quiet": r.quiet.map { qc -> [String: Any] in
                    ["clients": qc.clients, "went_quiet": qc.wentQuiet,
                     "predictors": qc.rows.map { row -> [String: Any] in
                         ["predictor": row.predictor, "accuracy": row.accuracy, "precision": row.precision ?? NSNull(),
                          "recall": row.recall, "called_quiet": row.calledQuiet]
                     }]
                } ?? NSNull(),
                "clients": r.clients.map { c -> [String: Any] in
                    ["client": c.code, "quadrant": c.quadrant, "loyalty": c.loyalty, "strength": c.strength, "flags": c.flags,
                     "sales_before": JSONOutput.yuan(c.salesBefore), "sales_after": JSONOutput.yuan(c.salesAfter),
                     "orders_after": c.ordersAfter, "overdue_at_end": JSONOutput.yuan(c.overdueAtEnd)]
                },
            ]
        }
    }
}
