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
    public static func list(_ db: Database, asOf: String, filter: ClientFilter = ClientFilter(),
                            sort: ClientSort = .sales, limit: Int? = nil) throws -> [ClientSummary] {
        let metrics = try Dictionary(uniqueKeysWithValues: MetricsEngine.compute(db, asOf: asOf).map { ($0.clientId, $0) })
        var request = ClientRecord.all()
        if let kind = filter.kind { request = request.filter(Column("kind") == kind) }
        if let region = filter.region { request = request.filter(Column("region").like("%\(region)%")) }
        if let owner = filter.owner { request = request.filter(Column("owner") == owner) }
        if let status = filter.status { request = request.filter(Column("status") == status) }
        var rows = try request.fetchAll(db).compactMap { c -> ClientSummary? in
            guard let m = metrics[c.id!] else { return nil }
            if let tag = filter.tag, !c.tags.split(separator: ";").contains(Substring(tag)) { return nil }
            if let abc = filter.abc, m.abc != abc.uppercased() { return nil }
            return ClientSummary(client: c, metrics: m)
        }
        rows.sort { a, b in
            switch sort {
            case .code: return a.client.code < b.client.code
            case .name: return a.client.name != b.client.name ? a.client.name < b.client.name : a.client.code < b.client.code
            case .sales: return a.metrics.sales365 != b.metrics.sales365 ? a.metrics.sales365 > b.metrics.sales365 : a.client.code < b.client.code
            case .receivable: return a.metrics.receivable != b.metrics.receivable ? a.metrics.receivable > b.metrics.receivable : a.client.code < b.client.code
            case .overdue: return a.metrics.overdue != b.metrics.overdue ? a.metrics.overdue > b.metrics.overdue : a.client.code < b.client.code
            }
        }
        if let limit { rows = Array(rows.prefix(limit)) }
        return rows
    }

    /// One client's summary, or `KehuError.unknownClient`.
    public static func summary(_ db: Database, code: String, asOf: String) throws -> ClientSummary {
        guard let c = try ClientRecord.filter(Column("code") == code).fetchOne(db) else { throw KehuError.unknownClient(code: code) }
        guard let m = try MetricsEngine.compute(db, asOf: asOf).first(where: { $0.clientId == c.id }) else {
            throw KehuError.unknownClient(code: code)
        }
        return ClientSummary(client: c, metrics: m)
    }
}

/// Money as people read it.
public enum Money {
    /// `¥12,345.00` from fen.
    public static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let a = abs(fen)
        let whole = String(a / 100)
        var grouped = ""
        for (i, ch) in whole.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        return sign + "¥" + String(grouped.reversed()) + "." + String(format: "%02d", Int(a % 100))
    }

    /// `1.2万` style for large amounts, `¥8,500` below ten thousand yuan.
    public static func short(_ fen: Int64) -> String {
        let yuan = Double(fen) / 100
        if abs(yuan) >= 10_000 { return String(format: "%.1f万", yuan / 10_000) }
        return "¥" + String(Int64(yuan.rounded()))
    }
}
