/// A snapshot of a Lua table: its sequence part `1…n` and the rest.
///
/// Converting a live table reads it with raw access (no metamethods run). Cycles are an
/// error when reading; use ``LuaRef`` to keep a table by reference instead.
///
/// ```swift
/// var t = LuaTable(array: ["a", "b"])
/// t["name"] = "华东"
/// t[1]        // "a"
/// t.count     // 2 (the length of the sequence part)
/// ```
public struct LuaTable: Hashable, CustomStringConvertible {
    /// Values at keys 1…array.count, none of them nil.
    public var array: [LuaValue]
    /// Every other key (never nil, never an integer in 1…array.count).
    public var hash: [LuaValue: LuaValue]

    public init(array: [LuaValue] = [], hash: [LuaValue: LuaValue] = [:]) {
        self.array = []
        self.hash = [:]
        for v in array where v != .nil { self.array.append(v) }
        for (k, v) in hash { self[k] = v }
    }

    /// The length of the sequence part, as `#t` gives for a proper sequence.
    public var count: Int { array.count }

    public var isEmpty: Bool { array.isEmpty && hash.isEmpty }

    public subscript(key: LuaValue) -> LuaValue {
        get {
            let k = key.normalizedKey
            if case .integer(let i) = k, i >= 1, i <= Int64(array.count) { return array[Int(i) - 1] }
            return hash[k] ?? .nil
        }
        set {
            let k = key.normalizedKey
            precondition(k != .nil, "table index is nil")
            if case .integer(let i) = k, i >= 1, i <= Int64(array.count) + 1 {
                let idx = Int(i) - 1
                if newValue == .nil {
                    if idx < array.count {
                        // Keep the sequence part a sequence: move the tail into the hash part.
                        for j in (idx + 1)..<array.count { hash[.integer(Int64(j + 1))] = array[j] }
                        array.removeSubrange(idx...)
                    }
                } else if idx < array.count {
                    array[idx] = newValue
                } else {
                    array.append(newValue)
                    // Pull following integer keys from the hash part into the sequence.
                    var next = Int64(array.count) + 1
                    while let v = hash.removeValue(forKey: .integer(next)) {
                        array.append(v)
                        next += 1
                    }
                }
                return
            }
            hash[k] = newValue == .nil ? nil : newValue
        }
    }

    public subscript(key: String) -> LuaValue {
        get { self[.string(LuaString(key))] }
        set { self[.string(LuaString(key))] = newValue }
    }

    /// The `hash` part's entries in the order the sandbox's `pairs` walks them (a Swift
    /// dictionary's own order changes with every process): numbers ascending, then strings
    /// bytewise, then false before true; other keys last, by their description. Walk this,
    /// not `hash`, wherever the order can show (messages, output, the first error found).
    public var orderedHash: [(key: LuaValue, value: LuaValue)] {
        hash.sorted { LuaTable.canonicallyPrecedes($0.key, $1.key) }
    }

    /// The canonical key order (see ``orderedHash``).
    public static func canonicallyPrecedes(_ a: LuaValue, _ b: LuaValue) -> Bool {
        func rank(_ v: LuaValue) -> Int {
            switch v {
            case .integer, .number: return 0
            case .string: return 1
            case .boolean: return 2
            default: return 3
            }
        }
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb }
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y
        case (.number(let x), .number(let y)): return x < y
        case (.integer(let x), .number(let y)): return intPrecedes(x, y)
        case (.number(let x), .integer(let y)): return !intPrecedes(y, x)  // never equal (see intPrecedes)
        case (.string(let x), .string(let y)): return x.bytes.lexicographicallyPrecedes(y.bytes)
        case (.boolean(let x), .boolean(let y)): return !x && y
        default: return a.description < b.description
        }
    }

    /// i < d exactly (a float key is never integral within the integer range: Lua makes it an integer).
    private static func intPrecedes(_ i: Int64, _ d: Double) -> Bool {
        if d >= 9_223_372_036_854_775_808.0 { return true }
        if d <= -9_223_372_036_854_775_808.0 { return false }
        return i < Int64(d.rounded(.up))
    }

    public var description: String {
        var parts = array.map { $0.description }
        let keyed = hash.map { (k, v) in "[\(k)]=\(v)" }.sorted()
        parts.append(contentsOf: keyed)
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
