import Foundation
import GRDB
import KehuCore
import LuaEngine

/// `kehu score`: loyalty, strength and quadrant of every active client, stored as one run.
public enum ScoreRun {
    public struct Result: Sendable {
        /// The stored run's id; nil for a dry run.
        public var run: Int64?
        public var scores: [ClientScore]
        public var playbook: Playbook
        /// Seconds spent in the metrics pass, and in total.
        public var metricsSeconds: Double
        public var totalSeconds: Double
    }

    /// Scores every active client as of the session's date. Reads one database snapshot; the
    /// results are written in one transaction (or not at all: `dryRun`, or any error).
    public static func run(_ store: KehuDatabase, session: PlaybookSession, dryRun: Bool = false,
                           progress: ((Int, Int) -> Void)? = nil) throws -> Result {
        let started = Date()
        let asOf = session.runtime.asOfString
        var metricsSeconds = 0.0
        let scores: [ClientScore] = try store.writer.read { db in
            session.runtime.db = db
            defer { session.runtime.db = nil }
            let t0 = Date()
            let metrics = try MetricsEngine.compute(db, asOf: asOf)
            metricsSeconds = Date().timeIntervalSince(t0)
            session.runtime.prime(metrics: metrics)
            let clients = try ClientHistory.clients(db, status: ClientStatus.active.rawValue)
            var out: [ClientScore] = []
            out.reserveCapacity(clients.count)
            for m in metrics {
                guard let record = clients[m.clientId] else { continue }
                let table = try session.clientTable(record, m)
                let (loyalty, loyaltyParts) = try session.loyalty(table, code: record.code)
                let (strength, strengthParts) = try session.strength(table, code: record.code)
                let quadrant = try session.quadrant(loyalty: loyalty, strength: strength, table, code: record.code)
                out.append(ClientScore(clientId: m.clientId, code: record.code, loyalty: loyalty, strength: strength,
                                       quadrant: quadrant.rawValue, abc: m.abc, sales365: m.sales365, receivable: m.receivable,
                                       loyaltyParts: loyaltyParts, strengthParts: strengthParts))
                if out.count % 1000 == 0 { progress?(out.count, clients.count) }
            }
            return out
        }
        var runId: Int64?
        if !dryRun {
            runId = try store.writer.write { db in
                let id = try RunStore.begin(db, NewRun(kind: .score, playbook: session.playbook.name, version: session.playbook.version,
                                                       hash: session.playbook.hash, asOf: asOf))
                try RunStore.insertScores(db, run: id, scores)
                try RunStore.finish(db, run: id, clients: scores.count)
                return id
            }
        }
        return Result(run: runId, scores: scores, playbook: session.playbook, metricsSeconds: metricsSeconds,
                      totalSeconds: Date().timeIntervalSince(started))
    }
}
