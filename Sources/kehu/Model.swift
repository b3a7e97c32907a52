import ArgumentParser
import Foundation
import KehuCore

extension Kehu {
    struct Model: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the buying model fitted to this database: BG/NBD and the learned quiet signal.",
            discussion: """
            BG/NBD is fitted by maximum likelihood to every client's repeat order days, the \
            last one's distance from the first, and the days since the first order (days \
            with an order count once). It gives c.metrics.p_alive and expected_orders_90/365.

            The quiet signal (c.metrics.p_quiet) is a logistic regression learned at the \
            as-of date less the horizon, on who then did not order in the horizon; it is \
            checked by the same recipe fitted a horizon earlier, beside the simple rules. \
            Nothing after the as-of date is read. The model is computed once per database \
            and as-of date and kept until the orders or clients change.

            Examples:
              kehu model
              kehu model --as-of 2026-06-30 --horizon 90 --json
            """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @Option(help: "Days ahead p_quiet is about (1–\(DormancyRule.maxHorizonDays)).") var horizon = DormancyRule.standard.horizonDays
        @Flag(help: "Machine-readable output.") var json = false

        func run() throws {
            let store = try database.open()
            let model = try store.read { db in try BuyingModel.current(db, asOf: asOf.day.description, horizonDays: horizon) }
            if json {
                try JSONOutput.print(Self.json(model))
            } else {
                print(Self.text(model), terminator: "")
            }
        }

        static func json(_ m: BuyingModel) -> [String: Any] {
            func fit(_ f: BGNBD.Fit) -> [String: Any] {
                ["r": f.model.r, "alpha_days": f.model.alpha, "a": f.model.a, "b": f.model.b,
                 "log_likelihood": f.logLikelihood, "clients": f.clients]
            }
            func scores(_ c: BuyingModel.Check) -> [String: Any] {
                ["fitted_at": c.fittedAt, "checked_at": c.at, "clients": c.clients, "went_quiet": c.wentQuiet,
                 "predictors": c.rows.map { r -> [String: Any] in
                     ["predictor": r.predictor, "accuracy": r.accuracy, "precision": r.precision ?? NSNull(),
                      "recall": r.recall, "called_quiet": r.calledQuiet]
                 }]
            }
            var out: [String: Any] = ["as_of": m.asOf, "horizon_days": m.horizonDays,
                                      "bgnbd": m.bgnbd.map(fit) ?? NSNull(), "bgnbd_problem": m.bgnbdProblem ?? NSNull(),
                                      "base_rhythm_days": m.baseRhythm ?? NSNull(), "quiet_problem": m.quietProblem ?? NSNull()]
            if let q = m.quiet {
                out["quiet"] = [
                    "cut": q.cut, "clients": q.clients, "went_quiet": q.wentQuiet, "bgnbd_at_cut": fit(q.bgnbdAtCut),
                    "intercept": q.regression.weights[0],
                    "features": q.regression.names.indices.map { i -> [String: Any] in
                        ["name": q.regression.names[i], "weight": q.regression.weights[i + 1],
                         "mean": q.regression.means[i], "sd": q.regression.deviations[i]]
                    },
                    "check": q.check.map(scores) ?? NSNull(), "check_problem": q.checkProblem ?? NSNull(),
                ] as [String: Any]
            } else {
                out["quiet"] = NSNull()
            }
            return out
        }

        static func text(_ m: BuyingModel) -> String {
            func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
            var lines = ["Buying model as of \(m.asOf)", ""]
            if let b = m.bgnbd {
                lines.append("BG/NBD, fitted on \(b.clients) clients with an order (log-likelihood \(f(b.logLikelihood, 2))):")
                lines.append("  r \(f(b.model.r)) · alpha \(f(b.model.alpha, 2)) days · a \(f(b.model.a)) · b \(f(b.model.b))")
                lines.append("  a new client is expected to order again on \(f(b.model.expectedOrders(in: 365), 2)) days in its first year")
            } else {
                lines.append("BG/NBD: not fitted — \(m.bgnbdProblem ?? "no data"). p_alive and expected orders are nil.")
            }
            lines.append("Base rhythm: " + (m.baseRhythm.map { "\(f($0, 1)) days between order days (median)" } ?? "none (no client ordered on two days)"))
            lines.append("")
            guard let q = m.quiet else {
                lines.append("Quiet signal (\(m.horizonDays) days): not learned — \(m.quietProblem ?? "no data"). p_quiet is nil.")
                return lines.joined(separator: "\n") + "\n"
            }
            lines.append("Quiet signal: P(no order in the next \(m.horizonDays) days), learned at \(q.cut) on \(q.clients) clients, "
                         + "\(q.wentQuiet) of whom went quiet by \(m.asOf).")
            lines.append("  weight per standard deviation (intercept \(f(q.regression.weights[0]))):")
            for i in q.regression.names.indices {
                lines.append("    " + q.regression.names[i].padding(toLength: 24, withPad: " ", startingAt: 0)
                             + f(q.regression.weights[i + 1]).leftPadded(9) + "   mean \(f(q.regression.means[i], 3)), sd \(f(q.regression.deviations[i], 3))")
            }
            lines.append("")
            if let c = q.check {
                lines.append("Checked: fitted at \(c.fittedAt), tried at \(c.at) on \(c.clients) clients (\(c.wentQuiet) went quiet in the horizon):")
                lines.append("  " + "predictor".padding(toLength: 46, withPad: " ", startingAt: 0) + "accuracy  precision  recall")
                for r in c.rows {
                    lines.append("  " + r.predictor.padding(toLength: 46, withPad: " ", startingAt: 0)
                                 + "\(f(r.accuracy * 100, 1))%".leftPadded(8) + (r.precision.map { "\(f($0 * 100, 1))%" } ?? "—").leftPadded(11)
                                 + "\(f(r.recall * 100, 1))%".leftPadded(8))
                }
            } else {
                lines.append("Not checked: \(q.checkProblem ?? "no data").")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
