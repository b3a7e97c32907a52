import Foundation
import KehuCore

/// `kehu playbook diff A B`: what changes for the dealer if B replaces A — each playbook
/// scores, plans and drafts over the same database as of the same date, and nothing is stored.
public enum PlaybookDiff {
    /// What one playbook decided.
    public struct Side: Sendable {
        public var playbook: Playbook
        /// In client-code order.
        public var scores: [ClientScore]
        public var allocation: [AllocationLine]
        public var followups: [Followup]
    }

    /// A client whose quadrant differs between A and B.
    public struct Move: Sendable, Equatable {
        public var code: String
        public var name: String
        public var from: String, to: String
        public var loyalty: (a: Double, b: Double)
        public var strength: (a: Double, b: Double)
        public var sales365: Int64
        public static func == (l: Move, r: Move) -> Bool {
            l.code == r.code && l.from == r.from && l.to == r.to && l.sales365 == r.sales365
        }
    }

    /// An amount under A and under B (fen), for one quadrant or one resource.
    public struct Shift: Sendable, Equatable {
        public var key: String
        public var a: Int64, b: Int64
        public var change: Int64 { b - a }
    }

    public struct Result: Sendable {
        public var a: Side, b: Side
        public var budget: Int64
        public var resources: [String]
        /// Clients by quadrant under A (rows) and under B (columns), in report order.
        public var matrix: [String: [String: Int]]
        /// Clients whose quadrant changes, largest trailing-year sales first.
        public var moves: [Move]
        public var byQuadrant: [Shift]
        public var byResource: [Shift]
        /// Follow-ups B drafts that A does not, and the other way round (by client, kind and contact).
        public var added: [Followup]
        public var removed: [Followup]
        /// The same client, kind and contact under both, drafted differently: A's and B's,
        /// and what differs (`message`, `priority`, `due`, `channel`).
        public var changed: [(a: Followup, b: Followup, fields: [String])]
        public var isEmpty: Bool {
            moves.isEmpty && added.isEmpty && removed.isEmpty && changed.isEmpty
                && byQuadrant.allSatisfy { $0.change == 0 } && byResource.allSatisfy { $0.change == 0 }
        }
    }

    /// - Parameter progress: clients scored and drafted for by both playbooks so far, of four
    ///   times the active ones.
    public static func run(_ store: KehuDatabase, a: PlaybookSession, b: PlaybookSession, budget: Int64,
                           resources: [String] = AllocateRun.defaultResources,
                           progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> Result {
        guard budget >= 0 else { throw PlaybookError.run("the budget must not be negative") }
        let left = try side(store, a, budget: budget, resources: resources) { done, total in progress?(done, 4 * total) }
        let right = try side(store, b, budget: budget, resources: resources) { done, total in progress?(2 * total + done, 4 * total) }
        let names = try store.read { db in try ClientHistory.clients(db).mapValues(\.name) }

        let quadrants = Quadrant.allCases.map(\.rawValue)
        var matrix = Dictionary(uniqueKeysWithValues: quadrants.map { ($0, Dictionary(uniqueKeysWithValues: quadrants.map { ($0, 0) })) })
        let before = Dictionary(uniqueKeysWithValues: left.scores.map { ($0.clientId, $0) })
        var moves: [Move] = []
        for s in right.scores {
            guard let was = before[s.clientId] else { continue }
            matrix[was.quadrant, default: [:]][s.quadrant, default: 0] += 1
            if was.quadrant != s.quadrant {
                moves.append(Move(code: s.code, name: names[s.clientId] ?? "", from: was.quadrant, to: s.quadrant,
                                  loyalty: (was.loyalty, s.loyalty), strength: (was.strength, s.strength), sales365: s.sales365))
            }
        }
        moves.sort { ($0.sales365, $1.code) > ($1.sales365, $0.code) }

        func shifts(_ key: (AllocationLine) -> String, order: [String]) -> [Shift] {
            var a: [String: Int64] = [:], b: [String: Int64] = [:]
            for l in left.allocation { a[key(l), default: 0] += l.amount }
            for l in right.allocation { b[key(l), default: 0] += l.amount }
            let extra = Set(a.keys).union(b.keys).subtracting(order).sorted()
            return (order + extra).map { Shift(key: $0, a: a[$0] ?? 0, b: b[$0] ?? 0) }
        }

        func identity(_ f: Followup) -> String { "\(f.clientId)\u{1}\(f.kind)\u{1}\(f.contact)" }
        let leftKeys = Set(left.followups.map(identity)), rightKeys = Set(right.followups.map(identity))
        func named(_ f: Followup) -> Followup {
            var f = f
            f.clientName = names[f.clientId] ?? ""
            return f
        }
        return Result(a: left, b: right, budget: budget, resources: resources, matrix: matrix, moves: moves,
                      byQuadrant: shifts(\.quadrant, order: quadrants), byResource: shifts(\.resource, order: resources),
                      added: right.followups.filter { !leftKeys.contains(identity($0)) }.map(named),
                      removed: left.followups.filter { !rightKeys.contains(identity($0)) }.map(named),
                      changed: changes(left.followups, right.followups, identity: identity).map { (named($0.a), named($0.b), $0.fields) })
    }

    /// Follow-ups of the same identity under both sides whose words, priority, due date or
    /// channel differ, in B's order.
    static func changes(_ a: [Followup], _ b: [Followup], identity: (Followup) -> String) -> [(a: Followup, b: Followup, fields: [String])] {
        var before: [String: Followup] = [:]
        for f in a where before[identity(f)] == nil { before[identity(f)] = f }
        return b.compactMap { f in
            guard let old = before[identity(f)] else { return nil }
            let fields = [("message", old.message != f.message), ("priority", old.priority != f.priority),
                          ("due", old.due != f.due), ("channel", old.channel != f.channel)].filter(\.1).map(\.0)
            return fields.isEmpty ? nil : (old, f, fields)
        }
    }

    /// Scores (a dry run: rolled back), plans over those scores and drafts follow-ups.
    static func side(_ store: KehuDatabase, _ session: PlaybookSession, budget: Int64, resources: [String],
                     progress: @escaping (Int, Int) -> Void) throws -> Side {
        var scores: [ClientScore] = []
        // `progress` hears of the side's own work: scores, then drafts, each over its clients.
        _ = try ScoreRun.run(store, session: session, dryRun: true, each: { scores.append($0) }, progress: progress)
        let plan = try store.read { db in
            try AllocateRun.plan(db, session: session, scores: scores, budget: budget, resources: resources)
        }
        let count = scores.count
        let followups = try FollowupRun.run(store, session: session, dryRun: true, progress: { done, total in
            progress(count + done * count / max(total, 1), count)
        }).drafted
        return Side(playbook: session.playbook, scores: scores, allocation: plan.flatMap(\.lines), followups: followups)
    }
}
