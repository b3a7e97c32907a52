import CLua
import CLuaSupport
import Foundation

/// Resolves `require` in the sandbox: a module name `a.b` is the file `a/b.lua` (or
/// `a/b/init.lua`) under one of the roots, and nowhere else.
public struct LuaModuleLoader: Sendable {
    public var roots: [URL]
    /// Whether chunks are named `@ROOTNAME/path.lua` (the root folder's own name, then the
    /// module's path inside it) rather than by absolute path: short enough that Lua does not
    /// cut them in messages, and the form a host uses for the root's other files.
    public var namesFromRootFolder: Bool
    public init(roots: [URL], namesFromRootFolder: Bool = false) {
        self.roots = roots.map { $0.standardizedFileURL }
        self.namesFromRootFolder = namesFromRootFolder
    }

    /// The source and chunk name of a module, or nil when no root has it.
    public func resolve(_ name: String) -> (source: [UInt8], chunkName: String)? {
        guard LuaModuleLoader.isValidName(name) else { return nil }
        let relative = name.split(separator: ".").joined(separator: "/")
        for root in roots {
            for candidate in [relative + ".lua", relative + "/init.lua"] {
                let url = root.appendingPathComponent(candidate).standardizedFileURL.resolvingSymlinksInPath()
                let rootPath = root.resolvingSymlinksInPath().path
                guard url.path.hasPrefix(rootPath + "/") else { continue }
                if let data = FileManager.default.contents(atPath: url.path) {
                    return (Array(data), "@" + (namesFromRootFolder ? root.lastPathComponent + "/" + candidate : url.path))
                }
            }
        }
        return nil
    }

    /// Letters, digits, `_`, and single dots between them: no path can be spelled.
    public static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 200 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }
    }
}

extension LuaState {
    func installSandbox(moduleLoader: LuaModuleLoader?) throws {
        var libraries = LuaTable()
        for (lib, names) in SandboxRules.libraries {
            libraries[.string(LuaString(lib))] = .table(LuaTable(array: names.map { .string(LuaString($0)) }))
        }
        var gc = LuaTable()
        for o in SandboxRules.collectgarbageOptions { gc[.string(LuaString(o))] = true }
        let loader = moduleLoader
        let find = try function("require") { args in
            let name = try args.string(1)
            guard LuaModuleLoader.isValidName(name) else { return [.nil, .string(LuaString("invalid module name '\(name)'"))] }
            guard let found = loader?.resolve(name) else {
                let places = loader?.roots.map { "\n\tno file '\($0.path)/\(name.replacingOccurrences(of: ".", with: "/")).lua'" }.joined() ?? ""
                return [.nil, .string(LuaString("module '\(name)' not found:\n\tno host module '\(name)'" + places))]
            }
            return [.string(LuaString(bytes: found.source)), .string(LuaString(found.chunkName))]
        }
        let setmetatable = try guardedSetmetatable()
        let chunk = try load(SandboxBootstrap.source, chunkName: "=sandbox", env: nil)
        let top = lua_gettop(T)
        try push(.function(chunk))
        for a in [LuaValue.table(LuaTable(array: SandboxRules.globals.map { .string(LuaString($0)) })),
                  .table(libraries), .table(gc), find, .function(setmetatable)] {
            try push(a)
        }
        lua_pushcclosure(T, clua_make_pattern_guard, 0)
        try protectedCall(nargs: 6, nresults: 5, limits: LuaLimits.unlimited, internalCall: true)
        sandboxFreeze = ref(at: top + 5)
        lua_settop(T, top + 4)
        lua_setfield(T, clua_registryindex(), "_LOADED")  // names for error messages
        lua_settop(T, top + 3)
        // results: base, new_env, loaded
        sandboxLoaded = ref(at: top + 3)
        sandboxEnvFactory = ref(at: top + 2)
        lua_pushvalue(T, top + 1)
        sandboxBaseRef = luaL_ref(T, clua_registryindex())
        lua_settop(T, top)
    }

    /// A `setmetatable` under which finalizers run within the limits (see
    /// ``SandboxBootstrap/finalizerGuard``), made from the global one.
    func guardedSetmetatable() throws -> LuaRef {
        let chunk = try load(SandboxBootstrap.finalizerGuard, chunkName: "=finalizers", env: nil)
        let top = lua_gettop(T)
        defer { lua_settop(T, top) }
        try push(.function(chunk))
        lua_getglobal(T, "setmetatable")
        lua_pushcclosure(T, clua_make_setmetatable, 0)
        lua_pushcclosure(T, clua_raw_getmetatable, 0)
        try protectedCall(nargs: 3, nresults: 1, limits: LuaLimits.unlimited, internalCall: true)
        return ref(at: -1)
    }

    /// A fresh global environment: its own table, falling through to the shared read-only
    /// base (sandboxed), or to `_G` (trusted). Pass it to ``load(_:chunkName:env:)`` to run
    /// several chunks with the same globals (a REPL session).
    public func newEnvironment() throws -> LuaRef {
        try checkOpen()
        if let factory = sandboxEnvFactory {
            let top = lua_gettop(T)
            try push(.function(factory))
            try protectedCall(nargs: 0, nresults: 1, limits: LuaLimits.unlimited, internalCall: true)
            defer { lua_settop(T, top) }
            return popRef()
        }
        lua_rawgeti(T, clua_registryindex(), lua_Integer(clua_ridx_globals()))
        return popRef()
    }

    /// A read-only view of a table, as the sandbox shows its libraries: reads fall through,
    /// writes (also with `rawset`) and `setmetatable` are refused with an error naming `name`.
    /// In the trusted profile the table itself is returned.
    public func readOnly(_ table: LuaRef, name: String) throws -> LuaRef {
        guard let freeze = sandboxFreeze else { return table }
        guard let view = try callForReference(freeze, [.reference(table), .string(LuaString(name))]) else {
            throw LuaError(kind: .runtime, message: "could not make a read-only view of '\(name)'")
        }
        return view
    }

    /// Makes `value` what `require(name)` returns (a host module such as `kehu`).
    public func preload(_ name: String, _ value: LuaValue) throws {
        try checkOpen()
        if let loaded = sandboxLoaded {
            try push(.reference(loaded))
        } else {
            lua_rawgeti(T, clua_registryindex(), lua_Integer(clua_ridx_globals()))
            lua_pushstring(T, "package")
            lua_rawget(T, -2)
            clua_remove(T, -2)
            guard lua_type(T, -1) == LUA_TTABLE else { clua_pop(T, 1); return }
            lua_pushstring(T, "loaded")
            lua_rawget(T, -2)
            clua_remove(T, -2)
        }
        lua_pushstring(T, name)
        do { try push(value) } catch { clua_pop(T, 2); throw error }
        lua_rawset(T, -3)
        clua_pop(T, 1)
    }
}
