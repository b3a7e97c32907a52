import GRDB
import GRDBSQLite

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
        /// The window's first and last day as ordinals (an open start: the earliest there is).
        public func days(asOf: String) -> (from: Int, to: Int) {
            let (a, b) = bounds(asOf: asOf)
            return (from == nil ? Int.min : Day.ordinal(a) ?? Int.min, Day.ordinal(b) ?? Int.min)
        }
    }

    public static func contacts(_ connection: StoreConnection, clientId: Int64, asOf: String) throws -> [Person] {
        let db = connection.db
        return try Row.fetchAll(db, sql: """
            SELECT p.*, (SELECT MAX(i.date) FROM interaction i WHERE i.contact_id = p.id AND i.date <= ?) AS last_contact
            FROM contact p WHERE p.client_id = ? ORDER BY p.id
            """, arguments: [asOf, clientId]).map {
            Person(name: $0["name"], role: $0["role"], phone: $0["phone"], wechat: $0["wechat"], birthday: $0["birthday"],
                   hobbies: $0["hobbies"], notes: $0["notes"], minContactDays: $0["min_contact_days"],
                   lastContact: $0["last_contact"])
        }
    }

    public static func orders(_ connection: StoreConnection, clientId: Int64, asOf: String, window: Window = Window()) throws -> [Order] {
        let db = connection.db
        let (from, to) = window.bounds(asOf: asOf)
        return try Row.fetchAll(db, sql: """
            SELECT code, date, amount, brand, product, quantity FROM "order"
            WHERE client_id = ? AND date >= ? AND date <= ? ORDER BY date, id
            """, arguments: [clientId, from, to]).map {
            Order(code: $0[0], date: $0[1], amount: $0[2], brand: $0[3], product: $0[4], quantity: $0[5])
        }
    }

    public static func payments(_ connection: StoreConnection, clientId: Int64, asOf: String, window: Window = Window()) throws -> [Payment] {
        let db = connection.db
        let (from, to) = window.bounds(asOf: asOf)
        return try Row.fetchAll(db, sql: """
            SELECT code, date, amount FROM payment WHERE client_id = ? AND date >= ? AND date <= ? ORDER BY date, id
            """, arguments: [clientId, from, to]).map { Payment(code: $0[0], date: $0[1], amount: $0[2]) }
    }

    /// A complaint's answer or resolution after `asOf` has not happened yet as of that day: nil.
    public static func interactions(_ connection: StoreConnection, clientId: Int64, asOf: String, window: Window = Window(),
                                    kind: String? = nil) throws -> [Interaction] {
        let db = connection.db
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

    /// The fields of `table` that a client's rows show (every field but the client itself).
    public static func rowFields(_ table: ImportTable) -> [Field] {
        table.shape.fields.filter { if case .client = $0.unit { return false } else { return true } }
    }

    /// One client's rows of `table` (orders, payments, interactions) as the registry declares
    /// them (``rowFields(_:)``), oldest first, as they stood on `asOf`: rows dated later are not
    /// there, and a moment after it (a complaint answered later) is not known yet (nil).
    /// `kind` keeps the rows of that kind, for a table that has one.
    public static func rows(_ connection: StoreConnection, _ table: ImportTable, clientId: Int64, asOf: String,
                            window: Window = Window(), kind: String? = nil) throws -> [[FieldValue]] {
        let shape = table.shape
        let fields = rowFields(table)
        guard shape.field("date") != nil else { throw KehuError.invalid("\(table.rawValue) rows have no date to read them by") }
        var joins = ""
        let selected = fields.map { field -> String in
            switch field.unit {
            case .contact:
                joins += " LEFT JOIN contact k ON k.id = t.\"\(field.column)\""
                return "k.name"
            case .moment: return "CASE WHEN substr(t.\"\(field.column)\", 1, 10) <= :asOf THEN t.\"\(field.column)\" END"
            default: return "t.\"\(field.column)\""
            }
        }
        var sql = "SELECT \(selected.joined(separator: ", ")) FROM \(shape.sqlTable) t\(joins) WHERE t.client_id = :client AND t.date >= :from AND t.date <= :to"
        if kind != nil {
            guard shape.field("kind") != nil else { throw KehuError.invalid("\(table.rawValue) rows have no kind") }
            sql += " AND t.kind = :kind"
        }
        sql += " ORDER BY t.date, t.id"
        let (from, to) = window.bounds(asOf: asOf)
        var arguments: StatementArguments = ["asOf": asOf, "client": clientId, "from": from, "to": to]
        if let kind { arguments += ["kind": kind] }
        // The same few texts for every client: prepared once per connection.
        let statement = try connection.db.cachedStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        var out: [[FieldValue]] = []
        while let row = try cursor.next() {
            out.append((0..<fields.count).map { FieldValue(row[$0] as DatabaseValue) })
        }
        return out
    }

    /// Orders by row id, with the fields the registry declares (``rowFields(_:)``), in the
    /// order of `ids` (the unpaid orders a playbook's `due` is asked about).
    public static func orderRows(_ connection: StoreConnection, ids: [Int64]) throws -> [[FieldValue]] {
        guard !ids.isEmpty else { return [] }
        let fields = rowFields(.orders)
        var byId: [Int64: [FieldValue]] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let part = ids[chunk..<min(chunk + 500, ids.count)]
            let sql = "SELECT id, " + fields.map { "\"\($0.column)\"" }.joined(separator: ", ")
                + " FROM \(ImportTable.orders.shape.sqlTable) WHERE id IN (" + part.map { _ in "?" }.joined(separator: ",") + ")"
            // Columns read straight from SQLite: a run may ask about every unpaid order.
            try connection.scanRows(sql, arguments: StatementArguments(Array(part))) { raw in
                byId[sqlite3_column_int64(raw, 0)] = (0..<fields.count).map { i in
                    let column = Int32(i + 1)
                    switch sqlite3_column_type(raw, column) {
                    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(raw, column))
                    case SQLITE_FLOAT: return .real(sqlite3_column_double(raw, column))
                    case SQLITE_TEXT:
                        guard let text = sqlite3_column_text(raw, column) else { return .null }
                        return .text(String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(raw, column))), as: UTF8.self))
                    default: return .null
                    }
                }
            }
        }
        return try ids.map { id in
            guard let row = byId[id] else { throw KehuError.invalid("order id \(id) is no longer in the database") }
            return row
        }
    }

    /// One client's sales (order amounts), order count and payments in a date window, both
    /// ends included and never past `asOf`: what `c:totals{}` answers, from the client/date
    /// indexes (no rows are read into Lua).
    public static func totals(_ connection: StoreConnection, clientId: Int64, asOf: String, window: Window) throws
        -> (sales: Int64, orders: Int, payments: Int64, paymentCount: Int) {
        let (from, to) = window.bounds(asOf: asOf)
        // One cached statement, two index range scans: a seasonal measure calls this a few
        // times per client.
        let statement = try connection.db.cachedStatement(sql: """
            SELECT (SELECT COALESCE(SUM(amount), 0) FROM "order" WHERE client_id = :c AND date >= :f AND date <= :t),
                   (SELECT COUNT(*) FROM "order" WHERE client_id = :c AND date >= :f AND date <= :t),
                   (SELECT COALESCE(SUM(amount), 0) FROM payment WHERE client_id = :c AND date >= :f AND date <= :t),
                   (SELECT COUNT(*) FROM payment WHERE client_id = :c AND date >= :f AND date <= :t)
            """)
        let r = try Row.fetchOne(statement, arguments: ["c": clientId, "f": from, "t": to])!
        return (r[0], r[1], r[2], r[3])
    }

    /// One client's contacts with the fields the registry declares (``rowFields(_:)``), in the
    /// order they were filed, each with the day of its last interaction by `asOf` (nil: never).
    public static func contactRows(_ connection: StoreConnection, clientId: Int64, asOf: String) throws
        -> [(fields: [FieldValue], lastContact: String?)] {
        let fields = rowFields(.contacts)
        let shape = ImportTable.contacts.shape
        let sql = "SELECT " + fields.map { "p.\"\($0.column)\"" }.joined(separator: ", ")
            + ", (SELECT MAX(i.date) FROM interaction i WHERE i.contact_id = p.id AND i.date <= ?) FROM \(shape.sqlTable) p WHERE p.client_id = ? ORDER BY p.id"
        return try Row.fetchAll(connection.db, sql: sql, arguments: [asOf, clientId]).map { row in
            ((0..<fields.count).map { FieldValue(row[$0] as DatabaseValue) }, row[fields.count])
        }
    }

    /// Client records by id, for the clients a run covers (`status` nil: all of them).
    public static func clients(_ connection: StoreConnection, status: String? = nil) throws -> [Int64: ClientRecord] {
        let db = connection.db
        var out: [Int64: ClientRecord] = [:]
        let request = status.map { ClientRecord.filter(Column("status") == $0) } ?? ClientRecord.all()
        let cursor = try request.fetchCursor(db)
        while let c = try cursor.next() { out[c.id!] = c }
        return out
    }

    /// Every client's id by its code (two columns, not whole records).
    /// One client's id by its code (the unique index), or nil.
    public static func id(_ connection: StoreConnection, code: String) throws -> Int64? {
        try Int64.fetchOne(connection.db, sql: "SELECT id FROM client WHERE code = ?", arguments: [code])
    }

    public static func idsByCode(_ connection: StoreConnection) throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        let cursor = try Row.fetchCursor(connection.db, sql: "SELECT code, id FROM client")
        while let row = try cursor.next() { out[row[0]] = row[1] }
        return out
    }

    /// Client records one at a time in code order (`status` nil: all of them).
    public static func cursor(_ connection: StoreConnection, status: String? = nil) throws -> ClientCursor {
        let db = connection.db
        let request = status.map { ClientRecord.filter(Column("status") == $0) } ?? ClientRecord.all()
        return ClientCursor(base: try request.order(Column("code")).fetchCursor(db))
    }

    /// Client records one at a time, read as they are asked for.
    public struct ClientCursor {
        let base: RecordCursor<ClientRecord>
        public func next() throws -> ClientRecord? { try base.next() }
    }

    /// How many clients there are (`status` nil: all of them).
    public static func count(_ connection: StoreConnection, status: String? = nil) throws -> Int {
        let request = status.map { ClientRecord.filter(Column("status") == $0) } ?? ClientRecord.all()
        return try request.fetchCount(connection.db)
    }

    /// Per client with orders in (`start`, `end`]: the sales up to `asOf`, the sales after it
    /// and the number of orders after it (what the backtest compares with its forecast).
    public static func salesAround(_ connection: StoreConnection, asOf: String, start: String, end: String) throws
        -> [Int64: (before: Int64, after: Int64, ordersAfter: Int)] {
        var sales: [Int64: (before: Int64, after: Int64, ordersAfter: Int)] = [:]
        let rows = try Row.fetchCursor(connection.db, sql: """
            SELECT client_id,
                   SUM(CASE WHEN date <= :asOf THEN amount ELSE 0 END),
                   SUM(CASE WHEN date > :asOf THEN amount ELSE 0 END),
                   SUM(CASE WHEN date > :asOf THEN 1 ELSE 0 END)
            FROM "order" WHERE date > :start AND date <= :end GROUP BY client_id
            """, arguments: ["asOf": asOf, "start": start, "end": end])
        while let r = try rows.next() { sales[r[0]] = (r[1], r[2], r[3]) }
        return sales
    }

    /// The date of the latest order or payment on file, if any.
    public static func lastActivityDate(_ connection: StoreConnection) throws -> String? {
        try String.fetchOne(connection.db, sql: "SELECT max(d) FROM (SELECT max(date) AS d FROM \"order\" UNION ALL SELECT max(date) FROM payment)")
    }

    public static func client(_ connection: StoreConnection, code: String) throws -> ClientRecord? {
        // Asked for every client a script iterates: one statement, prepared once.
        try ClientRecord.fetchOne(try connection.db.cachedStatement(sql: "SELECT * FROM client WHERE code = ?"), arguments: [code])
    }

}
