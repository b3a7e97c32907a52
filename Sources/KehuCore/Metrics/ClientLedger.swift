import GRDB
import GRDBSQLite

/// Every client's orders and payments up to a date, held as running sums, so that the sales,
/// order count and payments of any date window (`c:totals{}`) cost two binary searches instead
/// of a query. Built once per run from two ordered scans; 12 bytes an order or payment.
public final class ClientLedger {
    /// Per client id, where its entries are in the flat arrays below.
    private var orders: [Int64: Range<Int>] = [:]
    private var payments: [Int64: Range<Int>] = [:]
    private var orderDays: [Int32] = [], paymentDays: [Int32] = []
    /// Running sums: `orderSums[i]` is the sum of every order before entry `i` (one more
    /// entry than the days).
    private var orderSums: [Int64] = [0], paymentSums: [Int64] = [0]

    /// Reads every order and payment dated on or before `asOf`. Sums by date need no order
    /// within a day: the orders come in their index's order (no sort).
    public init(_ connection: StoreConnection, asOf: String) throws {
        try Self.scan(connection, sql: """
            SELECT client_id, date, amount FROM "order" WHERE date <= ? ORDER BY client_id, date
            """, what: "orders", asOf: asOf, ranges: &orders, days: &orderDays, sums: &orderSums)
        try Self.scan(connection, sql: """
            SELECT client_id, date, amount FROM payment WHERE date <= ? ORDER BY client_id, date, id
            """, what: "payments", asOf: asOf, ranges: &payments, days: &paymentDays, sums: &paymentSums)
    }

    private static func scan(_ connection: StoreConnection, sql: String, what: String, asOf: String, ranges: inout [Int64: Range<Int>],
                             days: inout [Int32], sums: inout [Int64]) throws {
        var current: Int64? = nil, start = 0
        try connection.scanRows(sql, arguments: [asOf]) { raw in
            let client = sqlite3_column_int64(raw, 0)
            guard let text = sqlite3_column_text(raw, 1),
                  let day = Day.ordinal(bytes: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(raw, 1)))) else {
                throw KehuError.invalid("a row of client id \(client) has a date that is not YYYY-MM-DD (\(what))")
            }
            if client != current {
                if let current { ranges[current] = start..<days.count }
                current = client
                start = days.count
            }
            let (sum, overflow) = sums[sums.count - 1].addingReportingOverflow(sqlite3_column_int64(raw, 2))
            if overflow { throw KehuMetricsError.overflow("the \(what) of client id \(client)") }
            days.append(Int32(day))
            sums.append(sum)
        }
        if let current { ranges[current] = start..<days.count }
    }

    /// Sales and order count, payments and payment count of one client between two days
    /// (ordinals, both included).
    public func totals(clientId: Int64, from: Int, to: Int) -> (sales: Int64, orders: Int, payments: Int64, paymentCount: Int) {
        let (s, n) = Self.sum(orders[clientId], days: orderDays, sums: orderSums, from: from, to: to)
        let (p, m) = Self.sum(payments[clientId], days: paymentDays, sums: paymentSums, from: from, to: to)
        return (s, n, p, m)
    }

    private static func sum(_ range: Range<Int>?, days: [Int32], sums: [Int64], from: Int, to: Int) -> (Int64, Int) {
        guard let range, from <= to else { return (0, 0) }
        // First entry on or after `from`, first entry after `to`.
        func firstIndex(_ bound: Int) -> Int {
            var lo = range.lowerBound, hi = range.upperBound
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(days[mid]) < bound { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let a = firstIndex(from), b = firstIndex(to + 1)
        return (sums[b] - sums[a], b - a)
    }
}
