import Testing
@testable import LuaEngine

@Suite struct ValueTests {
    @Test func integersAndFloatsStayApart() throws {
        let f = try Fixture()
        let r = try f.run("return 1, 1.0, math.type(1), 2^53, 7 // 2, 7 / 2")
        #expect(r[0] == .integer(1))
        #expect(r[1] == .number(1.0))
        #expect(r[3] == .number(9007199254740992))
        #expect(r[4] == .integer(3))
        #expect(r[5] == .number(3.5))
        let t = try f.lua.run("return math.type(...), math.type(select(2, ...))", chunkName: "=t", args: [.integer(3), .number(3)])
        #expect(t == ["integer", "float"])
    }

    @Test func stringsAreBytesAndUTF8() throws {
        let f = try Fixture()
        let r = try f.lua.run("local s = ... return #s, s, '\\xff\\xfe'", chunkName: "=t", args: ["经销商"])
        #expect(r[0] == .integer(9))
        #expect(r[1].stringValue == "经销商")
        guard case .string(let raw) = r[2] else { Issue.record("not a string"); return }
        #expect(raw.bytes == [0xff, 0xfe])
        #expect(raw.string == nil)
    }

    @Test func tablesConvertBothWays() throws {
        let f = try Fixture()
        let input: LuaValue = ["name": "华东商贸", "orders": [1, 2, 3], "nested": ["ok": true]]
        let r = try f.lua.run("""
            local t = ...
            return #t.orders, t.name, t.nested.ok, { 10, 20, x = 1.5, [true] = "yes" }
            """, chunkName: "=t", args: [input])
        #expect(r[0] == .integer(3))
        #expect(r[1] == "华东商贸")
        #expect(r[2] == true)
        let back = try #require(r[3].tableValue)
        #expect(back.array == [10, 20])
        #expect(back["x"] == .number(1.5))
        #expect(back[.boolean(true)] == "yes")
    }

    @Test func aCyclicTableIsAConversionError() throws {
        let f = try Fixture()
        let e = #expect(throws: LuaError.self) { try f.run("local t = {} t.self = t return t") }
        #expect(e?.kind == .conversion)
    }

    @Test func functionReferencesCanBeCalledLater() throws {
        let f = try Fixture()
        let r = try f.run("local n = 0 return function(k) n = n + k return n end")
        guard case .function(let counter) = r[0] else { Issue.record("not a function"); return }
        _ = try counter.call([5])
        #expect(try counter.call([2]) == [.integer(7)])
    }

    @Test func liveTableReferencesSeeLaterChanges() throws {
        let f = try Fixture(profile: .trusted)
        let t = try f.lua.newTableRef(LuaTable(hash: ["a": 1]))
        try f.lua.setGlobal("shared", .reference(t))
        try f.run("shared.a = shared.a + 41")
        let r = try f.run("return shared.a")
        #expect(r == [.integer(42)])
    }

    @Test func luaTableKeepsASequence() {
        var t = LuaTable()
        t[1] = "a"
        t[3] = "c"
        #expect(t.count == 1)
        t[2] = "b"
        #expect(t.array == ["a", "b", "c"])
        t[2] = nil
        #expect(t.count == 1)
        #expect(t[3] == "c")
        t[.number(1.0)] = "A"
        #expect(t[1] == "A")
    }
}
