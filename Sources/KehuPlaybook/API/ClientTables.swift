import KehuCore
import LuaEngine

/// Client records and their metrics as the plain Lua tables playbooks read (see
/// `docs/playbooks.md`). Built field by field on the Lua stack: a run builds one per client.
enum ClientTables {
    /// The Lua table of one client, with the client metatable (methods, `tostring`).
    /// `attach` (a playbook's measures, ``PlaybookSession``) is called with the table made.
    static func make(_ lua: LuaState, _ c: ClientRecord, _ m: ClientMetrics?, metatable: LuaRef?, attach: LuaRef? = nil) throws -> LuaRef {
        let fields = ImportTable.clients.shape.fields
        let table = try lua.makeTable(fieldCount: fields.count + 2, metatable: metatable) { t in
            // Every field of the registry, as its unit says Lua sees it.
            for (field, value) in zip(fields, c.fieldValues) {
                try set(&t, field, value)
            }
            if let m { try t.table("metrics", fieldCount: 40) { try fill(&$0, m) } }
        }
        if let attach, m != nil { try lua.call(attach, [.reference(table)]) }
        return table
    }

    /// A stored field as a Lua value: money in yuan, tags as a list, nothing as nil.
    static func lua(_ field: Field, _ value: FieldValue) -> LuaValue {
        switch (field.unit, value) {
        case (_, .null): return .nil
        case (.attributes, .text(let json)): return attributes(json)
        case (.tags, .text(let joined)): return .table(LuaTable(array: joined.split(separator: ";").map { .string(LuaString(String($0))) }))
        case (.money, .integer(let fen)): return .number(yuan(fen))
        case (_, .integer(let i)): return .integer(i)
        case (_, .real(let d)): return .number(d)
        case (_, .text(let s)): return .string(LuaString(s))
        }
    }

    /// A client's rows of a table (``ClientHistory/rows(_:_:clientId:asOf:window:kind:)``) as
    /// Lua tables keyed by field name.
    static func rows(_ table: ImportTable, _ values: [[FieldValue]]) -> [[String: LuaValue]] {
        let fields = ClientHistory.rowFields(table)
        return values.map { row in
            var out: [String: LuaValue] = [:]
            for (field, value) in zip(fields, row) { out[field.name] = lua(field, value) }
            return out
        }
    }

    /// A client's rows of a table as a Lua list of tables keyed by field name, built straight
    /// on the Lua stack (the form of ``rows(_:_:)`` for the `c:orders{}` a script calls per
    /// client).
    static func list(_ lua: LuaState, _ table: ImportTable, _ values: [[FieldValue]]) throws -> LuaRef {
        let fields = ClientHistory.rowFields(table)
        return try lua.makeTable(arrayCount: values.count) { list in
            for row in values {
                try list.appendTable(fieldCount: fields.count) { t in
                    for (field, value) in zip(fields, row) { try set(&t, field, value) }
                }
            }
        }
    }

    /// One stored field as Lua sees it: money in yuan, tags as a list, nothing as nil. The
    /// builder's form of ``lua(_:_:)``: a run builds a client table per client, and typed sets
    /// spare it a LuaValue per field.
    static func set(_ t: inout LuaTableBuilder, _ field: Field, _ value: FieldValue) throws {
        switch value {
        case .null: return
        case .text(let json) where field.isAttributes:
            try t.set(field.name, value: attributes(json))
        case .text(let joined) where field.isTags:
            let tags = joined.split(separator: ";").map(String.init)
            try t.table(field.name, arrayCount: tags.count) { a in for tag in tags { a.append(tag) } }
        case .integer(let fen) where field.isMoney: t.set(field.name, yuan(fen))
        case .integer(let i): t.set(field.name, i)
        case .real(let d): t.set(field.name, d)
        case .text(let s): t.set(field.name, s)
        }
    }

    /// `c.metrics`: every field of ``ClientMetrics/fields``, money in yuan.
    static func fill(_ t: inout LuaTableBuilder, _ m: ClientMetrics) throws {
        for field in ClientMetrics.fields { try set(&t, field.name, field.value(m)) }
    }

    static func set(_ t: inout LuaTableBuilder, _ key: String, _ value: MetricValue) throws {
        switch value {
        case .null: return
        case .integer(let i): t.set(key, i)
        case .number(let d): t.set(key, d)
        case .money(let fen): t.set(key, yuan(fen))
        case .text(let s): t.set(key, s)
        case .boolean(let b): t.set(key, b)
        case .texts(let list): try t.table(key, arrayCount: list.count) { a in for x in list { a.append(x) } }
        case .record(let entries): try t.table(key, fieldCount: entries.count) { r in for e in entries { try set(&r, e.key, e.value) } }
        case .records(let list):
            try t.table(key, arrayCount: list.count) { a in
                for entries in list {
                    try a.appendTable(fieldCount: entries.count) { r in for e in entries { try set(&r, e.key, e.value) } }
                }
            }
        }
    }

    /// Fen to yuan, the unit Lua sees.
    static func yuan(_ fen: Int64) -> Double { Double(fen) / 100 }

    /// The free attributes (a JSON object) as a Lua value; `{}` when empty or unreadable.
    static func attributes(_ json: String) -> LuaValue {
        if json == "{}" || json.isEmpty { return .table(LuaTable()) }
        return JSONValue.parse(json).map(JSONValue.lua) ?? .table(LuaTable())
    }
}
