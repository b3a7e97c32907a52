import KehuCore
import LuaEngine

/// Stored JSON as Lua sees it. Writing JSON from Lua is the engine's (`LuaResults.json`,
/// `LuaArguments.json`).
extension JSONValue {
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
}
