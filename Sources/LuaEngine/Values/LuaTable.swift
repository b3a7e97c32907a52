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

    public var description: String {
        var parts = array.map { $0.description }
        let keyed = hash.map { (k, v) in "[\(k)]=\(v)" }.sorted()
        parts.append(contentsOf: keyed)
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
