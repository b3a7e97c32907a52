import CLua
import CLuaSupport

/// The body of a Swift function exposed to Lua: reads its arguments, returns its results.
/// Throw ``LuaArgumentError`` for a bad argument, ``LuaRaise`` to raise a Lua error.
public typealias LuaFunctionBody = (LuaArguments) throws -> [LuaValue]

/// The arguments of a call from Lua into Swift, with Lua-style checks.
///
/// ```swift
/// lua.register("greet") { args in
///     let name = try args.string(1)            // bad argument #1 to 'greet' (string expected, got nil)
///     let times = try args.optionalInteger(2) ?? 1
///     return [.string(LuaString(String(repeating: "你好 \(name) ", count: Int(times))))]
/// }
/// ```
public struct LuaArguments {
    public let state: LuaState
    let T: OpaquePointer
    /// The name Lua errors use for this function.
    public let functionName: String
    /// How many arguments were passed.
    public let count: Int

    /// The argument at `i` (1-based) as a Swift value; `.nil` past the end.
    public func value(_ i: Int) throws -> LuaValue {
        guard i >= 1, i <= count else { return .nil }
        return try state.value(at: Int32(i))
    }

    /// All arguments.
    public func all() throws -> [LuaValue] { try (0..<count).map { try value($0 + 1) } }

    func typeName(_ i: Int) -> String {
        guard i <= count else { return "no value" }
        if lua_type(T, Int32(i)) == LUA_TUSERDATA, lua_getmetatable(T, Int32(i)) != 0 {
            lua_pushstring(T, "__name")
            lua_rawget(T, -2)
            defer { clua_pop(T, 2) }
            if lua_type(T, -1) == LUA_TSTRING { return String(cString: lua_tolstring(T, -1, nil)) }
        }
        return String(cString: lua_typename(T, lua_type(T, Int32(i))))
    }

    func expected(_ i: Int, _ what: String) -> LuaArgumentError {
        LuaArgumentError(position: i, "\(what) expected, got \(typeName(i))")
    }

    /// A string argument (numbers are converted, as `luaL_checkstring` does).
    public func string(_ i: Int) throws -> String {
        guard let s = try optionalLuaString(i) else { throw expected(i, "string") }
        return s.description
    }

    public func optionalString(_ i: Int) throws -> String? { try optionalLuaString(i)?.description }

    /// A string argument as bytes.
    public func luaString(_ i: Int) throws -> LuaString {
        guard let s = try optionalLuaString(i) else { throw expected(i, "string") }
        return s
    }

    public func optionalLuaString(_ i: Int) throws -> LuaString? {
        guard i <= count else { return nil }
        switch lua_type(T, Int32(i)) {
        case LUA_TNIL: return nil
        case LUA_TSTRING, LUA_TNUMBER:
            guard case .string(let s) = try value(i) else {
                // a number: convert a copy, leaving the argument as it is
                lua_pushvalue(T, Int32(i))
                defer { clua_pop(T, 1) }
                var len = 0
                let p = lua_tolstring(T, -1, &len)!
                return LuaString(bytes: Array(UnsafeRawBufferPointer(start: p, count: len)))
            }
            return s
        default: throw expected(i, "string")
        }
    }

    /// An integer argument (floats with an exact integer value and numeric strings accepted).
    public func integer(_ i: Int) throws -> Int64 {
        guard let v = try optionalInteger(i) else { throw expected(i, "number") }
        return v
    }

    public func optionalInteger(_ i: Int) throws -> Int64? {
        guard i <= count, lua_type(T, Int32(i)) != LUA_TNIL else { return nil }
        var ok: Int32 = 0
        let v = lua_tointegerx(T, Int32(i), &ok)
        if ok != 0 { return Int64(v) }
        if lua_type(T, Int32(i)) == LUA_TNUMBER { throw LuaArgumentError(position: i, "number has no integer representation") }
        throw expected(i, "number")
    }

    /// A number argument (numeric strings accepted).
    public func number(_ i: Int) throws -> Double {
        guard let v = try optionalNumber(i) else { throw expected(i, "number") }
        return v
    }

    public func optionalNumber(_ i: Int) throws -> Double? {
        guard i <= count, lua_type(T, Int32(i)) != LUA_TNIL else { return nil }
        var ok: Int32 = 0
        let v = lua_tonumberx(T, Int32(i), &ok)
        if ok != 0 { return v }
        throw expected(i, "number")
    }

    /// A boolean by Lua truthiness (absent is false).
    public func boolean(_ i: Int) -> Bool { i <= count && lua_toboolean(T, Int32(i)) != 0 }

    /// A table argument, read as a snapshot.
    public func table(_ i: Int) throws -> LuaTable {
        guard let t = try optionalTable(i) else { throw expected(i, "table") }
        return t
    }

    public func optionalTable(_ i: Int) throws -> LuaTable? {
        guard i <= count, lua_type(T, Int32(i)) != LUA_TNIL else { return nil }
        guard lua_type(T, Int32(i)) == LUA_TTABLE else { throw expected(i, "table") }
        return try value(i).tableValue
    }

    /// A function argument, kept by reference.
    public func function(_ i: Int) throws -> LuaRef {
        guard i <= count, lua_type(T, Int32(i)) == LUA_TFUNCTION else { throw expected(i, "function") }
        return state.ref(at: Int32(i))
    }

    /// An object argument of a registered class.
    public func object<Object: AnyObject>(_ i: Int, as type: Object.Type) throws -> Object {
        guard i <= count, let o = state.objectAt(Int32(i)) as? Object else {
            throw expected(i, state.className(of: type) ?? String(describing: type))
        }
        return o
    }
}

/// A Swift function held by Lua; released by the `__gc` of its box.
final class HostFunction {
    let name: String
    let body: LuaFunctionBody
    unowned(unsafe) let state: LuaState
    init(name: String, state: LuaState, body: @escaping LuaFunctionBody) {
        self.name = name
        self.state = state
        self.body = body
    }
}

extension LuaState {
    /// Exposes a Swift function to Lua as a global (in the sandbox: in every script's base).
    ///
    /// The function reports failure by throwing; the C trampoline raises the Lua error after
    /// this Swift frame has returned, so no longjmp crosses it.
    public func register(_ name: String, _ body: @escaping LuaFunctionBody) throws {
        try setGlobal(name, try function(name, body))
    }

    /// Makes a Lua function value from a Swift closure, for tables of functions (modules).
    /// - Parameter name: the name errors use (`bad argument #1 to 'name'`).
    public func function(_ name: String, _ body: @escaping LuaFunctionBody) throws -> LuaValue {
        try checkOpen()
        pushFunction(name, body)
        return .function(popRef())
    }

    /// Pushes a Swift closure as a Lua function. Stack effect: +1.
    func pushFunction(_ name: String, _ body: @escaping LuaFunctionBody) {
        let box = HostFunction(name: name, state: self, body: body)
        clua_push_swift_function(T, Unmanaged.passRetained(box).toOpaque())
    }

    /// Pushes the results of a host function; returns their count or a raise status.
    func pushResults(_ results: [LuaValue], on L: OpaquePointer) -> Int32 {
        guard lua_checkstack(L, Int32(results.count) + 2) != 0 else {
            lua_pushstring(L, "too many results")
            return Int32(CLUA_RAISE_WHERE)
        }
        for r in results {
            do { try push(r) } catch {
                lua_pushstring(L, "\(error)")
                return Int32(CLUA_RAISE_WHERE)
            }
        }
        return Int32(results.count)
    }
}

/// The C trampoline's way into Swift: runs the body, never raises, returns a status.
func luaEngineDispatch(_ L: OpaquePointer?, _ raw: UnsafeMutableRawPointer?) -> Int32 {
    guard let L else { return 0 }
    guard let raw else {
        lua_pushstring(L, "attempt to call a released host function")
        return Int32(CLUA_RAISE_WHERE)
    }
    let box = Unmanaged<HostFunction>.fromOpaque(raw).takeUnretainedValue()
    let state = box.state
    let saved = state.activeThread
    state.activeThread = L
    defer { state.activeThread = saved }
    let args = LuaArguments(state: state, T: L, functionName: box.name, count: Int(lua_gettop(L)))
    do {
        let results = try box.body(args)
        return state.pushResults(results, on: L)
    } catch let e as LuaArgumentError {
        lua_pushstring(L, "bad argument #\(e.position) to '\(box.name)' (\(e.message))")
        return Int32(CLUA_RAISE_WHERE)
    } catch let e as LuaRaise {
        do { try state.push(e.value) } catch { lua_pushstring(L, "\(error)") }
        return e.addPosition ? Int32(CLUA_RAISE_WHERE) : Int32(CLUA_RAISE)
    } catch let e as LuaError {
        lua_pushstring(L, e.message)
        return Int32(CLUA_RAISE)
    } catch {
        lua_pushstring(L, "\(error)")
        return Int32(CLUA_RAISE_WHERE)
    }
}

/// `__gc` of a box: drops the retain taken when the value was pushed.
func luaEngineRelease(_ raw: UnsafeMutableRawPointer?) {
    guard let raw else { return }
    Unmanaged<AnyObject>.fromOpaque(raw).release()
}
