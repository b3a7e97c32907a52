import CLua
import CLuaSupport

/// Whether a state is open, shared by the state and everything that refers into it.
final class StateLife {
    var isClosed = false
}

/// A Lua value kept alive by reference in its state's registry: a function, a table kept
/// live, a userdata or a thread. Released when the last Swift reference goes.
///
/// ```swift
/// let f = try lua.load("return ...", chunkName: "=echo")
/// try f.call(["hi"])   // [.string("hi")]
/// ```
public final class LuaRef: Hashable, CustomStringConvertible {
    /// Tells whether the state is still open; shared with it, so no weak reference is needed.
    let life: StateLife
    unowned(unsafe) let owner: LuaState
    let ref: Int32
    /// The Lua type name of the referenced value.
    public let typeName: String

    init(state: LuaState, ref: Int32, typeName: String) {
        self.life = state.life
        self.owner = state
        self.ref = ref
        self.typeName = typeName
    }

    deinit {
        if !life.isClosed {
            luaL_unref(owner.L, clua_registryindex(), ref)
        }
    }

    /// Calls the referenced value (a function, or anything with `__call`).
    @discardableResult
    public func call(_ args: [LuaValue] = [], limits: LuaLimits? = nil) throws -> [LuaValue] {
        guard !life.isClosed else { throw LuaError(kind: .closed, message: "the Lua state is closed") }
        return try owner.call(self, args, limits: limits)
    }

    public static func == (a: LuaRef, b: LuaRef) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }
    public var description: String { "\(typeName): ref \(ref)" }
}
