import Foundation
import GRDB

/// A stored run of a playbook: what ran, on which data date, and when.
public struct RunInfo: Sendable, Equatable {
    public enum Kind: String, Sendable { case score, allocate, followups }
    public var id: Int64
    public var kind: Kind
    public var playbook: String
    public var version: String
    /// SHA-256 of the playbook's files, so a result can be traced to the exact policy.
    public var hash: String
    public var asOf: String
    public var createdAt: String
    public var clients: Int
    /// Extra parameters (budget, resources, language), as a JSON object.
    public var params: String
    /// When `kehu runs prune` dropped this run's detail (its parts), if it did.
    public var prunedOn: String?

    init(row: Row) {
        id = row["id"]
        kind = Kind(rawValue: row["kind"]) ?? .score
        playbook = row["playbook"]
        version = row["version"]
        hash = row["hash"]
        asOf = row["as_of"]
        createdAt = row["created_at"]
        clients = row["clients"]
        params = row["params"]
        prunedOn = row.hasColumn("pruned_on") ? row["pruned_on"] : nil
    }
}

/// What a run is about to store: its identity and its parameters.
public struct NewRun: Sendable {
    public var kind: RunInfo.Kind
    public var playbook: String
    public var version: String
    public var hash: String
    public var asOf: String
    public var params: String
    public init(kind: RunInfo.Kind, playbook: String, version: String, hash: String, asOf: String, params: String = "{}") {
        self.kind = kind
        self.playbook = playbook
        self.version = version
        self.hash = hash
        self.asOf = asOf
        self.params = params
    }
}

/// One client's scores in a run. Parts are JSON lists as the playbook gave them.
public struct ClientScore: Sendable, Equatable {
    public var clientId: Int64
    public var code: String
    public var loyalty: Double
    public var strength: Double
    public var quadrant: String
    public var abc: String
    /// Trailing-year sales and receivable as of the run's date (fen).
    public var sales365: Int64
    public var receivable: Int64
    public var loyaltyParts: String
    public var strengthParts: String
    /// Why the client is in its quadrant, when the playbook's quadrant hook says ("debt 90+ days
    /// past its harvest").
    public var reason: String?
    /// The run's detail was pruned: the scores are kept, the parts lists are not (empty here).
    public var partsPruned = false
    public init(clientId: Int64, code: String, loyalty: Double, strength: Double, quadrant: String, abc: String,
                sales365: Int64 = 0, receivable: Int64 = 0, loyaltyParts: String, strengthParts: String, reason: String? = nil) {
        self.reason = reason
        self.sales365 = sales365
        self.receivable = receivable
        self.clientId = clientId
        self.code = code
        self.loyalty = loyalty
        self.strength = strength
        self.quadrant = quadrant
        self.abc = abc
        self.loyaltyParts = loyaltyParts
        self.strengthParts = strengthParts
    }
}

/// One line of an allocation plan: a client's amount of one resource, in fen.
public struct AllocationLine: Sendable, Equatable {
    public var clientId: Int64
    public var code: String
    public var quadrant: String
    public var resource: String
    public var amount: Int64
    public var reason: String
    public init(clientId: Int64, code: String, quadrant: String, resource: String, amount: Int64, reason: String) {
        self.clientId = clientId
        self.code = code
        self.quadrant = quadrant
        self.resource = resource
        self.amount = amount
        self.reason = reason
    }
}

/// Runs and their results: stored by the host, never by a playbook.
public enum RunStore {
    /// Stores a run's identity and returns its id; `clients` is filled by ``finish(_:run:clients:)``.
    public static func begin(_ connection: StoreConnection, _ run: NewRun, now: Date = Date()) throws -> Int64 {
        let db = connection.db
        let stamp = ISO8601DateFormatter().string(from: now)
        try db.execute(sql: """
            INSERT INTO run (kind, playbook, version, hash, as_of, created_at, params) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [run.kind.rawValue, run.playbook, run.version, run.hash, run.asOf, stamp, run.params])
        return db.lastInsertedRowID
    }

    public static func finish(_ connection: StoreConnection, run: Int64, clients: Int) throws {
        let db = connection.db
        try db.execute(sql: "UPDATE run SET clients = ? WHERE id = ?", arguments: [clients, run])
    }

    public static func insertScores(_ connection: StoreConnection, run: Int64, _ scores: [ClientScore]) throws {
        let insert = try scoreInserter(connection, run: run)
        for s in scores { try insert(s) }
    }

    /// A function storing one score of `run` at a time, on one prepared statement (a run
    /// streams its rows in as it makes them). Parts are stored compactly (``CompactParts``).
    public static func scoreInserter(_ connection: StoreConnection, run: Int64) throws -> (ClientScore) throws -> Void {
        let db = connection.db
        let statement = try db.makeStatement(sql: """
            INSERT INTO score (run_id, client_id, loyalty, strength, quadrant, abc, sales_365, receivable,
                               reason, parts, loyalty_parts, strength_parts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let parts = try CompactParts.Writer(connection, run: run)
        return { s in
            let blob = try parts.encode(s.loyaltyParts, s.strengthParts)
            try statement.execute(arguments: [run, s.clientId, s.loyalty, s.strength, s.quadrant, s.abc, s.sales365,
                                              s.receivable, s.reason, blob,
                                              blob == nil ? s.loyaltyParts : nil, blob == nil ? s.strengthParts : nil])
        }
    }

    /// A function that keeps one score at a time in a temporary table of the connection, so
    /// that a long run holds no write lock while it scores; ``storeStagedScores(_:run:)``
    /// then copies them into the run in one short write. The table lives in a temporary
    /// file (not memory): a million clients' parts stay out of the process.
    static func scoreStager(_ connection: StoreConnection) throws -> (ClientScore) throws -> Void {
        let db = connection.db
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.score_stage;
            CREATE TEMP TABLE score_stage (client_id INTEGER NOT NULL, loyalty REAL NOT NULL, strength REAL NOT NULL,
              quadrant TEXT NOT NULL, abc TEXT NOT NULL, sales_365 INTEGER NOT NULL, receivable INTEGER NOT NULL,
              loyalty_parts TEXT NOT NULL, strength_parts TEXT NOT NULL, reason TEXT);
            """)
        let statement = try db.makeStatement(sql: "INSERT INTO temp.score_stage VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        return { s in
            try statement.execute(arguments: [s.clientId, s.loyalty, s.strength, s.quadrant, s.abc, s.sales365,
                                              s.receivable, s.loyaltyParts, s.strengthParts, s.reason])
        }
    }

    /// Copies the staged scores into `run` (in the order they were made), compacting their
    /// parts, and drops the stage.
    static func storeStagedScores(_ connection: StoreConnection, run: Int64) throws {
        let db = connection.db
        let insert = try scoreInserter(connection, run: run)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT client_id, loyalty, strength, quadrant, abc, sales_365, receivable, loyalty_parts, strength_parts, reason
            FROM temp.score_stage ORDER BY rowid
            """)
        while let r = try rows.next() {
            try insert(ClientScore(clientId: r[0], code: "", loyalty: r[1], strength: r[2], quadrant: r[3], abc: r[4],
                                   sales365: r[5], receivable: r[6], loyaltyParts: r[7], strengthParts: r[8], reason: r[9]))
        }
        try db.execute(sql: "DROP TABLE temp.score_stage")
    }

    public static func insertAllocations(_ connection: StoreConnection, run: Int64, _ lines: [AllocationLine]) throws {
        let db = connection.db
        let statement = try db.makeStatement(sql: """
            INSERT INTO allocation (run_id, client_id, quadrant, resource, amount, reason) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for l in lines {
            try statement.execute(arguments: [run, l.clientId, l.quadrant, l.resource, l.amount, l.reason])
        }
    }

    /// The newest run of a kind, or the newest before run `before`.
    public static func latest(_ connection: StoreConnection, kind: RunInfo.Kind, before: Int64? = nil) throws -> RunInfo? {
        let db = connection.db
        return try Row.fetchOne(db, sql: "SELECT * FROM run WHERE kind = ? AND id < ? ORDER BY id DESC LIMIT 1",
                         arguments: [kind.rawValue, before ?? Int64.max]).map(RunInfo.init(row:))
    }

    /// Stored runs, newest first (of one kind when given).
    public static func list(_ connection: StoreConnection, kind: RunInfo.Kind? = nil, limit: Int = 50) throws -> [RunInfo] {
        let db = connection.db
        return try Row.fetchAll(db, sql: "SELECT * FROM run WHERE ? IS NULL OR kind = ? ORDER BY id DESC LIMIT ?",
                         arguments: [kind?.rawValue, kind?.rawValue, limit]).map(RunInfo.init(row:))
    }

    public static func run(_ connection: StoreConnection, id: Int64) throws -> RunInfo? {
        let db = connection.db
        return try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(RunInfo.init(row:))
    }

    /// Every score of a run, by client code.
    public static func scores(_ connection: StoreConnection, run: Int64) throws -> [ClientScore] {
        let db = connection.db
        let reader = try CompactParts.Reader.whole(connection, run: run)
        return try Row.fetchAll(db, sql: """
            SELECT s.*, c.code FROM score s JOIN client c ON c.id = s.client_id WHERE s.run_id = ? ORDER BY c.code
            """, arguments: [run]).map { try score(row: $0, reader: reader) }
    }

    /// One client's scores across runs, oldest first, with the run each came from.
    public static func history(_ connection: StoreConnection, clientId: Int64) throws -> [(run: RunInfo, score: ClientScore)] {
        let db = connection.db
        return try Row.fetchAll(db, sql: """
            SELECT s.*, c.code, r.id AS id, r.kind, r.playbook, r.version, r.hash, r.as_of, r.created_at,
                   r.clients, r.params, r.pruned_on
            FROM score s JOIN client c ON c.id = s.client_id JOIN run r ON r.id = s.run_id
            WHERE s.client_id = ? ORDER BY s.run_id
            """, arguments: [clientId]).map { row in
            let run = RunInfo(row: row)
            return (run, try score(row: row, reader: try CompactParts.Reader.lazy(connection, run: run.id)))
        }
    }

    public static func allocations(_ connection: StoreConnection, run: Int64) throws -> [AllocationLine] {
        let db = connection.db
        return try Row.fetchAll(db, sql: """
            SELECT a.*, c.code FROM allocation a JOIN client c ON c.id = a.client_id
            WHERE a.run_id = ? ORDER BY c.code, a.resource
            """, arguments: [run]).map {
            AllocationLine(clientId: $0["client_id"], code: $0["code"], quadrant: $0["quadrant"],
                           resource: $0["resource"], amount: $0["amount"], reason: $0["reason"])
        }
    }

    static func score(row: Row, reader: CompactParts.Reader) throws -> ClientScore {
        var loyaltyParts: String? = row["loyalty_parts"], strengthParts: String? = row["strength_parts"]
        if let blob: Data = row["parts"] {
            (loyaltyParts, strengthParts) = try reader.decode(blob)
        }
        var s = ClientScore(clientId: row["client_id"], code: row["code"], loyalty: row["loyalty"], strength: row["strength"],
                            quadrant: row["quadrant"], abc: row["abc"], sales365: row["sales_365"], receivable: row["receivable"],
                            loyaltyParts: loyaltyParts ?? "[]", strengthParts: strengthParts ?? "[]", reason: row["reason"])
        s.partsPruned = loyaltyParts == nil
        return s
    }

    /// Drops the detail of score runs — their parts lists — keeping each run's summary and
    /// every client's scores and quadrant (the history). The newest `keep` score runs keep
    /// their detail, and so do runs made on or after `since` (ISO 8601 date) when given.
    /// Returns the runs pruned now. The file shrinks only after `VACUUM`.
    public static func prune(_ connection: StoreConnection, keep: Int?, olderThan since: String?, today: String) throws -> [Int64] {
        let db = connection.db
        let candidates = try pruneCandidates(connection, keep: keep, olderThan: since)
        for id in candidates {
            try db.execute(sql: "UPDATE score SET parts = NULL, loyalty_parts = NULL, strength_parts = NULL WHERE run_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM run_text WHERE run_id = ?", arguments: [id])
            try db.execute(sql: "UPDATE run SET pruned_on = ? WHERE id = ?", arguments: [today, id])
        }
        return candidates
    }

    /// The score runs ``prune(_:keep:olderThan:today:)`` would prune, oldest first.
    public static func pruneCandidates(_ connection: StoreConnection, keep: Int?, olderThan since: String?) throws -> [Int64] {
        try Int64.fetchAll(connection.db, sql: """
            SELECT id FROM run WHERE kind = 'score' AND pruned_on IS NULL
              AND id NOT IN (SELECT id FROM run WHERE kind = 'score' ORDER BY id DESC LIMIT ?)
              AND (? IS NULL OR substr(created_at, 1, 10) < ?)
            ORDER BY id
            """, arguments: [keep ?? 0, since, since])
    }

    /// About how many bytes each run's rows take (their stored values, without SQLite's page
    /// overhead), by run id.
    public static func sizes(_ connection: StoreConnection, runs: [Int64]) throws -> [Int64: Int64] {
        let db = connection.db
        var out: [Int64: Int64] = [:]
        for id in runs {
            let score = try Int64.fetchOne(db, sql: """
                SELECT TOTAL(24 + IFNULL(length(parts), 0) + IFNULL(length(loyalty_parts), 0) + IFNULL(length(strength_parts), 0)
                             + IFNULL(length(reason), 0) + length(quadrant) + length(abc)) FROM score WHERE run_id = ?
                """, arguments: [id]) ?? 0
            let text = try Int64.fetchOne(db, sql: "SELECT TOTAL(8 + length(text)) FROM run_text WHERE run_id = ?", arguments: [id]) ?? 0
            let allocation = try Int64.fetchOne(db, sql: """
                SELECT TOTAL(24 + length(quadrant) + length(resource) + length(reason)) FROM allocation WHERE run_id = ?
                """, arguments: [id]) ?? 0
            let followup = try Int64.fetchOne(db, sql: """
                SELECT TOTAL(40 + length(kind) + length(channel) + length(contact) + length(message)) FROM followup WHERE run_id = ?
                """, arguments: [id]) ?? 0
            out[id] = score + text + allocation + followup
        }
        return out
    }
}
