import CLua
import CLuaSupport
import Foundation

extension LuaState {
    // MARK: Loading and running

    /// Compiles a text chunk without running it.
    ///
    /// Binary chunks are refused in every profile (they can crash the VM).
    /// - Parameters:
    ///   - source: Lua source text.
    ///   - chunkName: Lua's chunk name: `"@path/file.lua"` for a file, `"=name"` for a
    ///     literal name; error messages show it (`file.lua:3:` / `name:3:`).
    ///   - env: the table the chunk sees as `_ENV`; nil gives a sandboxed chunk its own
    ///     fresh globals and a trusted chunk the global table.
    /// - Returns: the compiled chunk, a function reference.
    /// - Throws: ``LuaError`` of kind `.syntax` (or `.memory`).
    public func load(_ source: String, chunkName: String, env: LuaRef? = nil) throws -> LuaRef {
        try load(bytes: Array(source.utf8), chunkName: chunkName, env: env)
    }

    /// Compiles a text chunk given as bytes. See ``load(_:chunkName:env:)``.
    public func load(bytes: [UInt8], chunkName: String, env: LuaRef? = nil) throws -> LuaRef {
        try checkOpen()
        let T = self.T
        let c = control.pointer
        let savedGrace = c.pointee.grace
        if callDepth == 0, let cap = limits.memory { c.pointee.cap = cap }
        c.pointee.grace = 0
        let empty: [CChar] = [0]
        let status = bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                empty.withUnsafeBufferPointer { e in
                    luaL_loadbufferx(T, chars.baseAddress ?? e.baseAddress, chars.count, chunkName, "t")
                }
            }
        }
        c.pointee.grace = savedGrace
        if status != LUA_OK {
            let error = errorFromTop(status: status, traceback: false)
            clua_pop(T, 1)
            if callDepth == 0 { c.pointee.refused = 0; c.pointee.abort_kind = 0 }
            throw error
        }
        if let env {
            try push(.reference(env))
            if lua_setupvalue(T, -2, 1) == nil { clua_pop(T, 1) }
        } else if profile == .sandboxed {
            let fresh = try newEnvironment()
            try push(.reference(fresh))
            if lua_setupvalue(T, -2, 1) == nil { clua_pop(T, 1) }
        }
        return popRef()
    }

    /// Compiles and runs a chunk, returning what it returns.
    ///
    /// ```swift
    /// try lua.run("print(...)", chunkName: "=demo", args: ["一", 2])   // prints "一\t2"
    /// ```
    /// - Throws: ``LuaError``: `.syntax`, `.runtime`, or a limit kind.
    @discardableResult
    public func run(_ source: String, chunkName: String, args: [LuaValue] = [], env: LuaRef? = nil,
                    limits: LuaLimits? = nil) throws -> [LuaValue] {
        let chunk = try load(source, chunkName: chunkName, env: env)
        return try call(chunk, args, limits: limits)
    }

    /// Calls a Lua function with arguments under `lua_pcall`, returning its results.
    ///
    /// Limits are those of the call if given, else the state's. Stack effect: none.
    /// - Throws: ``LuaError`` with message, chunk, line and traceback.
    @discardableResult
    public func call(_ function: LuaRef, _ args: [LuaValue] = [], limits: LuaLimits? = nil) throws -> [LuaValue] {
        try call(function, args, limits: limits) { r in try (0..<r.count).map { try r.value($0 + 1) } }
    }

    /// Calls a Lua function and keeps its first result by reference (a live table, say),
    /// or returns nil when it returns nothing or nil.
    public func callForReference(_ function: LuaRef, _ args: [LuaValue] = [], limits: LuaLimits? = nil) throws -> LuaRef? {
        try checkOpen()
        let T = self.T
        let top = lua_gettop(T)
        defer { lua_settop(T, top) }
        try push(.function(function))
        for a in args { try push(a) }
        try protectedCall(nargs: Int32(args.count), nresults: 1, limits: limits)
        return lua_type(T, -1) == LUA_TNIL ? nil : ref(at: -1)
    }

    /// Calls a global function by name. See ``call(_:_:limits:)``.
    @discardableResult
    public func call(global name: String, _ args: [LuaValue] = [], limits: LuaLimits? = nil) throws -> [LuaValue] {
        guard case .function(let f) = try global(name) else {
            throw LuaError(kind: .runtime, message: "attempt to call a nil value (global '\(name)')")
        }
        return try call(f, args, limits: limits)
    }

    // MARK: The protected call

    /// Runs the function below `nargs` arguments on the stack under `lua_pcall` with the
    /// message handler, applying limits when this is the outermost call.
    /// Stack effect: function and arguments replaced by `nresults` results; on error, the
    /// stack is as before the function was pushed and a ``LuaError`` is thrown.
    /// `internalCall`: the engine's own bookkeeping (environments, setup), during which the
    /// collector stays stopped so that no script finalizer runs outside the script's limits.
    func protectedCall(nargs: Int32, nresults: Int32, limits callLimits: LuaLimits? = nil, internalCall: Bool = false) throws {
        let T = self.T
        let c = control.pointer
        let base = lua_gettop(T) - nargs
        // Outside host callbacks the main thread keeps the handler at stack index 1; inside
        // one, index 1 is the callback's first argument, so the handler is pushed.
        let handlerOnMain = activeThread == nil
        if !handlerOnMain {
            lua_rawgeti(T, clua_registryindex(), lua_Integer(messageHandlerRef))
            lua_rotate(T, base, 1)  // handler below the function
        }
        let handler = handlerOnMain ? 1 : base
        let outermost = callDepth == 0
        if outermost {
            if let callLimits { beginCall(callLimits, timeout: callLimits.timeoutNanoseconds, thread: T) }
            else { beginCall(limits, timeout: timeoutNanoseconds, thread: T) }
            if !internalCall && c.pointee.finalizers != 0 { clua_gc_restart(L) }  // stopped between calls (see endCall)
        }
        let savedGrace = c.pointee.grace
        c.pointee.grace = 0
        c.pointee.err_line = -1  // a memory error skips the handler: no stale position
        c.pointee.err_src.0 = 0
        callDepth += 1
        let status = lua_pcallk(T, nargs, nresults, handler, 0, nil)
        callDepth -= 1
        c.pointee.grace = savedGrace
        if !handlerOnMain {
            lua_rotate(T, base, -1)
            clua_pop(T, 1)  // the handler
        }
        if status == LUA_OK {
            // A limit crossed where Lua turns errors into values (load's reader, coroutine.close,
            // a finalizer) still ends the call.
            if outermost && c.pointee.abort_kind == 0 && c.pointee.cap != 0 && c.pointee.refused != 0 {
                c.pointee.abort_kind = Int32(CLUA_ABORT_MEMORY)  // e.g. load() returned "not enough memory"
            }
            if outermost && c.pointee.abort_kind != 0 {
                let kind = Self.abortKinds[Int(c.pointee.abort_kind)] ?? .runtime
                let error = LuaError(kind: kind, message: String(cString: clua_abort_message(c.pointee.abort_kind)))
                lua_settop(T, base - 1)
                endCall()
                throw error
            }
            if outermost { endCall() }
            return
        }
        let error = errorFromTop(status: status, traceback: true)
        clua_pop(T, 1)
        if outermost { endCall() }
        throw error
    }

    private func beginCall(_ l: LuaLimits, timeout: Int64?, thread T: OpaquePointer) {
        let c = control.pointer
        c.pointee.abort_kind = 0
        c.pointee.refused = 0
        c.pointee.counted = 0
        clua_set_interrupt(c, 0)
        clua_disarm(c)
        c.pointee.cap = l.memory.map { max(0, $0) } ?? 0
        c.pointee.max_depth = Int32(l.hostDepth)
        if let budget = l.instructions {
            c.pointee.budget = max(1, budget)
            c.pointee.hook_count = Int32(min(Int64(LuaLimits.hookGranularity), max(1, budget)))
        } else {
            c.pointee.budget = 0
        }
        if c.pointee.current != T {
            control.withLock { c in c.pointee.current = T }
        }
        // The engine's hook slot: the budget's hook, or none. A hook a trusted script set itself
        // (debug.sethook) stays, as under lua5.4, unless a budget needs the slot.
        if c.pointee.budget > 0 || clua_hook_is_engine(T) != 0 { clua_sethook_base(T, c) }
        if let timeout {
            clua_set_deadline(c, clua_monotonic_ns() + timeout)
            if !control.watched { Watchdog.shared.register(control) }
        } else {
            clua_set_deadline(c, 0)
        }
    }

    private func endCall() {
        let c = control.pointer
        // Between calls nothing limits Lua code, and a collection step started by the host's
        // own pushes would run finalizers: keep the collector stopped until the next call.
        // (A sandbox without any __gc set has no Lua finalizers, and its collector just runs.)
        if c.pointee.finalizers != 0 { clua_gc_stop(L) }
        clua_set_deadline(c, 0)
        c.pointee.budget = 0
        // The lock is needed only when another thread may have armed the hook.
        if clua_is_armed(c) != 0 || c.pointee.current != L || clua_hook_is_engine(L) != 0 {
            control.withLock { c in
                clua_disarm(c)
                clua_set_interrupt(c, 0)
                c.pointee.current = L
                if clua_hook_is_engine(L) != 0 { lua_sethook(L, nil, 0, 0) }
            }
        }
        c.pointee.abort_kind = 0
        c.pointee.refused = 0
        c.pointee.counted = 0
    }

    static let abortKinds: [Int: LuaError.Kind] = [
        Int(CLUA_ABORT_MEMORY): .memory, Int(CLUA_ABORT_INSTRUCTIONS): .instructions,
        Int(CLUA_ABORT_TIME): .time, Int(CLUA_ABORT_INTERRUPT): .interrupted, Int(CLUA_ABORT_DEPTH): .depth,
    ]

    /// Builds a ``LuaError`` from the error value on top of the stack (left there).
    func errorFromTop(status: Int32, traceback: Bool) -> LuaError {
        let T = self.T
        let c = control.pointer
        var kind: LuaError.Kind
        if let k = Self.abortKinds[Int(c.pointee.abort_kind)] {
            kind = k
        } else {
            switch status {
            case LUA_ERRSYNTAX: kind = .syntax
            case LUA_ERRMEM: kind = (c.pointee.cap != 0 && c.pointee.refused != 0) ? .memory : .runtime
            case LUA_ERRERR: kind = .handler
            default: kind = .runtime
            }
        }
        var chunk: String?
        var line: Int?
        if traceback, c.pointee.err_line > 0 {
            chunk = withUnsafeBytes(of: c.pointee.err_src) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            line = Int(c.pointee.err_line)
        }
        let valueType = String(cString: lua_typename(T, lua_type(T, -1)))
        var message: String
        if kind.isLimit {
            message = String(cString: clua_abort_message(c.pointee.abort_kind))
            if kind == .memory && c.pointee.abort_kind == 0 { message = "memory limit exceeded" }
            if let chunk, let line { message = "\(chunk):\(line): \(message)" }
        } else {
            let refusedBefore = c.pointee.refused
            c.pointee.refused = 0
            message = describeErrorValue(at: lua_gettop(T))
            // Describing ran the value's __tostring, which may itself have crossed a limit.
            if let k = Self.abortKinds[Int(c.pointee.abort_kind)] { kind = k }
            else if c.pointee.cap != 0 && c.pointee.refused != 0 { kind = .memory }
            c.pointee.refused |= refusedBefore
        }
        if let (src, ln) = Self.position(in: message) {
            chunk = src
            line = ln
        }
        var tb = ""
        if traceback {
            lua_getfield(T, clua_registryindex(), "clua.traceback")
            if lua_type(T, -1) == LUA_TSTRING { tb = String(cString: lua_tolstring(T, -1, nil)) }
            clua_pop(T, 1)
            lua_pushnil(T)
            lua_setfield(T, clua_registryindex(), "clua.traceback")
        }
        return LuaError(kind: kind, message: message, chunk: chunk, line: line, traceback: tb, valueType: valueType)
    }

    /// A readable message for any error value, as `lua.c` gives it: strings and numbers as
    /// they are, `__tostring` when the value has one (itself protected), else its type.
    func describeErrorValue(at index: Int32) -> String {
        let T = self.T
        switch lua_type(T, index) {
        case LUA_TSTRING, LUA_TNUMBER:
            lua_pushvalue(T, index)
            defer { clua_pop(T, 1) }
            var len = 0
            let p = lua_tolstring(T, -1, &len)!
            return String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
        case LUA_TNIL:
            return "nil"
        default:
            let type = String(cString: lua_typename(T, lua_type(T, index)))
            guard luaL_getmetafield(T, index, "__tostring") != LUA_TNIL else {
                return "(error object is a \(type) value)"
            }
            clua_pop(T, 1)
            lua_pushcclosure(T, clua_tostring_protected, 0)
            lua_pushvalue(T, index)
            // The value's __tostring is script code: it runs under the memory cap too.
            let c = control.pointer
            let savedGrace = c.pointee.grace
            c.pointee.grace = 0
            let status = lua_pcallk(T, 1, 1, 0, 0, nil)
            c.pointee.grace = savedGrace
            defer { clua_pop(T, 1) }
            var len = 0
            if status == LUA_OK, lua_type(T, -1) == LUA_TSTRING, let p = lua_tolstring(T, -1, &len) {
                return String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
            }
            let reason = lua_type(T, -1) == LUA_TSTRING ? String(cString: lua_tolstring(T, -1, nil)) : "not a string"
            return "(error object is a \(type) value; its __tostring failed: \(reason))"
        }
    }

    /// `chunk:line:` at the start of a message, as Lua's `luaL_where` writes it.
    static func position(in message: String) -> (String, Int)? {
        var rest = Substring(message)
        if rest.hasPrefix("[string \""), let close = rest.range(of: "\"]:") {
            let src = String(rest[..<close.lowerBound]) + "\"]"
            rest = rest[close.upperBound...]
            let digits = rest.prefix(while: \.isNumber)
            guard !digits.isEmpty, rest.dropFirst(digits.count).hasPrefix(":"), let n = Int(digits) else { return nil }
            return (src, n)
        }
        let parts = message.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[0].contains("\n"), let n = Int(parts[1]) else { return nil }
        return (String(parts[0]), n)
    }

    /// Runs a C function (no Swift frame inside) under `lua_pcall` with arguments.
    func callC(_ f: lua_CFunction, _ args: [LuaValue], limits: LuaLimits? = nil) throws {
        let T = self.T
        let top = lua_gettop(T)
        lua_pushcclosure(T, f, 0)
        for a in args { try push(a) }
        defer { lua_settop(T, top) }
        try protectedCall(nargs: Int32(args.count), nresults: 0, limits: limits, internalCall: true)
    }
}
