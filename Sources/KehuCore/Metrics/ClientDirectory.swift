import GRDB

/// Which clients to list; nil fields do not filter.
public struct ClientFilter: Sendable {
    public var kind: String?
    public var region: String?
    public var owner: String?
    public var tag: String?
    public var abc: String?
    public var status: String?
    public init(kind: String? = nil, region: String? = nil, owner: String? = nil, tag: String? = nil,
                abc: String? = nil, status: String? = nil) {
        self.kind = kind
        self.region = region
        self.owner = owner
        self.tag = tag
        self.abc = abc
        self.status = status
    }
}

/// How to order a client list.
public enum ClientSort: String, CaseIterable, Sendable {
    case sales, code, name, receivable, overdue
}

/// A client with its metrics as of a date.
public struct ClientSummary: Sendable {
    public var client: ClientRecord
    public var metrics: ClientMetrics
}

/// Client lists and client files, with their metrics.
public enum ClientDirectory {
    /// Clients matching `filter`, sorted, at most `limit`. Metrics come from one pass over all
    /// clients (ABC classes need the whole base).
    public static func list(_ connection: StoreConnection, asOf: String, filter: ClientFilter = ClientFilter(),
                            sort: ClientSort = .sales, limit: Int? = nil, terms: ReceivableTerms? = nil,
                            dormancy: DormancyRule = .standard) throws -> [ClientSummary] {
        let db = connection.db
        var metrics = try MetricsEngine.compute(connection, asOf: asOf, terms: terms, dormancy: dormancy)
        // Filter on the client's own fields in SQL (ids only), then sort the metrics, and read
        // whole client records only for the rows shown: a million-client base stays light.
        if let ids = try ids(db, filter) {
            let set = Set(ids.map(\.id))
            metrics.removeAll { !set.contains($0.clientId) }
        }
        if let abc = filter.abc { metrics.removeAll { $0.abc != abc.uppercased() } }
        var names: [Int64: String] = [:]
        if sort == .name {
            names = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, name FROM client").map { ($0[0], $0[1]) })
        }
        // Sort positions, not the metrics themselves: each is a large value to move around.
        let codes = metrics.map(\.code)
        let numbers: [Int64]
        switch sort {
        case .sales: numbers = metrics.map(\.sales365)
        case .receivable: numbers = metrics.map(\.receivable)
        case .overdue: numbers = metrics.map(\.overdue)
        case .code, .name: numbers = []
        }
        let order = metrics.indices.sorted { i, j in
            switch sort {
            case .code: return codes[i] < codes[j]
            case .name:
                let x = names[metrics[i].clientId] ?? "", y = names[metrics[j].clientId] ?? ""
                return x != y ? x < y : codes[i] < codes[j]
            case .sales, .receivable, .overdue:
                return numbers[i] != numbers[j] ? numbers[i] > numbers[j] : codes[i] < codes[j]
            }
        }
        var sorted = order.prefix(limit ?? order.count).map { metrics[$0] }
        swap(&metrics, &sorted)
        var records: [Int64: ClientRecord] = [:]
        for chunk in stride(from: 0, to: metrics.count, by: 500) {
            let ids = metrics[chunk..<min(chunk + 500, metrics.count)].map(\.clientId)
            for c in try ClientRecord.filter(ids.contains(Column("id"))).fetchAll(db) { records[c.id!] = c }
        }
        return metrics.compactMap { m in records[m.clientId].map { ClientSummary(client: $0, metrics: m) } }
    }

    /// The ids and codes of clients matching the filter's own-field conditions, by code; nil
    /// when the filter has none (every client matches).
    static func ids(_ db: Database, _ filter: ClientFilter) throws -> [(id: Int64, code: String)]? {
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let kind = filter.kind { conditions.append("kind = ?"); arguments.append(kind) }
        if let region = filter.region { conditions.append("region LIKE ?"); arguments.append("%\(region)%") }
        if let owner = filter.owner { conditions.append("owner = ?"); arguments.append(owner) }
        if let status = filter.status { conditions.append("status = ?"); arguments.append(status) }
        if let tag = filter.tag { conditions.append("(';' || tags || ';') LIKE ?"); arguments.append("%;\(tag);%") }
        guard !conditions.isEmpty else { return nil }
        return try Row.fetchAll(db, sql: "SELECT id, code FROM client WHERE " + conditions.joined(separator: " AND ") + " ORDER BY code",
                                arguments: StatementArguments(arguments)).map { ($0[0], $0[1]) }
    }

    /// Codes of the clients matching `filter`, in code order. Metrics are computed only when
    /// the filter needs them (an ABC class).
    public static func codes(_ connection: StoreConnection, asOf: String, filter: ClientFilter, terms: ReceivableTerms? = nil) throws -> [String] {
        let db = connection.db
        if let abc = filter.abc {
            let wanted = try ids(db, filter).map { Set($0.map(\.id)) }
            return try MetricsEngine.compute(connection, asOf: asOf, terms: terms)
                .filter { $0.abc == abc.uppercased() && (wanted?.contains($0.clientId) ?? true) }.map(\.code)
        }
        if let list = try ids(db, filter) { return list.map(\.code) }
        return try String.fetchAll(db, sql: "SELECT code FROM client ORDER BY code")
    }

    /// One client's summary, or `KehuError.unknownClient`.
    public static func summary(_ connection: StoreConnection, code: String, asOf: String, terms: ReceivableTerms? = nil,
                               dormancy: DormancyRule = .standard) throws -> ClientSummary {
        let db = connection.db
        guard let c = try ClientRecord.filter(Column("code") == code).fetchOne(db) else { throw KehuError.unknownClient(code: code) }
        guard let m = try MetricsEngine.compute(connection, asOf: asOf, clientId: c.id!, terms: terms, dormancy: dormancy) else {
            throw KehuError.unknownClient(code: code)
        }
        return ClientSummary(client: c, metrics: m)
    }
}

