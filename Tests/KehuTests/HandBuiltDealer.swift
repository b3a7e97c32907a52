import Foundation
import Testing

/// A small dealer written out by hand as the CSV files a dealer would import, each client
/// with a story whose consequences are known:
///
/// - `B1` 大华批发: a large channel client (capital, staff, vehicles, warehouse on file)
///   ordering ¥80,000 on the 10th of every month for two years, each order paid 15 days later.
/// - `S1` 街角便利店: a small terminal store with nothing on file, ordering monthly since
///   2024-12, each order ¥800 more than the one before, paid 15 days later: weak by the
///   standard playbook's measure of strength, strong by fmcg's (goods that move).
/// - `L1` 拖欠商行: orders ¥20,000 monthly for two years and never pays: phase_out by the
///   standard playbook; watch by fmcg's, whose strength is about goods moving.
/// - `F1` 后劲贸易: ¥1,000 a month until 2026-05, then ¥500,000 a month from 2026-06 — a
///   client whose score as of 2026-05-29 changes completely if later data leaks in.
enum HandBuiltDealer {
    struct Row { var code: String; var client: String; var date: String; var amount: Int }

    static func months(from: (Int, Int), count: Int) -> [(Int, Int)] {
        (0..<count).map { i in let m = from.1 - 1 + i; return (from.0 + m / 12, m % 12 + 1) }
    }

    static func day(_ ym: (Int, Int), _ d: Int) -> String { String(format: "%04d-%02d-%02d", ym.0, ym.1, d) }

    static let clients = """
        code,name,kind,credit_limit,payment_terms_days,stage,since,capital,staff,vehicles,warehouse_m2
        B1,大华批发,channel,3000000,30,community,2023-11-01,5000000,20,6,1500
        S1,街角便利店,terminal,100000,30,relationship,2024-09-01,,,,
        L1,拖欠商行,channel,600000,30,relationship,2023-06-01,,,,
        F1,后劲贸易,channel,5000000,30,relationship,2024-01-01,,,,

        """

    /// Orders and payments, with `onlyUpTo` leaving out everything dated after it.
    static func ledger(onlyUpTo last: String? = nil) -> (orders: String, payments: String) {
        var orders: [Row] = [], payments: [Row] = []
        func add(_ client: String, _ ym: (Int, Int), _ amount: Int, paid: Bool) {
            let n = orders.count + 1
            orders.append(Row(code: "O\(n)", client: client, date: day(ym, 10), amount: amount))
            if paid { payments.append(Row(code: "P\(n)", client: client, date: day(ym, 25), amount: amount)) }
        }
        for ym in months(from: (2024, 12), count: 24) { add("B1", ym, 80000, paid: true) }
        for (i, ym) in months(from: (2024, 12), count: 24).enumerated() { add("S1", ym, 3000 + i * 800, paid: true) }
        for ym in months(from: (2024, 12), count: 24) { add("L1", ym, 20000, paid: false) }
        for ym in months(from: (2025, 6), count: 18) { add("F1", ym, ym.0 == 2026 && ym.1 >= 6 ? 500000 : 1000, paid: true) }
        let keep = { (r: Row) in last.map { r.date <= $0 } ?? true }
        let o = "code,client,date,amount\n" + orders.filter(keep).map { "\($0.code),\($0.client),\($0.date),\($0.amount)\n" }.joined()
        let p = "code,client,date,amount\n" + payments.filter { keep($0) && $0.date <= "2026-11-25" }
            .map { "\($0.code),\($0.client),\($0.date),\($0.amount)\n" }.joined()
        return (o, p)
    }

    /// A folder with kehu.db holding the dealer (up to `onlyUpTo` when given).
    static func make(onlyUpTo last: String? = nil) throws -> URL {
        let dir = try Kehu.temporaryDirectory()
        let (orders, payments) = ledger(onlyUpTo: last)
        try clients.write(to: dir.appendingPathComponent("clients.csv"), atomically: true, encoding: .utf8)
        try orders.write(to: dir.appendingPathComponent("orders.csv"), atomically: true, encoding: .utf8)
        try payments.write(to: dir.appendingPathComponent("payments.csv"), atomically: true, encoding: .utf8)
        let created = try Kehu.run(["init"], cwd: dir)
        #expect(created.status == 0, "init: \(created.stderr)")
        for (table, file) in [("clients", "clients.csv"), ("orders", "orders.csv"), ("payments", "payments.csv")] {
            let r = try Kehu.run(["import", table, file, "--as-of", "2026-11-25", "--quiet"], cwd: dir)
            #expect(r.status == 0, "import \(table): \(r.stderr)")
        }
        return dir
    }
}
