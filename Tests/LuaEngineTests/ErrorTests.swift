import Testing
@testable import LuaEngine

@Suite struct ErrorTests {
    @Test func runtimeErrorsCarryMessageChunkLineAndTraceback() throws {
        let f = try Fixture()
        var caught: LuaError?
        do {
            try f.lua.run("""
                local function inner() error("boom") end
                local function outer() inner() end
                outer()
                """, chunkName: "@orders.lua")
        } catch let e as LuaError { caught = e }
        let e = try #require(caught)
        #expect(e.kind == .runtime)
        #expect(e.message == "orders.lua:1: boom")
        #expect(e.chunk == "orders.lua")
        #expect(e.line == 1)
        #expect(e.traceback.hasPrefix("stack traceback:"))
        #expect(e.traceback.contains("'inner'"))
        #expect(e.traceback.contains("orders.lua:3: in main chunk"))
    }

    @Test func syntaxErrorsHaveTheirOwnKind() throws {
        let f = try Fixture()
        let e = try #require(f.failure("return 1 +"))
        #expect(e.kind == .syntax)
        #expect(e.message == "t:1: unexpected symbol near <eof>")
        #expect(e.line == 1)
    }

    @Test func nonStringErrorValuesAreReportedNotCrashes() throws {
        let f = try Fixture()
        #expect(f.failure("error({code = 1})")?.message == "(error object is a table value)")
        #expect(f.failure("error({code = 1})")?.valueType == "table")
        #expect(f.failure("error(nil)")?.message == "nil")
        #expect(f.failure("error(42)")?.message == "42")
        #expect(f.failure("error(setmetatable({}, {__tostring = function() return 'custom' end}))")?.message == "custom")
        let broken = f.failure("error(setmetatable({}, {__tostring = function() error('nope') end}))")
        #expect(broken?.message.contains("__tostring failed") == true)
        #expect(broken?.message.contains("nope") == true)
        let returnsTable = f.failure("error(setmetatable({}, {__tostring = function() return {} end}))")
        #expect(returnsTable?.message.contains("__tostring failed") == true)
    }

    @Test func errorLevelsMoveThePosition() throws {
        let f = try Fixture()
        let e = f.failure("local function check(x) if not x then error('need x', 2) end end\n\ncheck(nil)")
        #expect(e?.message == "t:3: need x")
        #expect(e?.line == 3)
    }

    @Test func aClosedStateRefusesWork() throws {
        let f = try Fixture()
        f.lua.close()
        #expect(throws: LuaError(kind: .closed, message: "the Lua state is closed")) { try f.lua.run("return 1", chunkName: "=t") }
    }
}
