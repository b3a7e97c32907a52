import CLua
import CLuaSupport

/// How a Swift class looks in Lua: a userdata with a protected metatable.
///
/// Fields are read-only unless declared writable; `__index`, `__newindex`, `__tostring`,
/// `__eq`, `__len` and `__pairs` come from this description. The object is retained while
/// Lua holds it and released by `__gc`.
///
/// ```swift
/// final class Client { let code: String; init(code: String) { self.code = code } }
/// let clientClass = LuaClass<Client>("Client")
///     .field("code") { .string(LuaString($0.code)) }
///     .method("greet") { client, args in [.string(LuaString("你好 \(client.code)"))] }
/// try lua.register(clientClass)
/// try lua.setGlobal("c", .object(Client(code: "C0042")))   // c.code, c:greet(), tostring(c)
/// ```
public final class LuaClass<Object: AnyObject> {
    public let name: String
    var fields: [String: (Object) -> LuaValue] = [:]
    var fieldOrder: [String] = []
    var setters: [String: (Object, LuaValue) throws -> Void] = [:]
    var methods: [String: (Object, LuaArguments) throws -> [LuaValue]] = [:]
    var toString: ((Object) -> String)?
    var length: ((Object) -> Int)?
    var equals: ((Object, Object) -> Bool)?
    var pairs: ((Object) -> [(LuaValue, LuaValue)])?

    public init(_ name: String) { self.name = name }

    /// A read-only field.
    @discardableResult
    public func field(_ name: String, _ get: @escaping (Object) -> LuaValue) -> Self {
        if fields[name] == nil { fieldOrder.append(name) }
        fields[name] = get
        return self
    }

    /// A field Lua may assign; the setter validates and may throw ``LuaArgumentError``/``LuaRaise``.
    @discardableResult
    public func writable(_ name: String, get: @escaping (Object) -> LuaValue,
                         set: @escaping (Object, LuaValue) throws -> Void) -> Self {
        field(name, get)
        setters[name] = set
        return self
    }

    /// A method, called as `obj:name(...)`; argument 1 of `args` is the object itself.
    @discardableResult
    public func method(_ name: String, _ body: @escaping (Object, LuaArguments) throws -> [LuaValue]) -> Self {
        methods[name] = body
        return self
    }

    /// What `tostring(obj)` gives; default `Name`.
    @discardableResult
    public func tostring(_ f: @escaping (Object) -> String) -> Self { toString = f; return self }
    /// What `#obj` gives; default: an error, as for userdata without `__len`.
    @discardableResult
    public func len(_ f: @escaping (Object) -> Int) -> Self { length = f; return self }
    /// `==` between two objects of this class; default: identity.
    @discardableResult
    public func eq(_ f: @escaping (Object, Object) -> Bool) -> Self { equals = f; return self }
    /// What `pairs(obj)` walks; default: the fields, in declaration order.
    @discardableResult
    public func pairs(_ f: @escaping (Object) -> [(LuaValue, LuaValue)]) -> Self { pairs = f; return self }

    var metatableName: String { "LuaEngine.class." + name }

    func install(in state: LuaState) throws {
        let T = state.T
        guard luaL_newmetatable(T, metatableName) != 0 else {
            clua_pop(T, 1)
            throw LuaError(kind: .conversion, message: "a class named \(name) is already registered")
        }
        func set(_ key: String, _ push: () -> Void) {
            lua_pushstring(T, key)
            push()
            lua_rawset(T, -3)
        }
        set("__name") { lua_pushstring(T, name) }
        set("__metatable") { lua_pushstring(T, "locked") }
        set("__host") { lua_pushboolean(T, 1) }
        set("__gc") { lua_pushcclosure(T, clua_box_gc, 0) }
        let typeName = name
        // Methods are made once and handed out by __index.
        var methodValues: [String: LuaValue] = [:]
        for (methodName, body) in methods {
            let qualified = "\(typeName):\(methodName)"
            methodValues[methodName] = try state.function(qualified) { args in
                let object = try args.object(1, as: Object.self)
                return try body(object, args)
            }
        }
        let fields = self.fields
        let setters = self.setters
        set("__index") {
            state.pushFunction("__index") { args in
                let object = try args.object(1, as: Object.self)
                guard let key = try args.optionalString(2) else { return [.nil] }
                if let get = fields[key] { return [get(object)] }
                if let m = methodValues[key] { return [m] }
                return [.nil]
            }
        }
        set("__newindex") {
            state.pushFunction("__newindex") { args in
                let object = try args.object(1, as: Object.self)
                let key = try args.optionalString(2) ?? "?"
                guard let setter = setters[key] else {
                    if fields[key] != nil || methodValues[key] != nil {
                        throw LuaRaise("attempt to modify read-only field '\(key)' of \(typeName)")
                    }
                    throw LuaRaise("\(typeName) has no field '\(key)'")
                }
                try setter(object, try args.value(3))
                return []
            }
        }
        let toString = self.toString
        set("__tostring") {
            state.pushFunction("__tostring") { args in
                let object = try args.object(1, as: Object.self)
                return [.string(LuaString(toString?(object) ?? typeName))]
            }
        }
        if let length {
            set("__len") {
                state.pushFunction("__len") { args in
                    [.integer(Int64(length(try args.object(1, as: Object.self))))]
                }
            }
        }
        let equals = self.equals
        set("__eq") {
            state.pushFunction("__eq") { args in
                guard let a = args.state.objectAt(1) as? Object, let b = args.state.objectAt(2) as? Object else { return [false] }
                return [.boolean(equals?(a, b) ?? (a === b))]
            }
        }
        let pairs = self.pairs
        let order = fieldOrder
        set("__pairs") {
            state.pushFunction("__pairs") { args in
                let object = try args.object(1, as: Object.self)
                let entries: [(LuaValue, LuaValue)] = pairs.map { $0(object) }
                    ?? order.map { (.string(LuaString($0)), fields[$0]!(object)) }
                // Walks the entries in order (declaration order for fields).
                let cursor = Cursor()
                let step = try args.state.function("\(typeName) iterator") { _ in
                    while cursor.index < entries.count {
                        let (k, v) = entries[cursor.index]
                        cursor.index += 1
                        if k != .nil { return [k, v] }
                    }
                    return [.nil]
                }
                return [step, .nil, .nil]
            }
        }
        clua_pop(T, 1)
    }
}

/// Where a `__pairs` iterator over a host object has got to.
final class Cursor { var index = 0 }

extension LuaState {
    /// Registers a class so that its objects can be passed to Lua as `.object(obj)`.
    public func register<Object: AnyObject>(_ cls: LuaClass<Object>) throws {
        try checkOpen()
        try cls.install(in: self)
        classNames[ObjectIdentifier(Object.self)] = cls.metatableName
    }

    func className<Object: AnyObject>(of type: Object.Type) -> String? {
        classNames[ObjectIdentifier(type)].map { String($0.dropFirst("LuaEngine.class.".count)) }
    }

    /// Pushes a registered object as userdata. Stack effect: +1.
    func pushObject(_ object: AnyObject) throws {
        guard let mt = classNames[ObjectIdentifier(type(of: object))] else {
            throw LuaError(kind: .conversion, message: "\(type(of: object)) is not registered with this Lua state")
        }
        let T = self.T
        let slot = lua_newuserdatauv(T, MemoryLayout<UnsafeMutableRawPointer>.size, 0)!
        slot.storeBytes(of: Unmanaged.passRetained(object).toOpaque(), as: UnsafeMutableRawPointer?.self)
        luaL_setmetatable(T, mt)
    }

    /// The Swift object behind a host userdata at `index`, or nil (other userdata, or released).
    func objectAt(_ index: Int32) -> AnyObject? {
        let T = self.T
        guard lua_type(T, index) == LUA_TUSERDATA, lua_getmetatable(T, index) != 0 else { return nil }
        lua_pushstring(T, "__host")
        lua_rawget(T, -2)
        let isHost = lua_toboolean(T, -1) != 0
        clua_pop(T, 2)
        guard isHost, let slot = lua_touserdata(T, index),
              let raw = slot.load(as: UnsafeMutableRawPointer?.self) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue()
    }
}
