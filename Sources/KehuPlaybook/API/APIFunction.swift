import LuaEngine

/// One parameter or result of a Lua API function, as docs and editor stubs show it.
public struct APIParameter: Sendable, Equatable {
    public var name: String
    /// A LuaLS type: `string`, `integer`, `number`, `boolean`, `table`, `kehu.Client`, `fun(…)`;
    /// a trailing `?` marks it optional.
    public var type: String
    public var description: String
    public init(_ name: String, _ type: String, _ description: String) {
        self.name = name
        self.type = type
        self.description = description
    }
}

extension APIParameter {
    /// The Lua type a call's argument must have, as `type()` names it (or `integer`, or `any`),
    /// and whether nil is allowed: `{ … }` and `T[]` are tables, `fun(…)` a function.
    var checkedType: (type: String, optional: Bool) {
        let optional = type.hasSuffix("?")
        let base = optional ? String(type.dropLast()) : type
        if base.hasPrefix("{") || base.hasSuffix("[]") || base.hasPrefix("table") { return ("table", optional) }
        if base.hasPrefix("fun(") { return ("function", optional) }
        if ["string", "number", "integer", "boolean", "function"].contains(base) { return (base, optional) }
        return ("any", optional)
    }
}

/// The declaration of one function of the `kehu` Lua module: the single place its name,
/// parameters, results, description and example are written. Registration, the REPL's
/// help, `docs/lua-api.md` and the LuaLS stubs all read it.
public struct APIFunction: Sendable {
    /// As Lua code spells it: `kehu.add_days`, or `client:orders` for a client method.
    public var name: String
    public var parameters: [APIParameter]
    public var returns: [APIParameter]
    public var summary: String
    public var example: String
    /// The API version that introduced it.
    public var since: Int
    /// The Swift side; nil when the function is written in Lua in the module's prelude.
    var body: (@Sendable (KehuRuntime, LuaArguments) throws -> [LuaValue])?

    init(_ name: String, parameters: [APIParameter] = [], returns: [APIParameter] = [], summary: String,
         example: String, since: Int = 1, body: (@Sendable (KehuRuntime, LuaArguments) throws -> [LuaValue])? = nil) {
        self.name = name
        self.parameters = parameters
        self.returns = returns
        self.summary = summary
        self.example = example
        self.since = since
        self.body = body
    }

    /// The key in the module table (`add_days` for `kehu.add_days`).
    var key: String { String(name.split(whereSeparator: { $0 == "." || $0 == ":" }).last ?? "") }
    var isMethod: Bool { name.contains(":") }
}
