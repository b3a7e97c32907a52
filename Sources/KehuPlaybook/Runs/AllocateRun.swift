import Foundation
import KehuCore
import LuaEngine

/// `kehu allocate`: the playbook's plan for a budget, per quadrant and per client, over the
/// latest score run. The plan sums exactly to the budget and is stored as one run.
public enum AllocateRun {
    /// The resources a plan spends on unless told otherwise.
    public static let defaultResources = ["advertising", "promotion", "gifts", "staff"]

    public struct Result: Sendable {
        public var run: Int64?
        public var scoreRun: RunInfo
        public var budget: Int64
        /// Each quadrant's share of the budget (fen), in report order.
        public var quadrantBudgets: [(quadrant: String, clients: Int, fen: Int64)]
        public var lines: [AllocationLine]
    }

    public static func run(_ store: KehuDatabase, session: PlaybookSession, budget: Int64, resources: [String],
                           dryRun: Bool = false) throws -> Result {
        guard budget >= 0 else { throw PlaybookError.run("the budget must not be negative") }
        guard !resources.isEmpty else { throw PlaybookError.run("name at least one resource (--resources advertising,promotion,…)") }
        let asOf = session.runtime.asOfString
        let (scoreRun, planned): (RunInfo, [Planned]) = try store.read { db in
            guard let scoreRun = try RunStore.latest(db, kind: .score) else {
                throw PlaybookError.run("no score run yet — run 'kehu score' first; allocation works on its quadrants")
            }
            return (scoreRun, try plan(db, session: session, scores: try RunStore.scores(db, run: scoreRun.id),
                                       budget: budget, resources: resources))
        }
        let lines = planned.flatMap(\.lines)
        var runId: Int64?
        if !dryRun {
            let params = session.runParams(["budget": String(budget), "score_run": String(scoreRun.id),
                                            "resources": "[" + resources.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\")
                                                .replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "]"])
            runId = try store.write { db in
                let id = try RunStore.begin(db, NewRun(kind: .allocate, playbook: session.playbook.name, version: session.playbook.version,
                                                       hash: session.playbook.hash, asOf: asOf, params: params))
                try RunStore.insertAllocations(db, run: id, lines)
                try RunStore.finish(db, run: id, clients: Set(lines.map(\.clientId)).count)
                return id
            }
        }
        return Result(run: runId, scoreRun: scoreRun, budget: budget,
                      quadrantBudgets: planned.map { ($0.quadrant, $0.clients, $0.fen) }, lines: lines)
    }

    /// One quadrant's part of a plan: its clients, its share of the budget, its lines.
    struct Planned {
        var quadrant: String
        var clients: Int
        var fen: Int64
        var lines: [AllocationLine]
    }

    /// Why the score run a plan works on may not be the one this session would make: another
    /// playbook, version or as-of date (nil when it is the same).
    public static func mismatch(_ run: RunInfo, session: PlaybookSession) -> String? {
        var differences: [String] = []
        if run.playbook != session.playbook.name || run.version != session.playbook.version {
            differences.append("it was scored with \(run.playbook) \(run.version), this plan uses \(session.playbook.name) \(session.playbook.version)")
        } else if run.hash != session.playbook.hash {
            differences.append("it was scored with other code of \(run.playbook) \(run.version) (\(run.hash.prefix(12)), now \(session.playbook.hash.prefix(12)))")
        }
        if run.asOf != session.runtime.asOfString {
            differences.append("it is as of \(run.asOf), this plan as of \(session.runtime.asOfString)")
        }
        guard !differences.isEmpty else { return nil }
        return "score run \(run.id) does not match this plan: " + differences.joined(separator: "; ")
            + " — run 'kehu score' with the same playbook and date first to plan on the same judgement"
    }

    /// The playbook's plan for `budget` over the given scores (a stored run's, or fresh ones
    /// that `kehu playbook diff` made), as of the session's date.
    static func plan(_ db: StoreConnection, session: PlaybookSession, scores: [ClientScore], budget: Int64,
                     resources: [String]) throws -> [Planned] {
        try session.runtime.using(db) {
            let asOf = session.runtime.asOfString
            let metrics = try session.metrics(db, asOf: asOf)
            session.runtime.prime(metrics: metrics)
            let byId = Dictionary(uniqueKeysWithValues: metrics.map { ($0.clientId, $0) })
            let records = try ClientHistory.clients(db)
            var members: [String: [ClientScore]] = [:]
            for s in scores { members[s.quadrant, default: []].append(s) }
            let budgets = split(budget, shares: session.allocationShares, members: members.mapValues(\.count))
            var out: [Planned] = []
            for (quadrant, fen) in budgets {
                let group = members[quadrant] ?? []
                guard !group.isEmpty else { out.append(Planned(quadrant: quadrant, clients: 0, fen: 0, lines: [])); continue }
                var tables: [LuaValue] = []
                for s in group {
                    guard let record = records[s.clientId] else { continue }
                    let t = try session.clientTable(record, byId[s.clientId])
                    try session.setScores(t, loyalty: s.loyalty, strength: s.strength)
                    tables.append(.reference(t))
                }
                let list = try session.lua.newTableRef(LuaTable(array: tables))
                let r = try session.call(.allocate, [.string(LuaString(quadrant)), .reference(list), .number(Double(fen) / 100),
                                                     .table(LuaTable(array: resources.map { .string(LuaString($0)) }))],
                                         client: nil)
                let lines = try validate(r.first ?? .nil, quadrant: quadrant, budget: fen, resources: resources,
                                         members: Dictionary(uniqueKeysWithValues: group.map { ($0.code, $0.clientId) }), session: session)
                out.append(Planned(quadrant: quadrant, clients: group.count, fen: fen, lines: lines))
            }
            return out
        }
    }

    /// Splits a budget between quadrants by the playbook's shares; quadrants without clients
    /// give their share to the others pro rata. Fen left by rounding go to the first quadrant
    /// that has clients.
    static func split(_ budget: Int64, shares: [String: Double], members: [String: Int]) -> [(String, Int64)] {
        let quadrants = Quadrant.allCases.map(\.rawValue)
        let live = quadrants.filter { (members[$0] ?? 0) > 0 && (shares[$0] ?? 0) > 0 }
        let total = live.reduce(0.0) { $0 + (shares[$1] ?? 0) }
        var out = quadrants.map { q -> (String, Int64) in
            guard live.contains(q), total > 0 else { return (q, 0) }
            return (q, Int64((Double(budget) * (shares[q] ?? 0) / total).rounded(.down)))
        }
        let left = budget - out.reduce(0) { $0 + $1.1 }
        if let first = out.firstIndex(where: { live.contains($0.0) }) { out[first].1 += left }
        return out
    }

    /// Checks a plan for one quadrant and converts it to fen lines; rounding to fen may leave
    /// the plan a few fen off its budget, which the largest line absorbs.
    static func validate(_ value: LuaValue, quadrant: String, budget: Int64, resources: [String], members: [String: Int64],
                         session: PlaybookSession) throws -> [AllocationLine] {
        func bad(_ message: String) -> PlaybookError { session.invalid(.allocate, nil, "quadrant \(quadrant): " + message) }
        let names = ["clients": ResultCheck.Names(phrase: "the quadrant's clients", empty: "it has none", names: { Array(members.keys) }),
                     "resources": ResultCheck.Names(phrase: "the resources", empty: "none", names: { resources })]
        let entries = try ResultCheck.entries(value, spec: PlaybookSession.Hook.allocate.spec, names: names, fail: bad)
        var lines: [AllocationLine] = []
        var seen: Set<String> = []
        for e in entries {
            let code = e["client"].stringValue!
            guard seen.insert(code).inserted else { throw bad("client \(code) is planned twice") }
            let reason = e["reason"].stringValue ?? ""
            // In the resources' name order, so that lines come out the same every time.
            let amounts = e["amounts"].tableValue ?? LuaTable()
            for (k, v) in amounts.hash.sorted(by: { $0.key.description < $1.key.description }) {
                guard let resource = k.stringValue, let yuan = v.doubleValue else { continue }
                let fen = Int64((yuan * 100).rounded())
                if fen > 0 {
                    lines.append(AllocationLine(clientId: members[code]!, code: code, quadrant: quadrant, resource: resource, amount: fen, reason: reason))
                }
            }
        }
        // Each amount is below 10^15 fen, so a sum over fewer than 9,000 lines cannot overflow;
        // add with a check anyway: a plan is untrusted input.
        var planned: Int64 = 0
        for l in lines {
            let (sum, overflow) = planned.addingReportingOverflow(l.amount)
            guard !overflow else { throw bad("the amounts add up to more than a plan can hold") }
            planned = sum
        }
        let tolerance = Int64(max(1, lines.count))
        guard abs(planned - budget) <= tolerance else {
            throw bad("planned \(Money.yuan(planned)) of a budget of \(Money.yuan(budget)) — a plan spends its quadrant's budget exactly")
        }
        if planned != budget, let i = lines.indices.max(by: { lines[$0].amount < lines[$1].amount }) {
            lines[i].amount += budget - planned
        }
        return lines
    }
}
