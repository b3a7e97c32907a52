import Foundation
import GRDB

/// Writes a table as CSV with the canonical columns, in a form the importer reads back to
/// the same data: amounts in yuan with two decimals, dates `YYYY-MM-DD`, codes for enums,
/// tags joined by `;`, a client by its code and a contact by its name. The columns and their
/// forms follow the table's fields (``TableShape``).
public enum Exporter {
    public static func csv(_ table: ImportTable, from connection: StoreConnection) throws -> Data {
        let db = connection.db
        let shape = table.shape
        var w = CSVWriter()
        w.write(table.columns)
        let selected = shape.fields.map { field -> String in
            switch field.unit {
            case .client: return "c.code"
            case .contact: return "k.name"
            default: return "t.\"\(field.column)\""
            }
        }
        var sql = "SELECT \(selected.joined(separator: ", ")) FROM \(shape.sqlTable) t"
        if shape.fields.contains(where: { if case .client = $0.unit { return true } else { return false } }) {
            sql += " JOIN client c ON c.id = t.client_id"
        }
        if let contact = shape.fields.first(where: { if case .contact = $0.unit { return true } else { return false } }) {
            sql += " LEFT JOIN contact k ON k.id = t.\"\(contact.column)\""
        }
        sql += " ORDER BY \(shape.exportOrder)"
        let rows = try Row.fetchCursor(db, sql: sql)
        while let r = try rows.next() {
            w.write(shape.fields.enumerated().map { i, field in text(r[i], field.unit) })
        }
        return w.data
    }

    /// A stored value as a file writes it.
    static func text(_ value: DatabaseValue, _ unit: FieldUnit) -> String {
        if value.isNull { return "" }
        switch unit {
        case .money:
            guard let fen = Int64.fromDatabaseValue(value) else { break }
            return (fen < 0 ? "-" : "") + String(abs(fen) / 100) + "." + String(format: "%02d", Int(abs(fen) % 100))
        case .measure:
            guard let d = Double.fromDatabaseValue(value) else { break }
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .count:
            guard let i = Int64.fromDatabaseValue(value) else { break }
            return String(i)
        default: break
        }
        return String.fromDatabaseValue(value) ?? value.description
    }
}
