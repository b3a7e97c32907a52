import Foundation
import KehuCore
import LuaEngine

/// `kehu playbook backtest`: score as of a past date on a copy of the data as it stood then
/// (``KehuDatabase/snapshot(asOf:)``: the playbook cannot see later rows, they are not
/// there), then look at what happened in the horizon after it.
///
/// What counts as a hit is the playbook's (`outcomes` in its init.lua, the standard
/// playbook's by default): per quadrant, that its clients *stayed* (ordered in the horizon),
/// *grew* (sold more in the horizon than in as long before it), *stopped* (no order in it),
/// or what a function of the client's horizon says; and which follow-up kinds drafted as of
/// the date are credit flags, which hit when the client owes money past due (by the
/// playbook's `due`) at the horizon's end, or when the playbook's function says so. Clients
/// without a flag are the baseline.
public enum Backtest {
    /// Ten years: longer says nothing about a playbook.
    public static let maxHorizonDays = 3650

    public struct ClientOutcome: Sendable, Equatable {
        public var code: String
        public var quadrant: String
        public var loyalty: Double, strength: Double
        /// Credit flags drafted as of the date.
        public var flags: [String]
        /// Sales (fen) in the horizon's length before the date, and in the horizon.
        public var salesBefore: Int64, salesAfter: Int64
        public var ordersAfter: Int
        /// Overdue (fen) at the horizon's end.
        public var overdueAtEnd: Int64
        public var stayed: Bool { ordersAfter > 0 }
        public var grew: Bool { salesAfter > salesBefore }
        public var stopped: Bool { ordersAfter == 0 }
        public var wentOverdue: Bool { overdueAtEnd > 0 }
        /// Whether the client did what its quadrant expects, and whether its credit flag (if
        /// any) came true — by the playbook's rules.
        public var hit = false
        public var flagCameTrue = false
        public func outcome(_ name: String) -> Bool {
            switch name {
            case "stayed": return stayed
            case "grew": return grew
            case "stopped": return stopped
            default: return wentOverdue
            }
        }
    }

    public struct QuadrantRow: Sendable, Equatable {
        public var quadrant: String
        public var clients: Int
        public var stayed: Int, grew: Int, stopped: Int
        /// The outcome this quadrant is expected to show, and how many showed it.
        public var expected: String
        public var hits: Int
    }

    public struct FlagRow: Sendable, Equatable {
        /// A flag's kind, or "none" for the clients without a credit flag.
        public var flag: String
        public var clients: Int
        public var wentOverdue: Int
    }

    public struct Result: Sendable {
        public var playbook: Playbook
        public var asOf: Day
        public var end: Day
        /// The last day the data has an order or a payment on.
        public var dataEnd: Day?
        public var quadrants: [QuadrantRow]
        public var flags: [FlagRow]
        public var clients: [ClientOutcome]
        /// Whether a credit flag's coming true was judged by the playbook's own function
        /// (else: owing past due, by the playbook's `due`, at the horizon's end).
        public var flagRuleIsThePlaybooks: Bool
        /// "No order within the horizon", foretold as of the date by `dormant`, the learned
        /// `p_quiet` (for this horizon), BG/NBD and the simple rules, on the clients that had
        /// ordered by then.
        public var quiet: QuietCheck?
    }

    public struct QuietCheck: Sendable {
        public var clients: Int
        public var wentQuiet: Int
        public var rows: [BuyingModel.Score]
    }

    /// A client's horizon as the playbook's outcome functions see it (money in yuan).
    static func horizon(_ o: ClientOutcome) -> LuaTable {
        var t = LuaTable()
        t["code"] = .string(LuaString(o.code))
        t["quadrant"] = .string(LuaString(o.quadrant))
        t["loyalty"] = .number(o.loyalty)
        t["strength"] = .number(o.strength)
        t["flags"] = .table(LuaTable(array: o.flags.map { .string(LuaString($0)) }))
        t["sales_before"] = .number(Double(o.salesBefore) / 100)
        t["sales_after"] = .number(Double(o.salesAfter) / 100)
        t["orders_after"] = .integer(Int64(o.ordersAfter))
        t["overdue_at_end"] = .number(Double(o.overdueAtEnd) / 100)
        return t
    }

    /// - Parameter progress: clients scored, then drafted for, as of the date, of twice those
    ///   on file then.
    /// - Parameter keepGoing: go on past a client whose hooks fail, then fail listing every
    ///   such client (of the scores, else of the follow-ups).
    public static func run(_ store: KehuDatabase, session: PlaybookSession, horizonDays: Int, keepGoing: Bool = false,
                           progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> Result {
        guard (1...maxHorizonDays).contains(horizonDays) else {
            throw PlaybookError.run("the horizon must be between 1 and \(maxHorizonDays) days")
        }
        let asOf = session.runtime.asOf
        let end = asOf.adding(days: horizonDays)
        let start = asOf.adding(days: -horizonDays)

        // The past, alone: score and draft as the playbook would have then, on a copy in a
        // temporary file that goes when the backtest does.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-backtest-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let past = try store.snapshot(asOf: asOf, file: file)
        var scores: [ClientScore] = []
        _ = try ScoreRun.run(past, session: session, dryRun: true, keepGoing: keepGoing, each: { scores.append($0) }, progress: { done, total in
            progress?(done, 2 * total)
        })
        let count = scores.count
        var flags: [Int64: [String]] = [:]
        let drafted = try FollowupRun.run(past, session: session, dryRun: true, keepGoing: keepGoing, progress: { done, total in
            progress?(count + done * count / max(total, 1), 2 * count)
        }).drafted
        let rules = session.outcomes
        for f in drafted where rules.creditFlags.contains(f.kind) {
            if !(flags[f.clientId]?.contains(f.kind) ?? false) { flags[f.clientId, default: []].append(f.kind) }
        }

        // What happened next, from the real database.
        let (sales, overdue, dataEnd) = try store.read { db in
            let sales = try ClientHistory.salesAround(db, asOf: asOf.description, start: start.description, end: end.description)
            // The playbook's due, asked as of the horizon's end (kehu.today() is that day there).
            let later = session.dueTerms == nil ? try MetricsEngine.compute(db, asOf: end.description)
                : try PlaybookSession(playbook: session.playbook, asOf: end, language: session.runtime.language).metrics(db, asOf: end.description)
            return (sales, Dictionary(uniqueKeysWithValues: later.map { ($0.clientId, $0.overdue) }), try ClientHistory.lastActivityDate(db))
        }

        var outcomes = scores.map { s in
            let (before, after, orders) = sales[s.clientId] ?? (0, 0, 0)
            return ClientOutcome(code: s.code, quadrant: s.quadrant, loyalty: s.loyalty, strength: s.strength,
                                 flags: flags[s.clientId] ?? [], salesBefore: before, salesAfter: after, ordersAfter: orders,
                                 overdueAtEnd: overdue[s.clientId] ?? 0)
        }
        // The playbook's own rules, asked once per client they concern.
        for i in outcomes.indices {
            let o = outcomes[i]
            if let rule = rules.rules[o.quadrant] {
                outcomes[i].hit = try session.judge(rule, horizon(o), what: "outcomes.\(o.quadrant)", client: o.code)
            } else {
                outcomes[i].hit = o.outcome(rules.expected[o.quadrant] ?? "stayed")
            }
            if let rule = rules.flagRule {
                outcomes[i].flagCameTrue = try session.judge(rule, horizon(o), what: "outcomes.credit_flag_came_true", client: o.code)
            } else {
                outcomes[i].flagCameTrue = o.wentOverdue
            }
        }
        let quadrants = Quadrant.allCases.map(\.rawValue).map { q -> QuadrantRow in
            let group = outcomes.filter { $0.quadrant == q }
            return QuadrantRow(quadrant: q, clients: group.count, stayed: group.filter(\.stayed).count,
                               grew: group.filter(\.grew).count, stopped: group.filter(\.stopped).count,
                               expected: rules.expected[q] ?? "stayed", hits: group.filter(\.hit).count)
        }
        let flagRows = (rules.creditFlags + ["none"]).map { flag -> FlagRow in
            let group = outcomes.filter { flag == "none" ? $0.flags.isEmpty : $0.flags.contains(flag) }
            return FlagRow(flag: flag, clients: group.count, wentOverdue: group.filter(\.flagCameTrue).count)
        }
        // Who went quiet: the signals as of the date, computed on the past alone, with the
        // playbook's dormancy and the backtest's horizon.
        var rule = session.dormancy
        rule.horizonDays = horizonDays
        let past90 = BuyingModel.recencyRuleDays
        let then = try past.read { try MetricsEngine.compute($0, asOf: asOf.description, dormancy: rule) }.filter { $0.orderDays > 0 }
        let actual = then.map { (sales[$0.clientId]?.2 ?? 0) == 0 }
        var rows = [BuyingModel.Score(predictor: "metrics.dormant", predicted: then.map(\.dormant), actual: actual)]
        if then.allSatisfy({ $0.pQuiet != nil }) && !then.isEmpty {
            rows.append(BuyingModel.Score(predictor: "learned: p_quiet ≥ 0.5", predicted: then.map { $0.pQuiet! >= 0.5 }, actual: actual))
        }
        if then.allSatisfy({ $0.pAlive != nil }) && !then.isEmpty {
            rows.append(BuyingModel.Score(predictor: "BG/NBD: p_alive < 0.5", predicted: then.map { $0.pAlive! < 0.5 }, actual: actual))
        }
        rows.append(BuyingModel.Score(predictor: "no order in the last \(past90) days", predicted: then.map { ($0.daysSinceLastOrder ?? 0) >= past90 }, actual: actual))
        rows.append(BuyingModel.Score(predictor: "everyone quiet", predicted: then.map { _ in true }, actual: actual))
        let quiet = QuietCheck(clients: then.count, wentQuiet: actual.filter { $0 }.count, rows: rows)
        return Result(playbook: session.playbook, asOf: asOf, end: end, dataEnd: dataEnd.flatMap(Day.init(iso:)),
                      quadrants: quadrants, flags: flagRows, clients: outcomes, flagRuleIsThePlaybooks: rules.flagRuleIsThePlaybooks,
                      quiet: quiet)
    }
}
