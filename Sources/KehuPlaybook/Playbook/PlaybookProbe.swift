import Foundation
import KehuCore
import LuaEngine

/// `playbook check`'s trial run: the playbook's hooks called as `score`, `followups` and
/// `allocate` call them, on synthetic clients made from the field registry, each result
/// checked against the same declarations (``HookSpecs``) a run checks it against. What a run
/// would refuse is reported with the client it was tried on.
enum PlaybookProbe {
    /// A synthetic client: its code says what it is.
    struct Case {
        var code: String
        var what: String
        /// The dataset, as a test's `fixture{}` gives it.
        var dataset: LuaTable
    }

    /// The clients tried: one with every field of every table filled, one with only what a
    /// file must hold and no history, one whose debt is past its terms and over its limit.
    static func cases(asOf: Day) -> [Case] {
        func day(_ back: Int) -> LuaValue { .string(LuaString(asOf.adding(days: -back).description)) }
        func row(_ table: ImportTable, _ code: String, required only: Bool, _ values: [String: LuaValue] = [:]) -> LuaValue {
            var t = LuaTable()
            for f in table.shape.fields where !only || f.required {
                if let v = values[f.name] ?? sample(f, of: table, client: code, asOf: asOf) { t[f.name] = v }
            }
            for (k, v) in values where t[k] == .nil { t[k] = v }
            return .table(t)
        }
        func dataset(_ parts: [String: [LuaValue]]) -> LuaTable {
            var t = LuaTable()
            for (k, rows) in parts { t[k] = .table(LuaTable(array: rows)) }
            return t
        }
        let full = "PROBE-FULL", bare = "PROBE-BARE", over = "PROBE-OVERDUE"
        // Each of another kind, so that a rule per kind is reached.
        let kinds: [LuaValue] = {
            guard case .choice(let c)? = ImportTable.clients.shape.field("kind")?.unit else { return [.nil, .nil, .nil] }
            return (0..<3).map { .string(LuaString(c.values[($0 + 2) % c.values.count].code)) }
        }()
        let orders = (0..<8).map { i in
            row(.orders, full, required: false, ["code": .string(LuaString("O-\(i + 1)")), "date": day(20 + 45 * i), "amount": .integer(Int64(8_000 + 1_500 * i))])
        }
        let payments = (0..<6).map { i in
            row(.payments, full, required: false, ["code": .string(LuaString("P-\(i + 1)")), "date": day(10 + 45 * i), "amount": .integer(Int64(7_000 + 1_000 * i))])
        }
        return [
            Case(code: full, what: "every field filled, a year of orders, payments and contacts", dataset: dataset([
                "clients": [row(.clients, full, required: false, ["kind": kinds[0]])],
                "contacts": [row(.contacts, full, required: false)],
                "orders": orders, "payments": payments,
                "interactions": [row(.interactions, full, required: false, ["date": day(30), "kind": "complaint"]),
                                 row(.interactions, full, required: false, ["date": day(5), "kind": "visit"])],
            ])),
            Case(code: bare, what: "only the required fields, no contacts, orders or payments", dataset: dataset([
                "clients": [row(.clients, bare, required: true, ["kind": kinds[1]])],
            ])),
            Case(code: over, what: "its debt past its terms and over its credit limit", dataset: dataset([
                "clients": [row(.clients, over, required: true, ["kind": kinds[2], "credit_limit": .integer(10_000), "payment_terms_days": .integer(30)])],
                "orders": [row(.orders, over, required: true, ["code": "O-1", "date": day(200), "amount": .integer(90_000)]),
                           row(.orders, over, required: true, ["code": "O-2", "date": day(100), "amount": .integer(40_000)])],
                "payments": [row(.payments, over, required: true, ["code": "P-1", "date": day(150), "amount": .integer(5_000)])],
            ])),
        ]
    }

    /// A plausible value of a field, by its unit; nil leaves the field out.
    static func sample(_ f: Field, of table: ImportTable, client: String, asOf: Day) -> LuaValue? {
        switch f.unit {
        case .client: return .string(LuaString(client))
        case .contact: return "王芳"
        case .text:
            switch f.name {
            case "code": return .string(LuaString(client))
            case "name": return table == .contacts ? "王芳" : "示例商贸"
            default: return .string(LuaString("示例 \(f.name)"))
            }
        case .money: return .integer(50_000)
        case .count: return .integer(f.name.hasSuffix("days") ? 30 : 12)
        case .measure: return .integer(300)
        case .day: return .string(LuaString(asOf.adding(days: -3 * 365).description))
        case .birthday: return .string(LuaString(String(asOf.adding(days: 10).description.suffix(5))))
        case .moment: return .string(LuaString(asOf.adding(days: -20).description + " 10:00"))
        case .tags: return .table(LuaTable(array: ["示例", "probe"]))
        case .attributes:
            var t = LuaTable()
            t["渠道"] = "线上"
            return .table(t)
        case .choice(let c): return .string(LuaString(c.values.first!.code))
        }
    }

    /// Runs the three commands on each case, each in a database of its own; returns what a
    /// run would refuse, once per problem (the first client it showed on).
    static func run(_ session: PlaybookSession) -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for c in cases(asOf: session.runtime.asOf) {
            do {
                let store = try KehuDatabase.inMemory()
                try store.write { db in
                    try PlaybookFixture.load(c.dataset, into: db, asOf: session.runtime.asOfString)
                }
                session.runtime.forgetCaches()
                defer { session.runtime.forgetCaches() }
                var scored = true
                for step in ["measures", "score", "followups", "allocate"] where scored || step != "allocate" {
                    do {
                        switch step {
                        case "measures":
                            // Every measure of the playbook, read or not by a hook (kehu client shows them all).
                            guard !session.playbookMetricNames.isEmpty else { continue }
                            try store.read { db in
                                try session.runtime.using(db) {
                                    for m in try session.metrics(db, asOf: session.runtime.asOfString) {
                                        guard let record = try ClientHistory.client(db, code: m.code) else { continue }
                                        _ = try session.playbookMetrics(record, m)
                                    }
                                }
                            }
                        case "score": _ = try ScoreRun.run(store, session: session)
                        case "followups": _ = try FollowupRun.run(store, session: session, dryRun: true)
                        default: _ = try AllocateRun.run(store, session: session, budget: 10_000_000, resources: AllocateRun.defaultResources, dryRun: true)
                        }
                    } catch let e as PlaybookError {
                        let text = e.description
                        if seen.insert(text.replacingOccurrences(of: c.code, with: "")).inserted {
                            problems.append("\(text.split(separator: "\n").first ?? "") (\(c.code) is a synthetic client: \(c.what))")
                        }
                        if step == "score" { scored = false }
                    }
                }
            } catch {
                problems.append("the synthetic client \(c.code) could not be made: \(error)")
            }
        }
        return problems
    }

    /// The playbook's score and follow-up hooks on a sample of a dealer's active clients
    /// (every k-th in code order, `count` at most), each result checked as a run checks it,
    /// nothing stored. Returns what a run would refuse, once per problem.
    static func sample(_ store: KehuDatabase, _ session: PlaybookSession, count: Int) -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        do {
            try store.read { db in
                try session.runtime.using(db) {
                    session.runtime.forgetCaches()
                    defer { session.runtime.forgetCaches() }
                    let asOf = session.runtime.asOfString
                    session.runtime.prime(metrics: try session.metrics(db, asOf: asOf))
                    let clients = try ClientHistory.clients(db, status: ClientStatus.active.rawValue).values.sorted { $0.code < $1.code }
                    let step = max(1, clients.count / max(1, count))
                    for record in stride(from: 0, to: clients.count, by: step).prefix(count).map({ clients[$0] }) {
                        let table = try session.clientTable(record, try session.runtime.metrics(for: record.id!))
                        func attempt(_ body: () throws -> Void) throws {
                            do { try body() } catch let e as PlaybookError {
                                let text = e.description
                                if seen.insert(text.replacingOccurrences(of: record.code, with: "")).inserted {
                                    problems.append("\(text.split(separator: "\n").first ?? "") (a client of the database, as of \(asOf))")
                                }
                            }
                        }
                        try attempt {
                            let (loyalty, _) = try session.loyalty(table, code: record.code)
                            let (strength, _) = try session.strength(table, code: record.code)
                            _ = try session.quadrant(loyalty: loyalty, strength: strength, table, code: record.code)
                        }
                        try attempt {
                            let r = try session.call(.followups, [.reference(table), .string(LuaString(asOf))], client: record.code)
                            _ = try FollowupRun.validate(r.first ?? .nil, clientId: record.id!, code: record.code, asOf: asOf, session: session,
                                                         contacts: { try ClientHistory.contacts(db, clientId: record.id!, asOf: asOf).map(\.name) })
                        }
                    }
                }
            }
        } catch {
            problems.append("the database could not be read: \(error)")
        }
        return problems
    }
}
