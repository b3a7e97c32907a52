import Foundation
import KehuCore
import LuaEngine

/// `kehu followups`: drafts follow-ups for every active client with the playbook's
/// `followups` hook and stores them as open tasks, never beside an open one of the same
/// client, kind and contact.
public enum FollowupRun {
    public struct Result: Sendable {
        public var run: Int64?
        /// What the playbook drafted, in client order.
        public var drafted: [Followup]
        /// How many of them were stored (the rest duplicate an open follow-up).
        public var stored: Int
    }

    public static let channels: Set<String> = ["visit", "call", "wechat", "message", "meeting", "email"]

    /// - Parameter progress: clients drafted for so far, of all the active ones.
    public static func run(_ store: KehuDatabase, session: PlaybookSession, client code: String? = nil,
                           dryRun: Bool = false, progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> Result {
        let asOf = session.runtime.asOfString
        let drafted: [Followup] = try store.read { db in
            session.runtime.db = db
            defer { session.runtime.db = nil }
            let metrics = try MetricsEngine.compute(db, asOf: asOf)
            session.runtime.prime(metrics: metrics)
            let clients = try ClientHistory.clients(db, status: ClientStatus.active.rawValue)
            if let code, !clients.values.contains(where: { $0.code == code }) {
                throw PlaybookError.run("no active client with code \(code) — 'kehu clients' lists them")
            }
            var out: [Followup] = []
            var done = 0
            for m in metrics {
                done += 1
                if done % 250 == 0 { progress?(done, metrics.count) }
                guard let record = clients[m.clientId], code == nil || record.code == code else { continue }
                let table = try session.clientTable(record, m)
                let r = try session.call(.followups, [.reference(table), .string(LuaString(asOf))], client: record.code)
                out += try validate(r.first ?? .nil, clientId: m.clientId, code: record.code, asOf: asOf, session: session,
                                    contacts: { try ClientHistory.contacts(db, clientId: m.clientId, asOf: asOf).map(\.name) })
            }
            return out
        }
        guard !dryRun else { return Result(run: nil, drafted: drafted, stored: 0) }
        return try store.write { db in
            let params = session.runParams(["language": "\"\(session.runtime.language)\""])
            let id = try RunStore.begin(db, NewRun(kind: .followups, playbook: session.playbook.name, version: session.playbook.version,
                                                   hash: session.playbook.hash, asOf: asOf, params: params))
            var stored = 0
            for f in drafted where try FollowupStore.insert(db, f, run: id) { stored += 1 }
            try RunStore.finish(db, run: id, clients: Set(drafted.map(\.clientId)).count)
            return Result(run: id, drafted: drafted, stored: stored)
        }
    }

    static let shape = "a list of { kind, due, channel, contact, message, priority }"

    /// Checks a `followups` hook's result: a list (never a single follow-up, never a table
    /// with other keys: those would be dropped unseen), each entry whole, its contact one of
    /// the client's people (read through `contacts` only when an entry names one).
    static func validate(_ value: LuaValue, clientId: Int64, code: String, asOf: String,
                         session: PlaybookSession, contacts: () throws -> [String]) throws -> [Followup] {
        func bad(_ message: String) -> PlaybookError { session.invalid(.followups, code, message) }
        switch value {
        case .nil: return []
        case .table(let list):
            if list.array.isEmpty, list["kind"] != .nil {
                throw bad("returned a single follow-up (a table with 'kind') — followups returns \(shape): wrap it as { followup }")
            }
            if let key = list.hash.keys.sorted(by: { $0.description < $1.description }).first {
                throw bad("returned a table with key \(key.description.escapedForTerminal) besides its list — followups returns \(shape)")
            }
            var known: Set<String>?
            var out: [Followup] = []
            for (n, entry) in list.array.enumerated() {
                guard case .table(let e) = entry else { throw bad("entry \(n + 1) is a \(entry.typeName), not a table") }
                guard let kind = e["kind"].stringValue, !kind.isEmpty else { throw bad("entry \(n + 1) has no kind") }
                // A field of the wrong type is refused, never replaced by its default.
                for (field, type) in [("due", "a date string"), ("channel", "a string"), ("priority", "an integer 1, 2 or 3")] {
                    let v = e[field]
                    let ok: Bool
                    switch (field, v) {
                    case (_, .nil), ("due", .string), ("channel", .string): ok = true
                    case ("priority", _): ok = v.intValue != nil
                    default: ok = false
                    }
                    guard ok else { throw bad("entry \(n + 1) (\(kind)): \(field) is \(v.typeName == "number" ? v.description : "a " + v.typeName), not \(type)") }
                }
                let due = e["due"].stringValue ?? asOf
                guard let day = Day(iso: due), Day.supported.contains(day) else {
                    throw bad("entry \(n + 1) (\(kind)): due \"\(due)\" is not a date like 2026-11-25 within \(Day.supported.lowerBound)…\(Day.supported.upperBound)")
                }
                let channel = e["channel"].stringValue ?? "call"
                guard channels.contains(channel) else {
                    throw bad("entry \(n + 1) (\(kind)): channel \"\(channel)\" is not one of \(channels.sorted().joined(separator: ", "))")
                }
                guard let message = e["message"].stringValue, !message.isEmpty else { throw bad("entry \(n + 1) (\(kind)) has no message") }
                let priority = e["priority"].intValue ?? 2
                guard (1...3).contains(priority) else { throw bad("entry \(n + 1) (\(kind)): priority \(priority) is not 1, 2 or 3") }
                let contact: String
                switch e["contact"] {
                case .nil: contact = ""
                case .string(let s):
                    contact = s.description
                    if known == nil { known = Set(try contacts()) }
                    guard known!.contains(contact) else {
                        let people = known!.sorted().joined(separator: ", ")
                        throw bad("entry \(n + 1) (\(kind)): contact \"\(contact.escapedForTerminal)\" is not one of the client's contacts (\(people.isEmpty ? "it has none: leave contact nil" : people.escapedForTerminal))")
                    }
                case let v: throw bad("entry \(n + 1) (\(kind)): contact is a \(v.typeName) — a contact's name (a string) or nil")
                }
                out.append(Followup(clientId: clientId, kind: kind, due: due, channel: channel, contact: contact,
                                    message: message, priority: Int(priority), draftedOn: asOf))
                out[out.count - 1].code = code
            }
            return out
        default:
            throw bad("returned \(value.typeName) — followups returns \(shape)")
        }
    }
}
