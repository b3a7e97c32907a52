import GRDB

/// A client's people and dated history, read on demand (a playbook's `c:contacts()`,
/// `c:orders{}` and the like). Every read stops at the as-of date.
public enum ClientHistory {
    public struct Person: Sendable, Equatable {
        public var name, role, phone, wechat: String
        public var birthday: String?
        public var hobbies, notes: String
        public var minContactDays: Int?
        /// The last interaction with this person on or before the as-of date.
        public var lastContact: String?
    }

    public struct Order: Sendable, Equatable {
        public var code, date: String
        public var amount: Int64
        public var brand, product: String
        public var quantity: Double?
    }

    public struct Payment: Sendable, Equatable {
        public var code, date: String
        public var amount: Int64
    }

    public struct Interaction: Sendable, Equatable {
        public var date, kind: String
        public var contact: String?
        public var cost: Int64
        public var summary: String
        public var answered, resolved: String?
    }

    /// A date window, both ends included; nil ends are open (the upper end never passes the
    /// as-of date).
    public struct Window: Sendable {
        public var from: String?
        public var to: String?
        public init(from: String? = nil, to: String? = nil) {
            self.from = from
            self.to = to
        }
        func bounds(asOf: String) -> (String, String) {
            (from ?? "0000-00-00", min(to ?? asOf, asOf))
        }
    }

    public static func contacts(_ db: Database, clientId: Int64, asOf: String) throws -> [Person] {
        try Row.fetchAll(db, sql: """
            SELECT p.*, (SELECT MAX(i.date) FROM interaction i WHERE i.contact_id = p.id AND i.date <= ?) AS last_contact
            FROM contact p WHERE p.client_id = ? ORDER BY p.id
            """, arguments: [asOf, clientId]).map {
            Person(name: $0["name"], role: $0["role"], phone: $0["phone"], wechat: $0["wechat"], birthday: $0["birthday"],
                   hobbies: $0["hobbies"], notes: $0["notes"], minContactDays: $0["min_contact_days"],
                   lastContact: $0["last_contact"])
        }
    }

    public static func orders(_ db: Database, clientId: Int64, asOf: String, window: Window = Window()) throws -> [Order] {
        let (from, to) = window.bounds(asOf: asOf)
        return try Row.fetchAll(db, sql: """
            SELECT code, date, amount, brand, product, quantity FROM "order"
            WHERE client_id = ? AND date >= ? AND date <= ? ORDER BY date, id
            """, arguments: [clientId, from, to]).map {
            Order(code: $0[0], date: $0[1], amount: $0[2], brand: $0[3], product: $0[4], quantity: $0[5])
        }
    }

    public static func payments(_ db: Database, clientId: Int64, asOf: String, window: Window = Window()) throws -> [Payment] {
        let (from, to) = window.bounds(asOf: asOf)
        return try Row.fetchAll(db, sql: """
            SELECT code, date, amount FROM payment WHERE client_id = ? AND date >= ? AND date <= ? ORDER BY date, id
            """, arguments: [clientId, from, to]).map { Payment(code: $0[0], date: $0[1], amount: $0[2]) }
    }

    /// A complaint's answer or resolution after `asOf` has not happened yet as of that day: nil.
    public static func interactions(_ db: Database, clientId: Int64, asOf: String, window: Window = Window(),
                                    kind: String? = nil) throws -> [Interaction] {
        let (from, to) = window.bounds(asOf: asOf)
        return try Row.fetchAll(db, sql: """
            SELECT i.date, i.kind, p.name, i.cost, i.summary,
                   CASE WHEN substr(i.answered, 1, 10) <= :asOf THEN i.answered END,
                   CASE WHEN substr(i.resolved, 1, 10) <= :asOf THEN i.resolved END
            FROM interaction i LEFT JOIN contact p ON p.id = i.contact_id
            WHERE i.client_id = :client AND i.date >= :from AND i.date <= :to AND (:kind IS NULL OR i.kind = :kind)
            ORDER BY i.date, i.id
            """, arguments: ["asOf": asOf, "client": clientId, "from": from, "to": to, "kind": kind]).map {
            Interaction(date: $0[0], kind: $0[1], contact: $0[2], cost: $0[3], summary: $0[4], answered: $0[5], resolved: $0[6])
        }
    }

    /// Client records by id, for the clients a run covers (`status` nil: all of them).
    public static func clients(_ db: Database, status: String? = nil) throws -> [Int64: ClientRecord] {
        var out: [Int64: ClientRecord] = [:]
        let request = status.map { ClientRecord.filter(Column("status") == $0) } ?? ClientRecord.all()
        let cursor = try request.fetchCursor(db)
        while let c = try cursor.next() { out[c.id!] = c }
        return out
    }

    /// Client records one at a time in code order (`status` nil: all of them).
    public static func cursor(_ db: Database, status: String? = nil) throws -> RecordCursor<ClientRecord> {
        let request = status.map { ClientRecord.filter(Column("status") == $0) } ?? ClientRecord.all()
        return try request.order(Column("code")).fetchCursor(db)
    }

    public static func client(_ db: Database, code: String) throws -> ClientRecord? {
        try ClientRecord.filter(Column("code") == code).fetchOne(db)
    }
}
