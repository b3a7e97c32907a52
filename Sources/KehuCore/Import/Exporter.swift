import Foundation
import GRDB

/// Writes a table as CSV with the canonical columns, in a form the importer reads back to
/// the same data: amounts in yuan with two decimals, dates `YYYY-MM-DD`, codes for enums,
/// tags joined by `;`.
public enum Exporter {
    public static func csv(_ table: ImportTable, from connection: StoreConnection) throws -> Data {
        let db = connection.db
        var w = CSVWriter()
        w.write(table.columns)
        func yuan(_ fen: Int64?) -> String {
            guard let fen else { return "" }
            return (fen < 0 ? "-" : "") + String(abs(fen) / 100) + "." + String(format: "%02d", Int(abs(fen) % 100))
        }
        func number(_ d: Double?) -> String {
            guard let d else { return "" }
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        }
        func int(_ i: Int?) -> String { i.map(String.init) ?? "" }
        switch table {
        case .clients:
            let rows = try Row.fetchCursor(db, sql: """
                SELECT code, name, kind, region, owner, credit_limit, payment_terms_days, stage, status, staff, vehicles,
                       premises_m2, warehouse_m2, capital, ads, tags, since FROM client ORDER BY code
                """)
            while let r = try rows.next() {
                w.write([r[0], r[1], r[2], r[3], r[4], yuan(r[5]), int(r[6]), r[7], r[8], int(r[9]), int(r[10]),
                         number(r[11]), number(r[12]), yuan(r[13]), r[14], r[15], r[16] ?? ""])
            }
        case .contacts:
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.code, k.name, k.role, k.phone, k.wechat, k.birthday, k.hobbies, k.notes, k.min_contact_days
                FROM contact k JOIN client c ON c.id = k.client_id ORDER BY c.code, k.id
                """)
            while let r = try rows.next() {
                w.write([r[0], r[1], r[2], r[3], r[4], r[5] ?? "", r[6], r[7], int(r[8])])
            }
        case .orders:
            let rows = try Row.fetchCursor(db, sql: """
                SELECT o.code, c.code, o.date, o.amount, o.brand, o.product, o.quantity
                FROM "order" o JOIN client c ON c.id = o.client_id ORDER BY o.code
                """)
            while let r = try rows.next() {
                w.write([r[0], r[1], r[2], yuan(r[3]), r[4], r[5], number(r[6])])
            }
        case .payments:
            let rows = try Row.fetchCursor(db, sql: """
                SELECT p.code, c.code, p.date, p.amount FROM payment p JOIN client c ON c.id = p.client_id ORDER BY p.code
                """)
            while let r = try rows.next() {
                w.write([r[0], r[1], r[2], yuan(r[3])])
            }
        case .interactions:
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.code, i.date, i.kind, k.name, i.cost, i.summary, i.answered, i.resolved
                FROM interaction i JOIN client c ON c.id = i.client_id LEFT JOIN contact k ON k.id = i.contact_id
                ORDER BY c.code, i.date, i.id
                """)
            while let r = try rows.next() {
                w.write([r[0], r[1], r[2], r[3] ?? "", yuan(r[4]), r[5], r[6] ?? "", r[7] ?? ""])
            }
        }
        return w.data
    }
}
