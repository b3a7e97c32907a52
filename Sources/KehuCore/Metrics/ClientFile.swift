import GRDB

/// A client's whole file (客户档案): profile, people, numbers and recent history.
public struct ClientFile: Sendable {
    public struct Contact: Sendable {
        public var name, role, phone, wechat: String
        public var birthday: String?
        public var hobbies: String
        public var minContactDays: Int?
    }
    public struct Entry: Sendable {
        public var date: String
        public var kind: String
        public var amount: Int64
        public var detail: String
    }

    public var summary: ClientSummary
    public var contacts: [Contact]
    public var recentOrders: [Entry]
    public var recentPayments: [Entry]
    public var recentInteractions: [Entry]

    /// Loads the file of `code` as of `asOf`; `count` recent entries of each kind.
    public static func load(_ connection: StoreConnection, code: String, asOf: String, count: Int = 10,
                            terms: ReceivableTerms? = nil, dormancy: DormancyRule = .standard) throws -> ClientFile {
        let db = connection.db
        let summary = try ClientDirectory.summary(connection, code: code, asOf: asOf, terms: terms, dormancy: dormancy)
        let id = summary.client.id!
        let contacts = try Row.fetchAll(db, sql: """
            SELECT name, role, phone, wechat, birthday, hobbies, min_contact_days FROM contact WHERE client_id = ? ORDER BY id
            """, arguments: [id]).map {
            Contact(name: $0[0], role: $0[1], phone: $0[2], wechat: $0[3], birthday: $0[4], hobbies: $0[5], minContactDays: $0[6])
        }
        let orders = try Row.fetchAll(db, sql: """
            SELECT date, code, amount, brand || ' ' || product FROM "order" WHERE client_id = ? AND date <= ?
            ORDER BY date DESC, id DESC LIMIT ?
            """, arguments: [id, asOf, count]).map { Entry(date: $0[0], kind: $0[1], amount: $0[2], detail: $0[3]) }
        let payments = try Row.fetchAll(db, sql: """
            SELECT date, code, amount FROM payment WHERE client_id = ? AND date <= ? ORDER BY date DESC, id DESC LIMIT ?
            """, arguments: [id, asOf, count]).map { Entry(date: $0[0], kind: $0[1], amount: $0[2], detail: "") }
        let interactions = try Row.fetchAll(db, sql: """
            SELECT i.date, i.kind, i.cost, COALESCE(c.name || '：', '') || i.summary
            FROM interaction i LEFT JOIN contact c ON c.id = i.contact_id
            WHERE i.client_id = ? AND i.date <= ? ORDER BY i.date DESC, i.id DESC LIMIT ?
            """, arguments: [id, asOf, count]).map { Entry(date: $0[0], kind: $0[1], amount: $0[2], detail: $0[3]) }
        return ClientFile(summary: summary, contacts: contacts, recentOrders: orders, recentPayments: payments,
                          recentInteractions: interactions)
    }
}
