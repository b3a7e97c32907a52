import GRDB

/// A stored record: snake_case columns, Swift's camelCase properties.
public protocol KehuRecord: FetchableRecord, MutablePersistableRecord {}

extension KehuRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// A client (客户) as stored. Amounts are fen; dates are `YYYY-MM-DD`.
public struct ClientRecord: Codable, Sendable, Equatable, KehuRecord {
    public static let databaseTableName = "client"
    public var id: Int64?
    public var code: String
    public var name: String
    public var kind: String
    public var region: String = ""
    public var owner: String = ""
    public var creditLimit: Int64 = 0
    public var paymentTermsDays: Int = 0
    public var stage: String = "awareness"
    public var status: String = "active"
    public var staff: Int?
    public var vehicles: Int?
    public var premisesM2: Double?
    public var warehouseM2: Double?
    public var capital: Int64?
    public var ads: String = ""
    public var tags: String = ""
    public var attributes: String = "{}"
    public var since: String?

    public init(code: String, name: String, kind: String) {
        self.code = code
        self.name = name
        self.kind = kind
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Decodes by column name directly: several times faster than Codable's key conversion,
    /// which matters when a list reads every client.
    public init(row: Row) throws {
        id = row["id"]
        code = row["code"]
        name = row["name"]
        kind = row["kind"]
        region = row["region"]
        owner = row["owner"]
        creditLimit = row["credit_limit"]
        paymentTermsDays = row["payment_terms_days"]
        stage = row["stage"]
        status = row["status"]
        staff = row["staff"]
        vehicles = row["vehicles"]
        premisesM2 = row["premises_m2"]
        warehouseM2 = row["warehouse_m2"]
        capital = row["capital"]
        ads = row["ads"]
        tags = row["tags"]
        attributes = row["attributes"]
        since = row["since"]
    }
}

/// An order (订单).
public struct OrderRecord: Codable, Sendable, Equatable, KehuRecord {
    public static let databaseTableName = "order"
    public var id: Int64?
    public var code: String
    public var clientId: Int64
    public var date: String
    public var amount: Int64
    public var brand: String = ""
    public var product: String = ""
    public var quantity: Double?

    public init(code: String, clientId: Int64, date: String, amount: Int64) {
        self.code = code
        self.clientId = clientId
        self.date = date
        self.amount = amount
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A payment (回款).
public struct PaymentRecord: Codable, Sendable, Equatable, KehuRecord {
    public static let databaseTableName = "payment"
    public var id: Int64?
    public var code: String
    public var clientId: Int64
    public var date: String
    public var amount: Int64

    public init(code: String, clientId: Int64, date: String, amount: Int64) {
        self.code = code
        self.clientId = clientId
        self.date = date
        self.amount = amount
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
