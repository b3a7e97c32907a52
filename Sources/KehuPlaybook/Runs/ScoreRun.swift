import Foundation
import KehuCore
import LuaEngine

/// `kehu score`: loyalty, strength and quadrant of every active client, stored as one run.
public enum ScoreRun {
    public struct Result: Sendable {
        /// The stored run's id; nil for a dry run.
        public var run: Int64?
        public var playbook: Playbook
        /// Clients scored, and per quadrant (in report order) with their loyalty and strength sums.
        public var count: Int
        public var quadrants: [Summary]
        /// Seconds spent in the metrics pass, and in total.
        public var metricsSeconds: Double
        public var totalSeconds: Double
    }

    public struct Summary: Sendable, Equatable {
        public var quadrant: String
        public var clients = 0
        public var loyalty = 0.0, strength = 0.0
        public var sales365: Int64 = 0, receivable: Int64 = 0
    }

    /// Scores every active client as of the session's date, in code order, from one read
    /// snapshot. The rows stream into a temporary table as they are made (a million clients
    /// are never held in memory) and are stored with the run in one short write at the end,
    /// which is the only time the run holds the database's write lock. Any error — or
    /// `dryRun` — stores nothing.
    /// - Parameter each: sees every client's scores as they are made (for `--json`).
    /// - Parameter progress: told the number of active clients first, then how many are
    ///   scored, every few hundred.
    /// - Parameter keepGoing: go on past a client whose hooks fail, and then fail listing
    ///   every such client (nothing is stored either way).
    public static func run(_ store: KehuDatabase, session: PlaybookSession, dryRun: Bool = false, keepGoing: Bool = false,
                           each: ((ClientScore) throws -> Void)? = nil,
                           progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> Result {
        let started = Date()
        let asOf = session.runtime.asOfString
        var metricsSeconds = 0.0
        var summaries = Quadrant.allCases.map { Summary(quadrant: $0.rawValue) }
        var count = 0
        let params = session.runParams()
        let newRun = NewRun(kind: .score, playbook: session.playbook.name, version: session.playbook.version,
                            hash: session.playbook.hash, asOf: asOf, params: params)
        let runId = try store.stagedScoreRun(store: !dryRun, run: newRun) { db, stage in
            session.runtime.db = db
            defer { session.runtime.db = nil }
            let t0 = Date()
            session.runtime.prime(metrics: try session.metrics(db, asOf: asOf))
            metricsSeconds = Date().timeIntervalSince(t0)
            let total = progress == nil ? 0 : try ClientHistory.count(db, status: ClientStatus.active.rawValue)
            progress?(0, total)
            let clients = try ClientHistory.cursor(db, status: ClientStatus.active.rawValue)
            var failures: [PlaybookError] = []
            while let record = try clients.next() {
                let m = try session.runtime.metrics(for: record.id!)
                let table = try session.clientTable(record, m)
                let loyalty: Double, loyaltyParts: String, strength: Double, strengthParts: String, quadrant: Quadrant, reason: String?
                do {
                    (loyalty, loyaltyParts) = try session.loyalty(table, code: record.code)
                    (strength, strengthParts) = try session.strength(table, code: record.code)
                    (quadrant, reason) = try session.quadrant(loyalty: loyalty, strength: strength, table, code: record.code)
                } catch let e as PlaybookError where keepGoing && !session.hitLimit {
                    failures.append(e)
                    continue
                }
                let score = ClientScore(clientId: record.id!, code: record.code, loyalty: loyalty, strength: strength,
                                        quadrant: quadrant.rawValue, abc: m?.abc ?? "C", sales365: m?.sales365 ?? 0,
                                        receivable: m?.receivable ?? 0, loyaltyParts: loyaltyParts, strengthParts: strengthParts,
                                        reason: reason)
                try stage(score)
                try each?(score)
                count += 1
                if count % 250 == 0 { progress?(count, total) }
                let q = Quadrant.allCases.firstIndex(of: quadrant)!
                summaries[q].clients += 1
                summaries[q].loyalty += loyalty
                summaries[q].strength += strength
                summaries[q].sales365 += score.sales365
                summaries[q].receivable += score.receivable
            }
            if !failures.isEmpty { throw PlaybookError.clients(failures, total: count + failures.count) }
            return count
        }
        return Result(run: runId, playbook: session.playbook, count: count, quadrants: summaries,
                      metricsSeconds: metricsSeconds, totalSeconds: Date().timeIntervalSince(started))
    }
}
