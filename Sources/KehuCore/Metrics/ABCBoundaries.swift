import Foundation
import GRDB
import GRDBSQLite

/// Where the ABC classes end, as of a date: the last client of class A and of class B in rank
/// order (sales, largest first; code breaks ties). A lone client's class follows from its own
/// sales and code against these, so `kehu client CODE` need not rank every client. Computed with
/// one GROUP BY and kept in `base_cache` until an order or a client code changes.
public struct ABCBoundaries: Codable, Equatable, Sendable {
    public struct Key: Codable, Equatable, Sendable {
        public var sales: Int64
        public var code: String

        /// Ranked at or before `other`: more sales, or as much and a code not after its.
        func ranksAtOrBefore(_ other: Key) -> Bool {
            sales != other.sales ? sales > other.sales : code <= other.code
        }
    }

    /// The classes over one window.
    public struct Classes: Codable, Equatable, Sendable {
        public var lastA: Key?
        public var lastB: Key?

        public func classOf(sales: Int64, code: String) -> String {
            guard sales > 0 else { return "C" }
            let me = Key(sales: sales, code: code)
            if let a = lastA, me.ranksAtOrBefore(a) { return "A" }
            if let b = lastB, me.ranksAtOrBefore(b) { return "B" }
            return "C"
        }
    }

    /// Trailing-year sales; the same window a year earlier.
    public var year: Classes
    public var yearAgo: Classes

    /// The boundaries as of `asOf`: from the cache when it is current, else computed (and
    /// kept, when the connection may write).
    public static func current(_ connection: StoreConnection, asOf: String) throws -> ABCBoundaries {
        try BaseCache.value(connection, asOf: asOf, what: "abc") { try compute(connection.db, asOf: asOf) }
    }

    /// Ranks every client with sales in either window: one GROUP BY over the orders' index.
    static func compute(_ db: Database, asOf: String) throws -> ABCBoundaries {
        let bounds = try Row.fetchOne(db, sql: "SELECT date(:a,'-365 days'), date(:a,'-1 year'), date(:a,'-1 year','-365 days')",
                                      arguments: ["a": asOf])!
        let d365: String = bounds[0], y0: String = bounds[1], y365: String = bounds[2]
        var codes: [String] = [], year: [Int64] = [], ago: [Int64] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT c.code, s.year, s.ago FROM client c JOIN (
              SELECT client_id,
                     SUM(CASE WHEN date > :d365 THEN amount ELSE 0 END) AS year,
                     SUM(CASE WHEN date > :y365 AND date <= :y0 THEN amount ELSE 0 END) AS ago
              FROM "order" WHERE date <= :a AND date > min(:d365, :y365) GROUP BY client_id
            ) s ON s.client_id = c.id
            """, arguments: ["a": asOf, "d365": d365, "y0": y0, "y365": y365])
        while let r = try rows.next() {
            codes.append(r[0]); year.append(r[1]); ago.append(r[2])
        }
        let now = MetricsEngine.classes(sales: year, codes: codes)
        let before = MetricsEngine.classes(sales: ago, codes: codes)
        return ABCBoundaries(year: Classes(lastA: now.lastA, lastB: now.lastB),
                             yearAgo: Classes(lastA: before.lastA, lastB: before.lastB))
    }
}
