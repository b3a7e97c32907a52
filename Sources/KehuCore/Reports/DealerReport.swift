import Foundation
import GRDB

/// What `kehu report` shows, read from the latest score run and the data as of its date:
/// the clients on the loyalty × strength plane, the Pareto curve, receivables by age and
/// by rep, the moves since the previous run, the latest plan and the week's follow-ups.
public struct DealerReport: Sendable {
    public struct Point: Sendable, Equatable {
        public var code: String, name: String, owner: String
        public var loyalty: Double, strength: Double
        public var quadrant: String
        public var abc: String
        public var sales365: Int64
        /// Why the playbook put the client in its quadrant, when it said.
        public var reason: String? = nil
    }

    /// Receivables of one rep's clients, by age past their payment terms (fen).
    public struct RepAgeing: Sendable, Equatable {
        public var owner: String
        public var clients: Int
        public var receivable: Int64
        /// Not yet past terms, then 1–30, 31–60, 61–90 and over 90 days past.
        public var buckets: [Int64]
    }

    public struct OverLimit: Sendable, Equatable {
        public var code: String, name: String, owner: String
        public var receivable: Int64, limit: Int64
    }

    public struct Plan: Sendable {
        public var run: RunInfo
        public var budget: Int64
        public var resources: [String]
        /// quadrant → resource → fen.
        public var amounts: [String: [String: Int64]]
    }

    public var run: RunInfo
    public var previous: RunInfo?
    public var points: [Point]
    public var quadrants: [Reports.QuadrantRow]
    /// from → to → clients since the previous run ("new" and "gone" included).
    public var moves: [String: [String: Int]]
    /// Sales of every client with sales in the trailing year, largest first (fen).
    public var paretoSales: [Int64]
    public var ageingTotal: [Int64]
    public var ageingByRep: [RepAgeing]
    public var overLimit: [OverLimit]
    public var plan: Plan?
    /// Open follow-ups due within seven days of the run's date (or already overdue), in the
    /// agenda's order (``Reports/keyClientsFirst(_:quadrant:before:quadrant:)``).
    public var followups: [Followup]
    public var weekEnd: String

    /// The quadrant bars as the points show them: the loyalty and strength that separate the
    /// quadrants, when the playbook's rule is two straight bars (nil when it is not).
    public var bars: (loyalty: Double, strength: Double)? {
        func bar(_ value: (Point) -> Double, high: Set<String>) -> Double? {
            let hi = points.filter { high.contains($0.quadrant) }.map(value)
            let lo = points.filter { !high.contains($0.quadrant) }.map(value)
            guard let minHigh = hi.min(), let maxLow = lo.max(), maxLow < minHigh else { return nil }
            return (minHigh + maxLow) / 2
        }
        guard let l = bar(\.loyalty, high: ["key", "develop"]), let s = bar(\.strength, high: ["key", "watch"]) else { return nil }
        return (l, s)
    }

    /// `terms`: when debts fall due (the playbook in effect's `due`; nil: the payment terms).
    public static func load(_ db: StoreConnection, terms: ReceivableTerms? = nil) throws -> DealerReport {
        let q = try Reports.quadrants(db)
        let run = q.run
        guard let asOf = Day(iso: run.asOf) else { throw ReportError("the latest score run has no valid as-of date") }
        let scores = try RunStore.scores(db, run: run.id)
        let records = try ClientHistory.clients(db)
        let metrics = try MetricsEngine.compute(db, asOf: run.asOf, terms: terms)
        let scored = Set(scores.map(\.clientId))

        let points = scores.map { s in
            let r = records[s.clientId]
            return Point(code: s.code, name: r?.name ?? "", owner: r?.owner ?? "", loyalty: s.loyalty, strength: s.strength,
                         quadrant: s.quadrant, abc: s.abc, sales365: s.sales365, reason: s.reason)
        }

        var ageingTotal: [Int64] = [0, 0, 0, 0, 0]
        var byRep: [String: RepAgeing] = [:]
        var overLimit: [OverLimit] = []
        for m in metrics where scored.contains(m.clientId) && m.receivable > 0 {
            let owner = records[m.clientId]?.owner ?? ""
            let buckets = [m.receivable - m.overdue] + m.ageing
            var rep = byRep[owner] ?? RepAgeing(owner: owner, clients: 0, receivable: 0, buckets: [0, 0, 0, 0, 0])
            rep.clients += 1
            rep.receivable += m.receivable
            for i in 0..<5 {
                rep.buckets[i] += buckets[i]
                ageingTotal[i] += buckets[i]
            }
            byRep[owner] = rep
            if m.creditLimit > 0 && m.receivable > m.creditLimit {
                overLimit.append(OverLimit(code: m.code, name: records[m.clientId]?.name ?? "", owner: owner,
                                           receivable: m.receivable, limit: m.creditLimit))
            }
        }
        overLimit.sort { ($0.receivable - $0.limit, $1.code) > ($1.receivable - $1.limit, $0.code) }

        var plan: Plan?
        if let allocate = try RunStore.latest(db, kind: .allocate) {
            var amounts: [String: [String: Int64]] = [:]
            var resources: [String] = []
            for line in try RunStore.allocations(db, run: allocate.id) {
                amounts[line.quadrant, default: [:]][line.resource, default: 0] += line.amount
                if !resources.contains(line.resource) { resources.append(line.resource) }
            }
            let params = (try? JSONSerialization.jsonObject(with: Data(allocate.params.utf8))) as? [String: Any]
            let budget = (params?["budget"] as? NSNumber)?.int64Value ?? Int64((params?["budget"] as? String) ?? "") ?? 0
            if let listed = params?["resources"] as? [String] { resources = listed + resources.filter { !listed.contains($0) } }
            plan = Plan(run: allocate, budget: budget, resources: resources, amounts: amounts)
        }

        let weekEnd = asOf.adding(days: 6).description
        let quadrantOf = Dictionary(uniqueKeysWithValues: scores.map { ($0.clientId, $0.quadrant) })
        let followups = try FollowupStore.list(db, FollowupFilter(status: .open, dueBy: weekEnd)).sorted { a, b in
            Reports.keyClientsFirst(a, quadrant: quadrantOf[a.clientId], before: b, quadrant: quadrantOf[b.clientId])
        }

        return DealerReport(run: run, previous: q.previous, points: points, quadrants: q.rows, moves: q.moves,
                            paretoSales: metrics.map(\.sales365).filter { $0 > 0 }.sorted(by: >),
                            ageingTotal: ageingTotal, ageingByRep: byRep.values.sorted { ($0.receivable, $1.owner) > ($1.receivable, $0.owner) },
                            overLimit: overLimit, plan: plan, followups: followups, weekEnd: weekEnd)
    }
}
