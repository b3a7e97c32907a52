import Testing
@testable import LuaEngine

@Suite struct FunctionTests {
    @Test func swiftFunctionsGetArgumentsAndReturnResults() throws {
        let f = try Fixture()
        try f.lua.register("add") { args in [.integer(try args.integer(1) + args.integer(2))] }
        #expect(try f.run("return add(40, 2)") == [.integer(42)])
    }

    @Test func badArgumentsGetLuaStyleMessages() throws {
        let f = try Fixture()
        try f.lua.register("client") { args in
            _ = try args.integer(1)
            return [.string(LuaString(try args.string(2)))]
        }
        let e = try #require(f.failure("return client(1, nil)"))
        #expect(e.message == "t:1: bad argument #2 to 'client' (string expected, got nil)")
        #expect(e.kind == .runtime)
        #expect(e.line == 1)
        let missing = try #require(f.failure("return client(1)"))
        #expect(missing.message == "t:1: bad argument #2 to 'client' (string expected, got no value)")
        let float = try #require(f.failure("return client(1.5, 'x')"))
        #expect(float.message == "t:1: bad argument #1 to 'client' (number has no integer representation)")
    }

    @Test func raisedValuesPassThroughPcallUnchanged() throws {
        let f = try Fixture()
        try f.lua.register("fail") { _ in throw LuaRaise(value: ["code": 7]) }
        let r = try f.run("local ok, e = pcall(fail) return ok, e.code")
        #expect(r == [false, .integer(7)])
    }

    @Test func anyOtherSwiftErrorBecomesALuaErrorWithPosition() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "disk on fire" } }
        let f = try Fixture()
        try f.lua.register("io_thing") { _ in throw Broken() }
        let r = try f.run("local ok, e = pcall(function() io_thing() end) return e")
        #expect(r == ["t:1: disk on fire"])
    }

    @Test func swiftCanCallBackIntoLuaFromACallback() throws {
        let f = try Fixture()
        try f.lua.register("twice") { args in
            let fn = try args.function(1)
            let a = try fn.call([1])
            let b = try fn.call(a)
            return b
        }
        #expect(try f.run("return twice(function(x) return x * 10 end)") == [.integer(100)])
    }

    @Test func errorsInNestedCallsKeepTheirMessage() throws {
        let f = try Fixture()
        try f.lua.register("call_it") { args in try args.function(1).call() }
        let e = f.failure("call_it(function() error('inner failure') end)")
        #expect(e?.message.contains("t:1: inner failure") == true)
        #expect(e?.kind == .runtime)
    }

    @Test func reentryDepthIsBounded() throws {
        let f = try Fixture(limits: LuaLimits(memory: 64 << 20, hostDepth: 10))
        try f.lua.register("again") { args in try args.function(1).call([.function(try args.function(1))]) }
        let e = try #require(f.failure("local function r(self) return again(r) end return again(r)"))
        #expect(e.kind == .depth)
        // The state goes on.
        #expect(try f.run("return 1") == [.integer(1)])
    }

    @Test func errorsInsideCallbacksCalledFromCoroutinesPropagate() throws {
        let f = try Fixture()
        try f.lua.register("check") { args in
            if try args.integer(1) > 2 { throw LuaRaise("too big") }
            return [.integer(try args.integer(1))]
        }
        let r = try f.run("""
            local co = coroutine.wrap(function() for i = 1, 5 do coroutine.yield(check(i)) end end)
            local got = {}
            local ok, err = pcall(function() for _ = 1, 5 do got[#got + 1] = co() end end)
            return #got, err
            """)
        #expect(r[0] == .integer(2))
        #expect(r[1].stringValue?.hasSuffix("too big") == true)
    }
}
