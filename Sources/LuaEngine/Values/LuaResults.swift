import CLua
import CLuaSupport

/// The results of a call, read where they lie on the stack: no ``LuaValue`` snapshot is
/// made unless asked for. Valid only inside the closure given to
/// ``LuaState/call(_:_:limits:read:)``.
///
/// ```swift
/// let (score, parts) = try lua.call(hook, [.reference(client)]) { r in
///     (r.number(1), try r.json(2))        // 72.5, "[{\"name\":\"tenure\",…}]"
/// }
/// ```
public struct LuaResults {
    let state: LuaState
    let T: OpaquePointer
    /// Stack index of the first result, less one.
    let base: Int32
    /// How many results the call returned.
    public let count: Int

    private func index(_ i: Int) -> Int32? { i >= 1 && i <= count ? base + Int32(i) : nil }

    /// The Lua type name of result `i` (`"nil"` past the end).
    public func typeName(_ i: Int) -> String {
        guard let idx = index(i) else { return "nil" }
        return String(cString: lua_typename(T, lua_type(T, idx)))
    }

    /// Result `i` as a number if it is one (integers converted), else nil.
    public func number(_ i: Int) -> Double? {
        guard let idx = index(i), lua_type(T, idx) == LUA_TNUMBER else { return nil }
        return lua_tonumberx(T, idx, nil)
    }

    /// Result `i` as a string if it is one (numbers are not converted), else nil.
    public func string(_ i: Int) -> String? {
        guard let idx = index(i), lua_type(T, idx) == LUA_TSTRING else { return nil }
        var len = 0
        let p = lua_tolstring(T, idx, &len)!
        return String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
    }

    /// Result `i` as a Swift value (a snapshot, as ``LuaState/call(_:_:limits:)`` gives).
    public func value(_ i: Int) throws -> LuaValue {
        guard let idx = index(i) else { return .nil }
        return try state.value(at: idx)
    }

    /// Result `i` as JSON text, read raw (no metamethods). A table whose keys are exactly
    /// 1…n is an array; any other table an object with its keys as strings in byte order,
    /// so equal values give equal text. nil, NaN and infinities are `null`.
    /// - Throws: ``LuaError`` of kind `.conversion` for functions, userdata, threads, a
    ///   cycle or more than 100 levels of nesting.
    public func json(_ i: Int) throws -> String {
        guard let idx = index(i) else { return "null" }
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try JSONWriter(T: T).write(idx, into: &out, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Writes the Lua value at a stack index as JSON bytes.
struct JSONWriter {
    let T: OpaquePointer

    func write(_ idx: Int32, into out: inout [UInt8], depth: Int) throws {
        switch lua_type(T, idx) {
        case LUA_TNIL: out.append(contentsOf: "null".utf8)
        case LUA_TBOOLEAN: out.append(contentsOf: (lua_toboolean(T, idx) != 0 ? "true" : "false").utf8)
        case LUA_TNUMBER:
            if lua_isinteger(T, idx) != 0 {
                out.append(contentsOf: String(lua_tointegerx(T, idx, nil)).utf8)
            } else {
                number(lua_tonumberx(T, idx, nil), into: &out)
            }
        case LUA_TSTRING:
            var len = 0
            let p = lua_tolstring(T, idx, &len)!
            string(UnsafeRawBufferPointer(start: p, count: len), into: &out)
        case LUA_TTABLE:
            guard depth < 100 else { throw LuaError(kind: .conversion, message: "table nested more than 100 levels deep (or a cycle)") }
            try table(idx, into: &out, depth: depth)
        default:
            let name = String(cString: lua_typename(T, lua_type(T, idx)))
            throw LuaError(kind: .conversion, message: "cannot write a \(name) as JSON (only tables, strings, numbers and booleans)")
        }
    }

    private func table(_ idx: Int32, into out: inout [UInt8], depth: Int) throws {
        guard lua_checkstack(T, 4) != 0 else { throw LuaError(kind: .conversion, message: "stack overflow writing JSON") }
        let n = Int(lua_rawlen(T, idx))
        // Count the keys; a table with exactly the keys 1…n is an array.
        // An array only when every key is an integer in 1…n (a border alone proves nothing:
        // `{ a, nil, b, note = "x" }` has three keys and a border of 3).
        var keys = 0, inSequence = 0
        lua_pushnil(T)
        while lua_next(T, idx) != 0 {
            keys += 1
            if lua_type(T, -2) == LUA_TNUMBER, lua_isinteger(T, -2) != 0 {
                let k = lua_tointegerx(T, -2, nil)
                if k >= 1 && k <= lua_Integer(n) { inSequence += 1 }
            }
            clua_pop(T, 1)
        }
        if keys == n && inSequence == n {
            if n == 0 { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for k in 1...n {
                if k > 1 { out.append(UInt8(ascii: ",")) }
                lua_rawgeti(T, idx, lua_Integer(k))
                try write(lua_gettop(T), into: &out, depth: depth + 1)
                clua_pop(T, 1)
            }
            out.append(UInt8(ascii: "]"))
            return
        }
        // An object: keys as text, sorted by their bytes, copied out (a weak table need not
        // keep its keys alive while we allocate); values are fetched again by key once sorted.
        enum Original { case string, integer(Int64), number(Double), boolean(Bool) }
        var entries: [(owned: [UInt8], original: Original)] = []
        entries.reserveCapacity(keys)
        lua_pushnil(T)
        while lua_next(T, idx) != 0 {
            clua_pop(T, 1)
            switch lua_type(T, -1) {
            case LUA_TSTRING:
                var len = 0
                let p = lua_tolstring(T, -1, &len)!
                entries.append((Array(UnsafeRawBufferPointer(start: p, count: len)), .string))
            case LUA_TNUMBER where lua_isinteger(T, -1) != 0:
                let i = Int64(lua_tointegerx(T, -1, nil))
                entries.append((Array(String(i).utf8), .integer(i)))
            case LUA_TNUMBER:
                let d = lua_tonumberx(T, -1, nil)
                var b: [UInt8] = []
                number(d, into: &b)
                entries.append((b, .number(d)))
            case LUA_TBOOLEAN:
                let v = lua_toboolean(T, -1) != 0
                entries.append((Array((v ? "true" : "false").utf8), .boolean(v)))
            default:
                let name = String(cString: lua_typename(T, lua_type(T, -1)))
                clua_pop(T, 1)
                throw LuaError(kind: .conversion, message: "cannot write a table with a \(name) key as JSON")
            }
        }
        // Keys with the same text (1 and "1") are ordered by type, not by the raw walk, whose
        // order depends on the process: equal values give equal text in every process.
        func rank(_ o: Original) -> Int {
            switch o { case .integer: return 0; case .number: return 1; case .string: return 2; case .boolean: return 3 }
        }
        let order = entries.indices.sorted { i, j in
            let a = entries[i], b = entries[j]
            if a.owned != b.owned { return a.owned.lexicographicallyPrecedes(b.owned) }
            return rank(a.original) < rank(b.original)
        }
        out.append(UInt8(ascii: "{"))
        for (n, i) in order.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            let e = entries[i]
            switch e.original {
            case .string:
                e.owned.withUnsafeBytes { string($0, into: &out) }
                e.owned.withUnsafeBufferPointer { b in
                    b.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(T, $0.baseAddress, $0.count) }
                }
            case .integer(let v):
                e.owned.withUnsafeBytes { string($0, into: &out) }
                lua_pushinteger(T, lua_Integer(v))
            case .number(let v):
                e.owned.withUnsafeBytes { string($0, into: &out) }
                lua_pushnumber(T, v)
            case .boolean(let v):
                e.owned.withUnsafeBytes { string($0, into: &out) }
                lua_pushboolean(T, v ? 1 : 0)
            }
            out.append(UInt8(ascii: ":"))
            lua_rawget(T, idx)
            try write(lua_gettop(T), into: &out, depth: depth + 1)
            clua_pop(T, 1)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Integral values without a fraction; others in the shortest form that reads back.
    private func number(_ d: Double, into out: inout [UInt8]) {
        guard d.isFinite else { out.append(contentsOf: "null".utf8); return }
        if d.rounded() == d && abs(d) < 1e15 { out.append(contentsOf: String(Int64(d)).utf8); return }
        out.append(contentsOf: d.description.utf8)
    }

    private func string(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out.append(contentsOf: "\\u00".utf8); out += [hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension LuaArguments {
    /// Argument `i` as JSON text, written as ``LuaResults/json(_:)`` writes (sorted keys;
    /// functions, userdata and cycles are a `.conversion` error).
    public func json(_ i: Int) throws -> String {
        guard i >= 1, i <= count else { return "null" }
        var out: [UInt8] = []
        try JSONWriter(T: T).write(Int32(i), into: &out, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }
}

extension LuaState {
    /// Calls a Lua function and reads its results in place with `read`, which sees them
    /// before they are popped. Limits as for ``call(_:_:limits:)``. Stack effect: none.
    public func call<R>(_ function: LuaRef, _ args: [LuaValue], limits: LuaLimits? = nil,
                        read: (LuaResults) throws -> R) throws -> R {
        try checkOpen()
        let T = self.T
        let top = lua_gettop(T)
        guard lua_checkstack(T, Int32(args.count) + 8) != 0 else {
            throw LuaError(kind: .runtime, message: "too many arguments (\(args.count))")
        }
        guard function.life === life else {
            throw LuaError(kind: .conversion, message: "a function from another Lua state cannot be called here")
        }
        lua_rawgeti(T, clua_registryindex(), lua_Integer(function.ref))
        do {
            for a in args { try push(a) }
        } catch {
            lua_settop(T, top)
            throw error
        }
        try protectedCall(nargs: Int32(args.count), nresults: clua_multret(), limits: limits)
        defer { lua_settop(T, top) }
        // Reading allocates (registry refs, strings for keys): keep the allocator in grace.
        let c = control.pointer
        c.pointee.grace += 1
        defer { c.pointee.grace -= 1 }
        return try read(LuaResults(state: self, T: T, base: top, count: Int(lua_gettop(T) - top)))
    }
}
