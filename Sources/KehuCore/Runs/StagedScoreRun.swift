import GRDB

extension KehuDatabase {
    /// A score run in two steps, so that a long run holds no write lock while it scores:
    /// `body` reads one snapshot and hands each score to `stage`, which keeps it in a
    /// temporary file; then one short write stores the run `run` describes with its scores,
    /// or — when `store` is false, or anything throws — nothing at all.
    ///
    /// - Returns: the stored run's id (nil when nothing was stored).
    public func stagedScoreRun(store: Bool, run: NewRun,
                               _ body: (StoreConnection, _ stage: (ClientScore) throws -> Void) throws -> Int) throws -> Int64? {
        var runId: Int64?
        try writer.writeWithoutTransaction { db in
            try KehuDatabase.withSmallCache(db) {
                // Scoring reads one snapshot and writes only a temporary table: no write lock
                // on the database while the hooks run (imports and scripts may write).
                try db.execute(sql: "PRAGMA temp_store = FILE")
                defer {
                    // Tidying only: the next run drops and makes the stage anew, and temp_store
                    // decides only where temporary tables spill; a failure here loses nothing.
                    try? db.execute(sql: "DROP TABLE IF EXISTS temp.score_stage")
                    try? db.execute(sql: "PRAGMA temp_store = MEMORY")
                }
                var count = 0
                try db.inTransaction(.deferred) {
                    let connection = StoreConnection(db)
                    let stage = try RunStore.scoreStager(connection)
                    count = try body(connection, store ? stage : { _ in })
                    return .commit
                }
                guard store else { return }
                // Then one short write: the run and its scores, or nothing.
                try db.inTransaction(.immediate) {
                    let connection = StoreConnection(db)
                    let id = try RunStore.begin(connection, run)
                    try RunStore.storeStagedScores(connection, run: id)
                    try RunStore.finish(connection, run: id, clients: count)
                    runId = id
                    return .commit
                }
            }
        }
        return runId
    }
}
