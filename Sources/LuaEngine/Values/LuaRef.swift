import CLua

/// A Lua value kept alive by reference in its state's registry: a function, a table kept
/// live, a userdata or a thread. Released when the last Swift reference goes.
///
/// ```swift
/// let f = try lua.load("return ...", chunkName: "=echo")
/// try f.call(["hi"])   // [.string("hi")]
/// ```
public final class LuaRef: Hashable, CustomStringConvertible {
    weak var state: LuaState?
    let ref: Int32
    /// The Lua type name of the referenced value.
    public let typeName: String

    init(state: LuaState, ref: Int32, typeName: String) {
        self.state = state
        self.ref = ref
        self.typeName = typeName
    }

    deinit {
        if let state, !state.isClosed {
            luaL_unref(state.L, clua_registryindex(), ref)
        }
    }

    /// Calls the referenced value (a function, or anything with `__call`).
    @discardableResult
    public func call(_ args: [LuaValue] = [], limits: LuaLimits? = nil) throws -> [LuaValue] {
        guard let state else { throw LuaError(kind: .closed, message: "the Lua state is closed") }
        return try state.call(self, args, limits: limits)
    }

    public static func == (a: LuaRef, b: LuaRef) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }
    public var description: String { "\(typeName): ref \(ref)" }
}
