import Foundation
import LuaEngine

/// Reading stored JSON (score parts, free attributes) back. Writing JSON from Lua is the
/// engine's (`LuaResults.json`, `LuaArguments.json`).
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

    /// Shortest round-tripping form; integral values without a fraction.
    static func number(_ d: Double) -> String {
        if d.rounded() == d && abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}
