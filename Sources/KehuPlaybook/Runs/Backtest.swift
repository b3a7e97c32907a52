import Foundation
import KehuCore

/// `kehu playbook backtest`: score as of a past date on a copy of the data as it stood then
/// (``KehuDatabase/snapshot(asOf:)``: the playbook cannot see later rows, they are not
/// there), then look at what happened in the horizon after it.
///
/// What counts as a hit, per quadrant: `key` and `watch` clients *stayed* (ordered in the
/// horizon), `develop` clients *grew* (sold more in the horizon than in as long before
/// it), `phase_out` clients *stopped* (no order in the horizon). Credit flags (the
/// `credit_guard` and `payment_reminder` follow-ups drafted as of the date) hit when the
/// client owes money past its terms at the horizon's end; clients without a flag are the
/// baseline.
public enum Backtest {
    /// What each quadrant is expected to do.
    public static let expectation: [String: String] = ["key": "stayed", "develop": "grew", "watch": "stayed", "phase_out": "stopped"]
    /// Ten years: longer says nothing about a playbook.
    public static let maxHorizonDays = 3650
    /// The follow-up kinds that flag a credit risk.
    public static let creditFlags = ["credit_guard", "payment_reminder"]

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
    }

    /// - Parameter progress: clients scored, then drafted for, as of the date, of twice those
    ///   on file then.
    public static func run(_ store: KehuDatabase, session: PlaybookSession, horizonDays: Int,
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
        _ = try ScoreRun.run(past, session: session, dryRun: true, each: { scores.append($0) }, progress: { done, total in
            progress?(done, 2 * total)
        })
        let count = scores.count
        var flags: [Int64: [String]] = [:]
        let drafted = try FollowupRun.run(past, session: session, dryRun: true, progress: { done, total in
            progress?(count + done * count / max(total, 1), 2 * count)
        }).drafted
        for f in drafted where creditFlags.contains(f.kind) {
            if !(flags[f.clientId]?.contains(f.kind) ?? false) { flags[f.clientId, default: []].append(f.kind) }
        }

        // What happened next, from the real database.
        let (sales, overdue, dataEnd) = try store.read { db in
            let sales = try ClientHistory.salesAround(db, asOf: asOf.description, start: start.description, end: end.description)
            let later = try session.metrics(db, asOf: end.description)
            return (sales, Dictionary(uniqueKeysWithValues: later.map { ($0.clientId, $0.overdue) }), try ClientHistory.lastActivityDate(db))
        }

        let outcomes = scores.map { s in
            let (before, after, orders) = sales[s.clientId] ?? (0, 0, 0)
            return ClientOutcome(code: s.code, quadrant: s.quadrant, loyalty: s.loyalty, strength: s.strength,
                                 flags: flags[s.clientId] ?? [], salesBefore: before, salesAfter: after, ordersAfter: orders,
                                 overdueAtEnd: overdue[s.clientId] ?? 0)
        }
        let quadrants = Quadrant.allCases.map(\.rawValue).map { q -> QuadrantRow in
            let group = outcomes.filter { $0.quadrant == q }
            let expected = expectation[q] ?? "stayed"
            return QuadrantRow(quadrant: q, clients: group.count, stayed: group.filter(\.stayed).count,
                               grew: group.filter(\.grew).count, stopped: group.filter(\.stopped).count,
                               expected: expected, hits: group.filter { $0.outcome(expected) }.count)
        }
        let flagRows = (creditFlags + ["none"]).map { flag -> FlagRow in
            let group = outcomes.filter { flag == "none" ? $0.flags.isEmpty : $0.flags.contains(flag) }
            return FlagRow(flag: flag, clients: group.count, wentOverdue: group.filter(\.wentOverdue).count)
        }
        return Result(playbook: session.playbook, asOf: asOf, end: end, dataEnd: dataEnd.flatMap(Day.init(iso:)),
                      quadrants: quadrants, flags: flagRows, clients: outcomes)
    }
}
