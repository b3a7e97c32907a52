import KehuCore
import LuaEngine

/// One field of a record a hook returns (a follow-up, a line of a plan, a part of a score).
public struct ResultField: Sendable {
    /// What the field may hold.
    public enum Kind: Sendable {
        case text
        /// `YYYY-MM-DD` within ``Day/supported``.
        case date
        case number
        /// One of these codes.
        case oneOf([String])
        case integer(ClosedRange<Int64>)
        /// One of the names the run knows at that moment (the client's contacts, the
        /// quadrant's clients), named by ``ResultCheck/Names`` under this key.
        case member(String)
        /// A table of yuan amounts by name, the names being one of the run's sets (`resources`).
        case amounts(String)
    }

    public var name: String
    public var kind: Kind
    public var required: Bool
    /// What a missing field means, for the docs ("today", "call").
    public var absent: String?
    /// The noun in "entry 2 has no client code".
    public var what: String
    public var doc: String

    init(_ name: String, _ kind: Kind, required: Bool = false, absent: String? = nil, what: String? = nil, doc: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.absent = absent
        self.what = what ?? name
        self.doc = doc
    }

    /// As the docs and messages name what the field takes: "a date string", "an integer 1, 2 or 3".
    var expected: String {
        switch kind {
        case .text, .member: return "a string"
        case .date: return "a date string"
        case .number: return "a number"
        case .oneOf: return "a string"
        case .integer(let r): return "an integer " + ResultCheck.spell(r)
        case .amounts: return "a table of amounts"
        }
    }

    /// The LuaLS type.
    var luaType: String {
        switch kind {
        case .text, .date, .member: return "string"
        case .number: return "number"
        case .integer: return "integer"
        case .oneOf(let codes): return codes.map { "\"\($0)\"" }.joined(separator: "|")
        case .amounts: return "table<string, number>"
        }
    }
}

/// What a hook returns, as the hook registry declares it.
public enum HookResult: Sendable {
    /// A number in `range` and, optionally, its parts: a list of records whose `sums` field
    /// adds up to the number.
    case score(range: ClosedRange<Double>, parts: [ResultField], sums: String)
    /// One of these codes, and optionally a second result: why (a string, or nil).
    case choice([String], reason: Bool)
    /// A list of records (never a single one, never with other keys); `label` names an
    /// entry in messages ("entry 2 (call)").
    /// `orNil`: nil stands for an empty list. `closed`: an entry's other keys are refused (a
    /// misspelt `priorty` would otherwise leave the default in its place); an open entry may
    /// carry keys of the playbook's own, which kehu does not read.
    case list(noun: String, label: String, fields: [ResultField], orNil: Bool, closed: Bool = false)
    /// A day, as a `YYYY-MM-DD` string within ``Day/supported``.
    case date
}

/// The declaration of one hook: its name, what it is called with and what it returns. The
/// single place a hook is written down: run-time validation, `playbook check`, the guide's
/// table and the LuaLS stub read it.
public struct HookSpec: Sendable {
    public var hook: PlaybookSession.Hook
    public var parameters: [APIParameter]
    public var result: HookResult
    public var summary: String

    public var name: String { hook.rawValue }

    /// As a run's message shows the result: `a list of { kind, due, … }`.
    public var resultText: String {
        switch result {
        case .score(let range, _, _): return "a score \(ResultCheck.spell(range)) and its parts"
        case .choice(let codes, _): return ResultCheck.or(codes.map { "\"\($0)\"" })
        case .list(_, _, let fields, _, _): return "a list of { " + fields.map(\.name).joined(separator: ", ") + " }"
        case .date: return "a date string like \"2026-12-31\""
        }
    }

    /// The records inside the result (a list's entries, a score's parts).
    public var fields: [ResultField] {
        switch result {
        case .score(_, let parts, _): return parts
        case .choice, .date: return []
        case .list(_, _, let fields, _, _): return fields
        }
    }
}

extension PlaybookSession.Hook {
    public var spec: HookSpec { HookSpecs.all.first { $0.hook == self }! }
}

/// The hooks a playbook's `init.lua` may return, declared once.
public enum HookSpecs {
    /// A follow-up's channels.
    public static let channels = ["visit", "call", "wechat", "message", "meeting", "email"]

    public static let all: [HookSpec] = [
        HookSpec(hook: .due, parameters: [.init("c", "kehu.Client", "a client that owes money (its `metrics.overdue` and `metrics.ageing` are nil: they are what `due` decides)"),
                                          .init("order", "kehu.UnpaidOrder", "one of its orders not yet fully paid: the order's fields, and `outstanding`, what of it is still owed (yuan)")],
                 result: .date,
                 summary: "The day an unpaid order falls due. Left out: the order's date plus the client's `payment_terms_days`. Every receivable view (overdue, ageing, the report, `kehu clients`, `kehu client`) ages debt by it."),
        HookSpec(hook: .loyalty, parameters: [.init("c", "kehu.Client", "a client")],
                 result: .score(range: 0...100, parts: parts, sums: "points"),
                 summary: "How loyal the client is: a score 0–100, and its parts."),
        HookSpec(hook: .strength, parameters: [.init("c", "kehu.Client", "a client")],
                 result: .score(range: 0...100, parts: parts, sums: "points"),
                 summary: "How strong the client is: a score 0–100, and its parts."),
        HookSpec(hook: .quadrant, parameters: [.init("loyalty", "number", "the loyalty score"), .init("strength", "number", "the strength score"),
                                               .init("c", "kehu.Client", "the client")],
                 result: .choice(Quadrant.allCases.map(\.rawValue), reason: true),
                 summary: "The client's quadrant from its two scores; a second result, a string, says why (`explain`, `quadrant` and the report show it)."),
        HookSpec(hook: .allocate, parameters: [.init("quadrant", "string", "a quadrant"),
                                               .init("clients", "kehu.Client[]", "its clients, each with `loyalty` and `strength` fields added"),
                                               .init("budget", "number", "that quadrant's budget, in yuan"),
                                               .init("resources", "string[]", "the resource names")],
                 result: .list(noun: "line", label: "client", fields: [
                    ResultField("client", .member("clients"), required: true, what: "client code", doc: "the client's code, one of the quadrant's"),
                    ResultField("amounts", .amounts("resources"), required: true, what: "amounts table",
                                doc: "yuan per resource (`{ advertising = 1200, … }`), each ≥ 0; the plan spends the quadrant's budget exactly"),
                    ResultField("reason", .text, absent: "no reason", doc: "why, for the person who reads the plan"),
                 ], orNil: false),
                 summary: "A quadrant's plan: how its budget goes to its clients."),
        HookSpec(hook: .followups, parameters: [.init("c", "kehu.Client", "a client"), .init("today", "string", "the as-of date")],
                 result: .list(noun: "follow-up", label: "kind", fields: [
                    ResultField("kind", .text, required: true,
                                doc: "a short code (`birthday`, `payment_reminder`, `credit_guard`, `reactivation`, …); the message files name it (`[kind.NAME]`)"),
                    ResultField("due", .date, absent: "today", doc: "the day it is due, `YYYY-MM-DD`"),
                    ResultField("channel", .oneOf(channels), absent: "call", doc: "how to reach the client"),
                    ResultField("contact", .member("contacts"), absent: "nobody in particular", doc: "one of the client's contacts, by name"),
                    ResultField("message", .text, required: true, doc: "the drafted words, in the run's language"),
                    ResultField("priority", .integer(1...3), absent: "2", doc: "1 a risk or key matter, 2 normal, 3 when there is time"),
                 ], orNil: true, closed: true),
                 summary: "The follow-ups to draft for a client today."),
    ]

    /// A score's parts, as `explain` shows them.
    static let parts: [ResultField] = [
        ResultField("name", .text, doc: "what the part measures"),
        ResultField("value", .number, doc: "the measure"),
        ResultField("weight", .number, doc: "its weight in the score"),
        ResultField("points", .number, required: true, doc: "what it adds to the score; the points add up to the score (within 0.05)"),
        ResultField("note", .text, doc: "the part in words"),
    ]

    /// The other keys `init.lua` may return besides hooks.
    public static let settings: [APIParameter] = [
        .init("metrics", "table<string, fun(c: kehu.Client): any>", "the playbook's own measures: each is computed at most once per client per run, when first read as `c.metrics.NAME`, and returns a number, string, boolean or nil"),
        .init("allocation_shares", "table<string, number>", "each quadrant's share of the budget; the shares add up to 1"),
        .init("settings", "table", "the playbook's tunable values, which another playbook may retune through require"),
        .init("dormancy", "table", "what `metrics.dormant` means, key by key over the standard's: `p_alive` (a client with repeat orders is dormant only below it; 0.5), `rhythm_factor` (quiet more than this many times its rhythm; 2), `minimum_days` (and at least this long; 60), `horizon_days` (the days `p_quiet` looks ahead; 180)"),
        .init("outcomes", "table", "what `playbook backtest` counts as a hit: per quadrant `\"stayed\"`, `\"grew\"`, `\"stopped\"` or a function of the client's horizon; `credit_flags`, the follow-up kinds that flag a credit risk; `credit_flag_came_true`, a function of the horizon (default: overdue by `due` at its end)"),
    ]
}

/// Checks a hook's result against its ``HookSpec``: the result is used whole or refused with
/// what was expected, never dropped or bent.
public enum ResultCheck {
    /// The names a `member` field may take, looked up only when a field needs them: each with
    /// how a message names the set ("the client's contacts") and what to say when it is empty.
    public struct Names {
        var phrase: String
        var empty: String
        var names: () throws -> [String]
    }

    /// A list hook's entries, checked field by field; what is returned keeps only declared
    /// fields. `fail` turns a message into the run's error (naming the playbook, hook and client).
    static func entries(_ value: LuaValue, spec: HookSpec, names: [String: Names],
                        fail: (String) -> Error) throws -> [LuaTable] {
        guard case .list(let noun, let label, let fields, let orNil, let closed) = spec.result else { return [] }
        let shape = "\(spec.name) returns \(spec.resultText)"
        let list: LuaTable
        switch value {
        case .nil where orNil: return []
        case .table(let t): list = t
        default: throw fail("returned \(value.typeName) — \(shape)")
        }
        if list.array.isEmpty, list[label] != .nil {
            throw fail("returned a single \(noun) (a table with '\(label)') — \(shape): wrap it as { \(noun.replacingOccurrences(of: "-", with: "")) }")
        }
        // Keys besides the list would be dropped unseen.
        if let key = list.hash.keys.sorted(by: { $0.description < $1.description }).first {
            throw fail("returned a table with key \(key.description) besides its list — \(shape)")
        }
        var known: [String: Set<String>] = [:]
        func set(_ key: String) throws -> (Names, Set<String>) {
            guard let n = names[key] else { return (Names(phrase: key, empty: "", names: { [] }), []) }
            if let s = known[key] { return (n, s) }
            let s = Set(try n.names())
            known[key] = s
            return (n, s)
        }
        func listed(_ s: Set<String>) -> String {
            let sorted = s.sorted()
            return sorted.prefix(12).joined(separator: ", ") + (sorted.count > 12 ? ", … (\(sorted.count) in all)" : "")
        }
        return try list.array.enumerated().map { n, entry in
            guard case .table(let e) = entry else { throw fail("entry \(n + 1) is a \(entry.typeName), not a table") }
            let name = e[label].stringValue.map { "entry \(n + 1) (\($0))" } ?? "entry \(n + 1)"
            if closed, let stray = (e.array.indices.map { LuaValue.integer(Int64($0 + 1)) } + e.hash.keys)
                .sorted(by: { $0.description < $1.description })
                .first(where: { key in !fields.contains { $0.name == key.stringValue } }) {
                let near = stray.stringValue.flatMap { PlaybookCheck.nearest($0, among: fields.map(\.name)) }
                throw fail("\(name) has a key \(stray.description) that a \(noun) does not have\(near.map { " — did you mean '\($0)'?" } ?? " (its keys: " + fields.map(\.name).joined(separator: ", ") + ")")")
            }
            var kept = LuaTable()
            for f in fields {
                let v = e[f.name]
                if case .nil = v {
                    if f.required { throw fail("\(name) has no \(f.what)") }
                    continue
                }
                func wrong() -> Error {
                    fail("\(name): \(f.name) is \(v.typeName == "number" ? v.description : "a " + v.typeName), not \(f.expected)")
                }
                switch f.kind {
                case .text, .member, .date, .oneOf:
                    guard let s = v.stringValue else { throw wrong() }
                    if f.required, s.isEmpty { throw fail("\(name) has no \(f.what)") }
                    switch f.kind {
                    case .date:
                        guard let day = Day(iso: s), Day.supported.contains(day) else {
                            throw fail("\(name): \(f.name) \"\(s)\" is not a date like 2026-11-25 within \(Day.supported.lowerBound)…\(Day.supported.upperBound)")
                        }
                    case .oneOf(let codes):
                        guard codes.contains(s) else { throw fail("\(name): \(f.name) \"\(s)\" is not one of \(codes.sorted().joined(separator: ", "))") }
                    case .member(let key):
                        let (n, s2) = try set(key)
                        guard s2.contains(s) else {
                            throw fail("\(name): \(f.name) \"\(s)\" is not one of \(n.phrase) (\(s2.isEmpty ? n.empty : listed(s2)))")
                        }
                    default: break
                    }
                case .number:
                    guard v.doubleValue != nil else { throw wrong() }
                case .integer(let range):
                    guard let i = v.intValue else { throw wrong() }
                    guard range.contains(i) else { throw fail("\(name): \(f.name) \(i) is not \(spell(range))") }
                case .amounts(let key):
                    guard case .table(let amounts) = v else { throw fail("\(name) has no \(f.what)") }
                    let (n, allowed) = try set(key)
                    var clean = LuaTable()
                    for (k, a) in amounts.hash.sorted(by: { $0.key.description < $1.key.description }) {
                        guard let resource = k.stringValue, allowed.contains(resource) else {
                            throw fail("\(name): '\(k.description)' is not one of \(n.phrase) (\(listed(allowed)))")
                        }
                        guard let yuan = a.doubleValue else { throw fail("\(name): amount of \(resource) is a \(a.typeName), not a number") }
                        guard yuan.isFinite, yuan >= 0, yuan < 1e13 else {
                            // As Lua prints the number (%.14g): -220.77, not Swift's -220.76999999999998.
                            throw fail("\(name): amount of \(resource) is \(LuaValue.number(yuan).description); amounts are ≥ 0 and below ¥10,000,000,000,000")
                        }
                        clean[resource] = .number(yuan)
                    }
                    if let stray = amounts.array.first { throw fail("\(name): '\(stray.description)' in amounts has no resource name") }
                    kept[f.name] = .table(clean)
                    continue
                }
                kept[f.name] = v
            }
            return kept
        }
    }

    /// A quadrant hook's result: one of the declared codes.
    static func choice(_ values: [LuaValue], spec: HookSpec, fail: (String) -> Error) throws -> (String, reason: String?) {
        guard case .choice(let codes, let withReason) = spec.result else { return ("", nil) }
        let value = values.first
        guard let s = value?.stringValue, codes.contains(s) else {
            throw fail("returned \(value?.description ?? "nothing") — expected \(spec.resultText)")
        }
        guard withReason, values.count > 1 else { return (s, nil) }
        switch values[1] {
        case .nil: return (s, nil)
        case .string(let r):
            let text = r.description.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count <= reasonLimit else {
                throw fail("returned a reason of \(text.count) characters — a reason is a line of at most \(reasonLimit)")
            }
            return (s, text.isEmpty ? nil : text)
        case let v: throw fail("returned a reason that is a \(v.typeName) — the second result says why, as a string (or nil)")
        }
    }

    /// How long a quadrant's reason may be: a line a person reads, not a document.
    static let reasonLimit = 200

    /// "1, 2 or 3" for a short range, "0–100" otherwise.
    static func spell(_ r: ClosedRange<Int64>) -> String {
        r.count <= 5 ? or(r.map(String.init)) : "\(r.lowerBound)–\(r.upperBound)"
    }

    static func spell(_ r: ClosedRange<Double>) -> String {
        func text(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : LuaValue.number(d).description }
        return "\(text(r.lowerBound))–\(text(r.upperBound))"
    }

    static func or(_ items: [String]) -> String {
        items.count > 1 ? items.dropLast().joined(separator: ", ") + " or " + items.last! : items.joined()
    }
}
