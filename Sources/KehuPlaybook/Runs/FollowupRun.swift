import Foundation
import KehuCore
import LuaEngine

/// `kehu followups`: drafts follow-ups for every active client with the playbook's
/// `followups` hook and stores them as open tasks, never beside an open one of the same
/// client, kind and contact. An open follow-up of a client the run covers that the run no
/// longer drafts (a playbook changed, a debt was paid, the contact changed) is superseded:
/// kept, with the run that superseded it.
public enum FollowupRun {
    public struct Result: Sendable {
        public var run: Int64?
        /// What the playbook drafted, in client order.
        public var drafted: [Followup]
        /// How many of them were stored (the rest duplicate an open follow-up).
        public var stored: Int
        /// The open follow-ups the run no longer drafts (with --dry-run: would supersede).
        public var superseded: [Followup] = []
    }

    /// - Parameter progress: clients drafted for so far, of all the active ones.
    public static func run(_ store: KehuDatabase, session: PlaybookSession, client code: String? = nil,
                           dryRun: Bool = false, keepGoing: Bool = false, progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> Result {
        let asOf = session.runtime.asOfString
        var covered: Set<Int64> = []
        let drafted: [Followup] = try store.read { db in
            session.runtime.db = db
            defer { session.runtime.db = nil }
            let metrics = try session.metrics(db, asOf: asOf)
            session.runtime.prime(metrics: metrics)
            let clients = try ClientHistory.clients(db, status: ClientStatus.active.rawValue)
            if let code, !clients.values.contains(where: { $0.code == code }) {
                throw PlaybookError.run("no active client with code \(code) — 'kehu clients' lists them")
            }
            var out: [Followup] = []
            var failures: [PlaybookError] = []
            var done = 0, tried = 0
            for m in metrics {
                done += 1
                if done % 250 == 0 { progress?(done, metrics.count) }
                guard let record = clients[m.clientId], code == nil || record.code == code else { continue }
                let table = try session.clientTable(record, m)
                tried += 1
                covered.insert(m.clientId)
                do {
                    let r = try session.call(.followups, [.reference(table), .string(LuaString(asOf))], client: record.code)
                    out += try validate(r.first ?? .nil, clientId: m.clientId, code: record.code, asOf: asOf, session: session,
                                        contacts: { try ClientHistory.contacts(db, clientId: m.clientId, asOf: asOf).map(\.name) })
                } catch let e as PlaybookError where keepGoing && !session.hitLimit {
                    failures.append(e)
                }
            }
            if !failures.isEmpty { throw PlaybookError.clients(failures, total: tried) }
            return out
        }
        guard !dryRun else {
            let gone = try store.read { try FollowupStore.supersede($0, clients: covered, drafted: drafted, run: nil, on: asOf, dryRun: true) }
            return Result(run: nil, drafted: drafted, stored: 0, superseded: gone)
        }
        return try store.write { db in
            let params = session.runParams(["language": "\"\(session.runtime.language)\""])
            let id = try RunStore.begin(db, NewRun(kind: .followups, playbook: session.playbook.name, version: session.playbook.version,
                                                   hash: session.playbook.hash, asOf: asOf, params: params))
            let gone = try FollowupStore.supersede(db, clients: covered, drafted: drafted, run: id, on: asOf)
            var stored = 0
            for f in drafted where try FollowupStore.insert(db, f, run: id) { stored += 1 }
            try RunStore.finish(db, run: id, clients: Set(drafted.map(\.clientId)).count)
            return Result(run: id, drafted: drafted, stored: stored, superseded: gone)
        }
    }

    /// Checks a `followups` hook's result against its declaration (``HookSpecs``): a list
    /// (never a single follow-up, never a table with other keys: those would be dropped
    /// unseen), each entry whole, its contact one of the client's people (read through
    /// `contacts` only when an entry names one).
    static func validate(_ value: LuaValue, clientId: Int64, code: String, asOf: String,
                         session: PlaybookSession, contacts: @escaping () throws -> [String]) throws -> [Followup] {
        let names = ["contacts": ResultCheck.Names(phrase: "the client's contacts", empty: "it has none: leave contact nil", names: contacts)]
        let entries = try ResultCheck.entries(value, spec: PlaybookSession.Hook.followups.spec, names: names) {
            session.invalid(.followups, code, $0)
        }
        return entries.map { e in
            var f = Followup(clientId: clientId, kind: e["kind"].stringValue!, due: e["due"].stringValue ?? asOf,
                             channel: e["channel"].stringValue ?? "call", contact: e["contact"].stringValue ?? "",
                             message: e["message"].stringValue!, priority: Int(e["priority"].intValue ?? 2), draftedOn: asOf)
            f.code = code
            return f
        }
    }
}
