import GRDB

/// A drafted follow-up: a task for a rep, open until marked done or skipped.
public struct Followup: Sendable, Equatable {
    /// `superseded`: a later run no longer drafted it (kept, with that run).
    public enum Status: String, Sendable, CaseIterable { case open, done, skipped, superseded }
    public var id: Int64?
    public var clientId: Int64
    public var kind: String
    public var due: String
    public var channel: String
    /// The contact's name, or empty when the follow-up is about the client as a whole.
    public var contact: String
    public var message: String
    /// 1 risk or key matter, 2 normal, 3 when there is time.
    public var priority: Int
    public var status: Status = .open
    public var draftedOn: String
    public var closedOn: String?
    /// The run that superseded it.
    public var supersededBy: Int64?
    /// The run that drafted it.
    public var run: Int64?
    /// Read with the follow-up, for lists: the client's code, name and rep.
    public var code = "", clientName = "", owner = ""

    public init(clientId: Int64, kind: String, due: String, channel: String, contact: String, message: String,
                priority: Int, draftedOn: String) {
        self.clientId = clientId
        self.kind = kind
        self.due = due
        self.channel = channel
        self.contact = contact
        self.message = message
        self.priority = priority
        self.draftedOn = draftedOn
    }

    init(row: Row) {
        id = row["id"]
        clientId = row["client_id"]
        kind = row["kind"]
        due = row["due"]
        channel = row["channel"]
        contact = row["contact"]
        message = row["message"]
        priority = row["priority"]
        status = Status(rawValue: row["status"]) ?? .open
        draftedOn = row["drafted_on"]
        closedOn = row["closed_on"]
        supersededBy = row["superseded_by"]
        run = row["run_id"]
        code = row["code"]
        clientName = row["name"]
        owner = row["owner"]
    }
}

/// Which follow-ups to list.
public struct FollowupFilter: Sendable {
    public var status: Followup.Status?
    public var owner: String?
    public var client: String?
    /// Due on or before this date.
    public var dueBy: String?
    public init(status: Followup.Status? = .open, owner: String? = nil, client: String? = nil, dueBy: String? = nil) {
        self.status = status
        self.owner = owner
        self.client = client
        self.dueBy = dueBy
    }
}

public enum FollowupStore {
    /// Stores a drafted follow-up unless one of the same client, kind and contact is still
    /// open. Returns whether it was stored.
    @discardableResult
    public static func insert(_ connection: StoreConnection, _ f: Followup, run: Int64?) throws -> Bool {
        let db = connection.db
        try db.execute(sql: """
            INSERT OR IGNORE INTO followup (run_id, client_id, kind, due, channel, contact, message, priority, drafted_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [run, f.clientId, f.kind, f.due, f.channel, f.contact, f.message, f.priority, f.draftedOn])
        return db.changesCount > 0
    }

    /// Follow-ups matching `filter`, by due date, priority and client code.
    public static func list(_ connection: StoreConnection, _ filter: FollowupFilter = FollowupFilter()) throws -> [Followup] {
        let db = connection.db
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let s = filter.status { conditions.append("f.status = ?"); arguments.append(s.rawValue) }
        if let o = filter.owner { conditions.append("c.owner = ?"); arguments.append(o) }
        if let c = filter.client { conditions.append("c.code = ?"); arguments.append(c) }
        if let d = filter.dueBy { conditions.append("f.due <= ?"); arguments.append(d) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(db, sql: """
            SELECT f.*, c.code, c.name, c.owner FROM followup f JOIN client c ON c.id = f.client_id
            \(whereClause) ORDER BY f.due, f.priority, c.code, f.kind, f.contact
            """, arguments: StatementArguments(arguments)).map(Followup.init(row:))
    }

    /// Supersedes the open follow-ups of `clients` that `drafted` no longer has (by client,
    /// kind and contact): they stay, with status `superseded`, the run, and the day. Returns
    /// them as they were.
    @discardableResult
    public static func supersede(_ connection: StoreConnection, clients: Set<Int64>, drafted: [Followup], run: Int64?,
                                 on day: String, dryRun: Bool = false) throws -> [Followup] {
        let kept = Set(drafted.map { "\($0.clientId)\u{1F}\($0.kind)\u{1F}\($0.contact)" })
        let open = try list(connection, FollowupFilter(status: .open))
        let gone = open.filter { clients.contains($0.clientId) && !kept.contains("\($0.clientId)\u{1F}\($0.kind)\u{1F}\($0.contact)") }
        if !dryRun {
            for f in gone {
                try connection.db.execute(sql: "UPDATE followup SET status = 'superseded', closed_on = ?, superseded_by = ? WHERE id = ? AND status = 'open'",
                                          arguments: [day, run, f.id])
            }
        }
        return gone
    }

    /// The ids of open follow-ups of a kind, a client (by code) and a drafting run; nil
    /// conditions do not filter.
    public static func openIds(_ connection: StoreConnection, kind: String?, client: String?, run: Int64?) throws -> [Int64] {
        try Int64.fetchAll(connection.db, sql: """
            SELECT f.id FROM followup f JOIN client c ON c.id = f.client_id
            WHERE f.status = 'open' AND (:k IS NULL OR f.kind = :k) AND (:c IS NULL OR c.code = :c) AND (:r IS NULL OR f.run_id = :r)
            ORDER BY f.id
            """, arguments: ["k": kind, "c": client, "r": run])
    }

    /// Marks open follow-ups done or skipped; returns the ids that were not open.
    public static func close(_ connection: StoreConnection, ids: [Int64], as status: Followup.Status, on day: String) throws -> [Int64] {
        let db = connection.db
        var missing: [Int64] = []
        for id in ids {
            try db.execute(sql: "UPDATE followup SET status = ?, closed_on = ? WHERE id = ? AND status = 'open'",
                           arguments: [status.rawValue, day, id])
            if db.changesCount == 0 { missing.append(id) }
        }
        return missing
    }
}

/// An open follow-up on a rep's day, with what the agenda orders and filters by.
public struct AgendaEntry: Sendable, Equatable {
    public var followup: Followup
    /// The client's quadrant in the latest score run, if scored.
    public var quadrant: String?
    /// The contact's preferred minimum interval, and when they were last contacted.
    public var minContactDays: Int?
    public var lastContact: String?
}

extension FollowupStore {
    /// Open follow-ups due on or before `date` (for one rep's clients when `owner` is given).
    public static func agenda(_ connection: StoreConnection, owner: String?, date: String) throws -> [AgendaEntry] {
        let db = connection.db
        return try Row.fetchAll(db, sql: """
            SELECT f.*, c.code, c.name, c.owner,
                   (SELECT s.quadrant FROM score s
                     WHERE s.client_id = f.client_id
                       AND s.run_id = (SELECT MAX(id) FROM run WHERE kind = 'score')) AS quadrant,
                   p.min_contact_days,
                   (SELECT MAX(i.date) FROM interaction i WHERE i.contact_id = p.id AND i.date <= :d) AS last_contact
            FROM followup f JOIN client c ON c.id = f.client_id
            LEFT JOIN contact p ON p.client_id = f.client_id AND p.name = f.contact
            WHERE f.status = 'open' AND f.due <= :d AND (:o IS NULL OR c.owner = :o)
            ORDER BY f.due, f.priority, c.code, f.kind, f.contact
            """, arguments: ["d": date, "o": owner]).map {
            AgendaEntry(followup: Followup(row: $0), quadrant: $0["quadrant"], minContactDays: $0["min_contact_days"],
                        lastContact: $0["last_contact"])
        }
    }
}
