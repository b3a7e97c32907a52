/// The tables `kehu import` and `kehu export` know. Their fields are declared once, in
/// ``shape`` (Model/Fields.swift).
public enum ImportTable: String, CaseIterable, Sendable {
    case clients, contacts, orders, payments, interactions

    /// Canonical columns, in export order (the registry's fields, ``shape``).
    public var columns: [String] { shape.fields.map(\.name) }

    /// Columns a file must have.
    public var required: [String] { shape.fields.filter(\.required).map(\.name) }

    /// Header spellings (besides the canonical name) that mean each column.
    var aliases: [String: [String]] {
        Dictionary(uniqueKeysWithValues: shape.fields.map { ($0.name, $0.aliases) })
    }

    /// The attribute an `attr.NAME` (or `属性.NAME`) header names, or nil.
    static func attributeName(_ header: String) -> String? {
        let h = FieldParsers.trimmed(header).replacingOccurrences(of: "\u{FEFF}", with: "")
        for prefix in ["attr.", "属性.", "属性．"] where h.lowercased().hasPrefix(prefix) {
            let name = String(h.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            return name.isEmpty || name == "notes" ? nil : name
        }
        return nil
    }

    /// The canonical column a header names, or nil.
    func column(forHeader header: String) -> String? {
        let h = FieldParsers.trimmed(header).replacingOccurrences(of: "\u{FEFF}", with: "")
        let lower = h.lowercased()
        if columns.contains(lower) { return lower }
        return shape.fields.first { $0.aliases.contains(h) }?.name
    }
}
