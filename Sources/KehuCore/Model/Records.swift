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
    /// Every field of the registry (``ImportTable/shape``), in its order, as stored: what the
    /// Lua client table and other generic views read, so that a field added to the registry
    /// reaches them with no code of its own. Filled when the record is read from the store;
    /// a record made in code holds the registry's empty values.
    public var fieldValues: [FieldValue]

    enum CodingKeys: String, CodingKey {
        case id, code, name, kind, region, owner, creditLimit, paymentTermsDays, stage, status, staff, vehicles,
             premisesM2, warehouseM2, capital, ads, tags, attributes, since
    }

    public init(code: String, name: String, kind: String) {
        self.code = code
        self.name = name
        self.kind = kind
        fieldValues = ImportTable.clients.shape.fields.map { field in
            switch field.name {
            case "code": return .text(code)
            case "name": return .text(name)
            case "kind": return .text(kind)
            default: return FieldValue(field.empty)
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try c.decode(String.self, forKey: .code), name: try c.decode(String.self, forKey: .name),
                  kind: try c.decode(String.self, forKey: .kind))
        id = try c.decodeIfPresent(Int64.self, forKey: .id)
        region = try c.decode(String.self, forKey: .region)
        owner = try c.decode(String.self, forKey: .owner)
        creditLimit = try c.decode(Int64.self, forKey: .creditLimit)
        paymentTermsDays = try c.decode(Int.self, forKey: .paymentTermsDays)
        stage = try c.decode(String.self, forKey: .stage)
        status = try c.decode(String.self, forKey: .status)
        staff = try c.decodeIfPresent(Int.self, forKey: .staff)
        vehicles = try c.decodeIfPresent(Int.self, forKey: .vehicles)
        premisesM2 = try c.decodeIfPresent(Double.self, forKey: .premisesM2)
        warehouseM2 = try c.decodeIfPresent(Double.self, forKey: .warehouseM2)
        capital = try c.decodeIfPresent(Int64.self, forKey: .capital)
        ads = try c.decode(String.self, forKey: .ads)
        tags = try c.decode(String.self, forKey: .tags)
        attributes = try c.decode(String.self, forKey: .attributes)
        since = try c.decodeIfPresent(String.self, forKey: .since)
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
        fieldValues = ImportTable.clients.shape.fields.map { FieldValue(row[$0.column] as DatabaseValue) }
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
