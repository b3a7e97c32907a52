import CLua
import CLuaSupport

extension LuaState {
    /// Pushes a Swift value onto the stack of the running thread.
    /// Stack effect: +1. Allocates (grace mode keeps it from failing outside a call).
    /// - Throws: ``LuaError`` of kind `.conversion` for a reference from another state or an
    ///   object whose class was not registered.
    public func push(_ value: LuaValue) throws {
        let T = self.T
        switch value {
        case .nil: lua_pushnil(T)
        case .boolean(let b): lua_pushboolean(T, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(T, lua_Integer(i))
        case .number(let d): lua_pushnumber(T, d)
        case .string(let s):
            s.bytes.withUnsafeBufferPointer { buf in
                buf.withMemoryRebound(to: CChar.self) { chars in
                    _ = lua_pushlstring(T, chars.baseAddress, chars.count)
                }
            }
        case .table(let t):
            guard lua_checkstack(T, 3) != 0 else {
                throw LuaError(kind: .conversion, message: "table nested too deeply to push")
            }
            lua_createtable(T, Int32(min(t.array.count, Int(Int32.max))), Int32(min(t.hash.count, Int(Int32.max))))
            for (i, v) in t.array.enumerated() {
                try push(v)
                lua_rawseti(T, -2, lua_Integer(i + 1))
            }
            for (k, v) in t.hash {
                if case .number(let d) = k, d.isNaN { continue }
                try push(k)
                try push(v)
                lua_rawset(T, -3)
            }
        case .function(let r), .reference(let r):
            guard r.life === life else {
                throw LuaError(kind: .conversion, message: "a \(r.typeName) from another Lua state cannot be used here")
            }
            lua_rawgeti(T, clua_registryindex(), lua_Integer(r.ref))
        case .object(let object):
            try pushObject(object)
        }
    }

    /// Reads the value at `index` (left on the stack).
    ///
    /// Tables are read with raw access into a ``LuaTable`` snapshot; a cycle or more than
    /// 200 levels of nesting is a `.conversion` error. Functions, userdata and threads become
    /// ``LuaRef``s; userdata of a registered class becomes `.object`.
    public func value(at index: Int32) throws -> LuaValue {
        var seen: Set<UnsafeRawPointer> = []
        return try value(at: lua_absindex(T, index), seen: &seen, depth: 0)
    }

    private func value(at index: Int32, seen: inout Set<UnsafeRawPointer>, depth: Int) throws -> LuaValue {
        let T = self.T
        switch lua_type(T, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(T, index) != 0)
        case LUA_TNUMBER:
            var isInt: Int32 = 0
            let i = lua_tointegerx(T, index, &isInt)
            return isInt != 0 && lua_isinteger(T, index) != 0 ? .integer(Int64(i)) : .number(lua_tonumberx(T, index, nil))
        case LUA_TSTRING:
            var len = 0
            let p = lua_tolstring(T, index, &len)!
            return .string(LuaString(bytes: Array(UnsafeRawBufferPointer(start: p, count: len))))
        case LUA_TTABLE:
            let ptr = lua_topointer(T, index)!
            guard depth < 200 else { throw LuaError(kind: .conversion, message: "table nested more than 200 levels deep") }
            guard seen.insert(ptr).inserted else {
                throw LuaError(kind: .conversion, message: "cannot convert a table that contains itself (a cycle)")
            }
            defer { seen.remove(ptr) }
            guard lua_checkstack(T, 4) != 0 else { throw LuaError(kind: .conversion, message: "stack overflow") }
            var table = LuaTable()
            lua_pushnil(T)
            while lua_next(T, index) != 0 {
                let k = try value(at: lua_absindex(T, -2), seen: &seen, depth: depth + 1)
                let v = try value(at: lua_absindex(T, -1), seen: &seen, depth: depth + 1)
                clua_pop(T, 1)
                table[k] = v
            }
            return .table(table)
        case LUA_TUSERDATA:
            if let object = objectAt(index) { return .object(object) }
            return .reference(ref(at: index))
        case LUA_TFUNCTION:
            return .function(ref(at: index))
        default:
            return .reference(ref(at: index))
        }
    }

    /// A registry reference to the value at `index` (left on the stack).
    public func ref(at index: Int32) -> LuaRef {
        let T = self.T
        let type = String(cString: lua_typename(T, lua_type(T, index)))
        lua_pushvalue(T, index)
        let r = luaL_ref(T, clua_registryindex())
        return LuaRef(state: self, ref: r, typeName: type)
    }

    /// Pops the top value into a registry reference. Stack effect: -1.
    func popRef() -> LuaRef {
        let r = ref(at: -1)
        clua_pop(T, 1)
        return r
    }

    /// A table that lives in Lua, by reference (mutations in Lua are seen later).
    public func newTableRef(_ initial: LuaTable = LuaTable()) throws -> LuaRef {
        try checkOpen()
        try push(.table(initial))
        return popRef()
    }

    // MARK: Globals

    /// Reads a global: in the sandbox, from the base environment every script sees.
    public func global(_ name: String) throws -> LuaValue {
        try checkOpen()
        let T = self.T
        pushGlobalsTable()
        lua_pushstring(T, name)
        lua_rawget(T, -2)
        defer { clua_pop(T, 2) }
        return try value(at: -1)
    }

    /// Sets a global: in the sandbox, in the base environment every script sees (its own
    /// globals still shadow it); in the trusted profile, in `_G`.
    public func setGlobal(_ name: String, _ value: LuaValue) throws {
        try checkOpen()
        let T = self.T
        pushGlobalsTable()
        lua_pushstring(T, name)
        do { try push(value) } catch { clua_pop(T, 2); throw error }
        lua_rawset(T, -3)
        clua_pop(T, 1)
    }

    func pushGlobalsTable() {
        if sandboxBaseRef != 0 {
            lua_rawgeti(T, clua_registryindex(), lua_Integer(sandboxBaseRef))
        } else {
            lua_rawgeti(T, clua_registryindex(), lua_Integer(clua_ridx_globals()))
        }
    }
}
