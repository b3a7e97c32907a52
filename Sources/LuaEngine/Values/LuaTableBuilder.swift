import CLua
import CLuaSupport

/// Fills a new Lua table field by field, straight on the stack: no ``LuaTable`` snapshot
/// and no hashing in Swift. For hosts that hand Lua many records (a client per call).
///
/// ```swift
/// let client = try lua.makeTable(fieldCount: 3) { t in
///     t.set("code", "C0001")
///     t.set("sales", 12_345.5)
///     t.table("tags") { tags in tags.append("华东") }
/// }
/// ```
///
/// Writes are raw (`lua_rawset`): no metamethod runs. The builder is valid only inside the
/// closure it is given to.
public struct LuaTableBuilder {
    let state: LuaState
    let T: OpaquePointer
    /// Stack index of the table being filled.
    let index: Int32
    /// The next sequence position for ``append(_:)-swift.method``.
    private var next: lua_Integer = 1

    init(state: LuaState, T: OpaquePointer, index: Int32) {
        self.state = state
        self.T = T
        self.index = index
    }

    /// Pushes a string's bytes. Stack effect: +1.
    private func push(_ s: String) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { buf in
            buf.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(T, $0.baseAddress, $0.count) }
        }
        if done == nil {
            var copy = s
            copy.withUTF8 { buf in buf.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(T, $0.baseAddress, $0.count) } }
        }
    }

    public func set(_ key: String, _ value: String?) {
        guard let value else { return }
        push(key)
        push(value)
        lua_rawset(T, index)
    }

    public func set(_ key: String, _ value: Int64?) {
        guard let value else { return }
        push(key)
        lua_pushinteger(T, lua_Integer(value))
        lua_rawset(T, index)
    }

    public func set(_ key: String, _ value: Int?) {
        set(key, value.map(Int64.init))
    }

    public func set(_ key: String, _ value: Double?) {
        guard let value else { return }
        push(key)
        lua_pushnumber(T, value)
        lua_rawset(T, index)
    }

    public func set(_ key: String, _ value: Bool) {
        push(key)
        lua_pushboolean(T, value ? 1 : 0)
        lua_rawset(T, index)
    }

    /// Any value (converted as ``LuaState/push(_:)`` does).
    public func set(_ key: String, value: LuaValue) throws {
        push(key)
        do { try state.push(value) } catch { clua_pop(T, 1); throw error }
        lua_rawset(T, index)
    }

    /// A nested table under `key`.
    public func table(_ key: String, arrayCount: Int = 0, fieldCount: Int = 0,
                      _ body: (inout LuaTableBuilder) throws -> Void) throws {
        push(key)
        do { try state.pushBuiltTable(arrayCount: arrayCount, fieldCount: fieldCount, body) } catch { clua_pop(T, 1); throw error }
        lua_rawset(T, index)
    }

    /// Appends to the sequence part (1, 2, 3, …).
    public mutating func append(_ value: String) {
        push(value)
        lua_rawseti(T, index, next)
        next += 1
    }

    /// Appends a nested table to the sequence part.
    public mutating func appendTable(arrayCount: Int = 0, fieldCount: Int = 0,
                                     _ body: (inout LuaTableBuilder) throws -> Void) rethrows {
        try state.pushBuiltTable(arrayCount: arrayCount, fieldCount: fieldCount, body)
        lua_rawseti(T, index, next)
        next += 1
    }
}

extension LuaState {
    /// Builds a table and keeps it by reference, with an optional metatable (a table held by
    /// `metatable`). Stack effect: none.
    public func makeTable(arrayCount: Int = 0, fieldCount: Int = 0, metatable: LuaRef? = nil,
                          _ body: (inout LuaTableBuilder) throws -> Void) throws -> LuaRef {
        try checkOpen()
        let T = self.T
        let top = lua_gettop(T)
        do {
            try pushBuiltTable(arrayCount: arrayCount, fieldCount: fieldCount, body)
        } catch {
            lua_settop(T, top)
            throw error
        }
        if let metatable {
            lua_rawgeti(T, clua_registryindex(), lua_Integer(metatable.ref))
            lua_setmetatable(T, -2)
        }
        return popRef()
    }

    /// Pushes a new table filled by `body`. Stack effect: +1.
    func pushBuiltTable(arrayCount: Int, fieldCount: Int, _ body: (inout LuaTableBuilder) throws -> Void) rethrows {
        let T = self.T
        _ = lua_checkstack(T, 4)
        lua_createtable(T, Int32(clamping: arrayCount), Int32(clamping: fieldCount))
        var builder = LuaTableBuilder(state: self, T: T, index: lua_gettop(T))
        try body(&builder)
    }
}
