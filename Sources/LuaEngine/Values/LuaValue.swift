/// A Lua value seen from Swift.
///
/// Scalars and strings are copied; tables convert to a ``LuaTable`` snapshot (or stay live
/// as a ``LuaRef`` when asked); functions, userdata and threads are ``LuaRef`` references
/// that keep the value alive in the state's registry until released.
///
/// ```swift
/// let v: LuaValue = ["name": "华东商贸", "orders": 12]
/// try state.setGlobal("client", v)
/// ```
///
/// Integers and floats stay apart as Lua 5.4 keeps them apart: `.integer(1)` and
/// `.number(1.0)` are different cases (though equal as table keys, as in Lua).
public enum LuaValue: Hashable, CustomStringConvertible {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(LuaString)
    case table(LuaTable)
    case function(LuaRef)
    case reference(LuaRef)
    /// A Swift object of a class registered with ``LuaState/register(_:)``, seen in Lua as
    /// userdata. Equal when identical.
    case object(AnyObject)

    /// The Lua type name as `type()` gives it.
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .function: return "function"
        case .reference(let r): return r.typeName
        case .object: return "userdata"
        }
    }

    /// Lua truthiness: only `nil` and `false` are false.
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): return false
        default: return true
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s.string }
        return nil
    }

    public var intValue: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d): return d.rounded() == d && abs(d) < 9.2e18 ? Int64(d) : nil
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    public var tableValue: LuaTable? {
        if case .table(let t) = self { return t }
        return nil
    }

    public var description: String {
        switch self {
        case .nil: return "nil"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return LuaValue.format(d)
        case .string(let s): return s.description
        case .table(let t): return t.description
        case .function(let r), .reference(let r): return "\(r.typeName): ref \(r.ref)"
        case .object(let o): return "userdata: \(type(of: o))"
        }
    }

    /// Formats a float as Lua's `%.14g` does, keeping a `.0` on integral values.
    static func format(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var s = String(format: "%.14g", d)
        if !s.contains(where: { $0 == "." || $0 == "e" || $0 == "n" || $0 == "i" }) { s += ".0" }
        return s
    }

    public static func == (a: LuaValue, b: LuaValue) -> Bool {
        switch (a, b) {
        case (.nil, .nil): return true
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.table(let x), .table(let y)): return x == y
        case (.function(let x), .function(let y)), (.reference(let x), .reference(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .nil: h.combine(0)
        case .boolean(let b): h.combine(b)
        case .integer(let i): h.combine(i)
        case .number(let d): h.combine(d)
        case .string(let s): h.combine(s)
        case .table(let t): h.combine(t)
        case .function(let r), .reference(let r): h.combine(r)
        case .object(let o): h.combine(ObjectIdentifier(o))
        }
    }

    /// Table keys normalise as Lua normalises them: a float with an exact integer value is that integer.
    var normalizedKey: LuaValue {
        if case .number(let d) = self, let i = Int64(exactly: d) { return .integer(i) }
        return self
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(LuaString(value)) }
    public init(arrayLiteral elements: LuaValue...) { self = .table(LuaTable(array: elements)) }
    public init(dictionaryLiteral elements: (LuaValue, LuaValue)...) {
        var t = LuaTable()
        for (k, v) in elements { t[k] = v }
        self = .table(t)
    }
}

import Foundation
