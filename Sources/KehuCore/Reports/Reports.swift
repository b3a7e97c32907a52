import GRDB

/// Reading stored runs back: quadrant summaries and moves, a client's explanation, a rep's day.
public enum Reports {
    public struct QuadrantRow: Sendable, Equatable {
        public var quadrant: String
        public var clients: Int
        public var sales365: Int64
        public var receivable: Int64
    }

    public struct QuadrantReport: Sendable {
        public var run: RunInfo
        public var previous: RunInfo?
        public var rows: [QuadrantRow]
        /// Moves since the previous run: from (a quadrant, or "new") → to (a quadrant, or "gone") → clients.
        public var moves: [String: [String: Int]]
        /// The reasons the playbook gave, per quadrant in report order, the most given first.
        public var reasons: [(quadrant: String, reason: String, clients: Int)] = []
    }

    /// The latest score run (or `run`) per quadrant, with the moves since the run before it.
    public static func quadrants(_ db: StoreConnection, run id: Int64? = nil) throws -> QuadrantReport {
        let run = try id.flatMap { try RunStore.run(db, id: $0) } ?? RunStore.latest(db, kind: .score)
        guard let run, run.kind == .score else {
            throw ReportError(id == nil ? "no score run yet — run 'kehu score' first" : "no score run \(id!)")
        }
        let scores = try RunStore.scores(db, run: run.id)
        var rows = Quadrant.allCases.map { QuadrantRow(quadrant: $0.rawValue, clients: 0, sales365: 0, receivable: 0) }
        for s in scores {
            guard let i = rows.firstIndex(where: { $0.quadrant == s.quadrant }) else { continue }
            rows[i].clients += 1
            rows[i].sales365 += s.sales365
            rows[i].receivable += s.receivable
        }
        let previous = try RunStore.latest(db, kind: .score, before: run.id)
        var moves: [String: [String: Int]] = [:]
        if let previous {
            let before = Dictionary(uniqueKeysWithValues: try RunStore.scores(db, run: previous.id).map { ($0.clientId, $0.quadrant) })
            var seen: Set<Int64> = []
            for s in scores {
                seen.insert(s.clientId)
                moves[before[s.clientId] ?? "new", default: [:]][s.quadrant, default: 0] += 1
            }
            for (id, q) in before where !seen.contains(id) { moves[q, default: [:]]["gone", default: 0] += 1 }
        }
        var given: [String: [String: Int]] = [:]
        for s in scores { if let r = s.reason { given[s.quadrant, default: [:]][r, default: 0] += 1 } }
        let reasons = Quadrant.allCases.flatMap { q in
            (given[q.rawValue] ?? [:]).sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { (q.rawValue, $0.key, $0.value) }
        }
        return QuadrantReport(run: run, previous: previous, rows: rows, moves: moves, reasons: reasons)
    }

    /// One part of a score, with what it was in the previous run.
    public struct ExplainedPart: Sendable, Equatable {
        public var name: String
        public var value: String
        public var weight: Double?
        public var points: Double?
        public var previousPoints: Double?
        public var previousWeight: Double?
        public var note: String

        /// A change in points split in two (when both runs give the part a weight): what
        /// the client's own measure moved, at the old weight, `w₀ × (s₁ − s₀)`, and what the
        /// playbook's reweighting moved, at the new measure, `(w₁ − w₀) × s₁` — where `s`
        /// is the part's sub-score, points ÷ weight. They add up to the change.
        public var change: (value: Double, weight: Double)? {
            guard let p1 = points, let p0 = previousPoints, let w1 = weight, let w0 = previousWeight, w1 > 0, w0 > 0 else { return nil }
            let s1 = p1 / w1, s0 = p0 / w0
            return (w0 * (s1 - s0), (w1 - w0) * s1)
        }
    }

    public struct Explanation: Sendable {
        public var code: String
        public var name: String
        public var run: RunInfo
        public var score: ClientScore
        public var previous: (run: RunInfo, score: ClientScore)?
        public var loyalty: [ExplainedPart]
        public var strength: [ExplainedPart]
        /// Runs between `previous` (or the first) and this one whose detail was pruned: the
        /// change is not against them.
        public var prunedBetween: [Int64] = []
    }

    /// Why a client has its latest scores, part by part, against its previous scores.
    public static func explain(_ db: StoreConnection, code: String) throws -> Explanation {
        guard let client = try ClientHistory.client(db, code: code) else { throw KehuError.unknownClient(code: code) }
        let history = try RunStore.history(db, clientId: client.id!)
        guard let last = history.last else {
            throw ReportError("client \(code) has no scores yet — run 'kehu score' first")
        }
        if last.score.partsPruned {
            throw ReportError("run \(last.run.id)'s detail was pruned\(last.run.prunedOn.map { " on \($0)" } ?? "") (kehu runs prune): "
                + "its scores are kept, the parts that explain them are not — run 'kehu score' to explain today's")
        }
        // Compared with the latest earlier run whose parts are kept (the explanation names it).
        let previous = history.dropLast().last { !$0.score.partsPruned }
        var e = Explanation(code: code, name: client.name, run: last.run, score: last.score,
                            previous: previous.map { ($0.run, $0.score) },
                            loyalty: parts(last.score.loyaltyParts, before: previous?.score.loyaltyParts),
                            strength: parts(last.score.strengthParts, before: previous?.score.strengthParts))
        e.prunedBetween = history.dropLast().filter { $0.score.partsPruned && $0.run.id > (previous?.run.id ?? 0) }.map(\.run.id)
        return e
    }

    static func parts(_ json: String, before: String?) -> [ExplainedPart] {
        func list(_ text: String?) -> [[String: JSONValue.Node]] {
            guard let text, case .array(let a)? = JSONValue.parse(text) else { return [] }
            return a.compactMap { if case .object(let o) = $0 { return o } else { return nil } }
        }
        func number(_ n: JSONValue.Node?) -> Double? { if case .number(let d)? = n { return d } else { return nil } }
        func text(_ n: JSONValue.Node?) -> String {
            switch n {
            case .string(let s)?: return s
            case .number(let d)?: return JSONValue.number((d * 1000).rounded() / 1000)
            case .bool(let b)?: return b ? "yes" : "no"
            default: return ""
            }
        }
        let old = Dictionary(list(before).map { (text($0["name"]), (number($0["points"]), number($0["weight"]))) }, uniquingKeysWith: { a, _ in a })
        return list(json).map { p in
            let name = text(p["name"])
            return ExplainedPart(name: name, value: text(p["value"]), weight: number(p["weight"]), points: number(p["points"]),
                                 previousPoints: old[name]?.0 ?? nil, previousWeight: old[name]?.1 ?? nil, note: text(p["note"]))
        }
    }

    /// A rep's day, "big rocks first": follow-ups of key clients and risks (priority 1) before
    /// the rest, then by due date. A follow-up whose contact was reached more recently than
    /// they like to be contacted waits (it is listed in `waiting`), unless it is a risk
    /// (priority 1).
    public struct Agenda: Sendable {
        public var date: String
        public var owner: String?
        public var bigRocks: [AgendaEntry]
        public var rest: [AgendaEntry]
        public var waiting: [(entry: AgendaEntry, until: String)]
    }

    public static func agenda(_ db: StoreConnection, owner: String?, date: Day) throws -> Agenda {
        var big: [AgendaEntry] = [], rest: [AgendaEntry] = [], waiting: [(AgendaEntry, String)] = []
        for e in try FollowupStore.agenda(db, owner: owner, date: date.description) {
            // A risk (priority 1: a credit stop, an unanswered complaint) never waits for the
            // contact's rhythm: it is often addressed to the rep and finance, not to the contact.
            if e.followup.priority != 1, let every = e.minContactDays, let last = e.lastContact.flatMap(Day.init(iso:)),
               last.days(to: date) < every {
                waiting.append((e, last.adding(days: every).description))
                continue
            }
            if e.quadrant == Quadrant.key.rawValue || e.followup.priority == 1 { big.append(e) } else { rest.append(e) }
        }
        func order(_ a: AgendaEntry, _ b: AgendaEntry) -> Bool {
            keyClientsFirst(a.followup, quadrant: a.quadrant, before: b.followup, quadrant: b.quadrant)
        }
        return Agenda(date: date.description, owner: owner, bigRocks: big.sorted(by: order), rest: rest.sorted(by: order),
                      waiting: waiting)
    }

    /// The order follow-ups are shown in, "big rocks first": key clients', then by priority,
    /// due date, client code and kind.
    public static func keyClientsFirst(_ a: Followup, quadrant qa: String?, before b: Followup, quadrant qb: String?) -> Bool {
        (qa == Quadrant.key.rawValue ? 0 : 1, a.priority, a.due, a.code, a.kind)
            < (qb == Quadrant.key.rawValue ? 0 : 1, b.priority, b.due, b.code, b.kind)
    }
}

/// What a report cannot show, and why (no score run yet, a client never scored).
public struct ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
