import Foundation
import LuaEngine

/// JSON for what crosses between Lua and storage: score parts, free attributes.
/// Encoding is deterministic (object keys sorted), so equal results are equal bytes.
enum JSONValue {
    /// A parsed JSON document.
    indirect enum Node: Decodable, Equatable {
        case null, bool(Bool), number(Double), string(String), array([Node]), object([String: Node])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let a = try? c.decode([Node].self) { self = .array(a) }
            else { self = .object(try c.decode([String: Node].self)) }
        }
    }

    static func parse(_ text: String) -> Node? {
        try? JSONDecoder().decode(Node.self, from: Data(text.utf8))
    }

    /// A parsed JSON value as Lua sees it (objects and arrays become tables).
    static func lua(_ node: Node) -> LuaValue {
        switch node {
        case .null: return .nil
        case .bool(let b): return .boolean(b)
        case .number(let d): return d.rounded() == d && abs(d) < 9e15 ? .integer(Int64(d)) : .number(d)
        case .string(let s): return .string(LuaString(s))
        case .array(let a): return .table(LuaTable(array: a.map(lua)))
        case .object(let o):
            var t = LuaTable()
            for (k, v) in o { t[k] = lua(v) }
            return .table(t)
        }
    }

    /// Lua value → JSON text. A table with only a sequence part is an array; any other table
    /// an object with its keys as strings, sorted. Functions and userdata are an error.
    static func encode(_ value: LuaValue) throws -> String {
        var out = ""
        try encode(value, into: &out)
        return out
    }

    struct Unencodable: Error, CustomStringConvertible {
        var typeName: String
        var description: String { "cannot store a \(typeName) (only tables, strings, numbers and booleans)" }
    }

    private static func encode(_ value: LuaValue, into out: inout String) throws {
        switch value {
        case .nil: out += "null"
        case .boolean(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d): out += d.isFinite ? number(d) : "null"
        case .string(let s): string(s.description, into: &out)
        case .table(let t):
            if t.hash.isEmpty {
                out += "["
                for (i, v) in t.array.enumerated() {
                    if i > 0 { out += "," }
                    try encode(v, into: &out)
                }
                out += "]"
            } else {
                var pairs: [(String, LuaValue)] = t.array.enumerated().map { (String($0.offset + 1), $0.element) }
                for (k, v) in t.hash { pairs.append((key(k), v)) }
                pairs.sort { $0.0 < $1.0 }
                out += "{"
                for (i, (k, v)) in pairs.enumerated() {
                    if i > 0 { out += "," }
                    string(k, into: &out)
                    out += ":"
                    try encode(v, into: &out)
                }
                out += "}"
            }
        default: throw Unencodable(typeName: value.typeName)
        }
    }

    private static func key(_ k: LuaValue) -> String {
        switch k {
        case .string(let s): return s.description
        case .integer(let i): return String(i)
        case .number(let d): return number(d)
        case .boolean(let b): return b ? "true" : "false"
        default: return k.typeName
        }
    }

    /// Shortest round-tripping form; integral values without a fraction.
    static func number(_ d: Double) -> String {
        if d.rounded() == d && abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    private static func string(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}
