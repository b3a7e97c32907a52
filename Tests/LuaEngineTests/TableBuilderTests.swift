import CLua
import Testing
@testable import LuaEngine

@Suite struct TableBuilderTests {
    @Test func aBuiltTableHasItsFieldsNestedTablesAndSequence() throws {
        let f = try Fixture()
        let before = lua_gettop(f.lua.L)
        let t = try f.lua.makeTable(fieldCount: 4) { t in
            t.set("code", "C0001")
            t.set("name", "华东商贸")
            t.set("orders", 12)
            t.set("sales", 12_345.5)
            t.set("dormant", false)
            t.set("missing", nil as String?)
            try t.table("tags", arrayCount: 2) { a in
                a.append("华东")
                a.append("回款慢")
            }
            try t.table("ageing") { a in a.set("d90_plus", 0.0) }
            try t.set("any", value: .table(LuaTable(array: [1, 2, 3])))
        }
        #expect(lua_gettop(f.lua.L) == before)
        let check = try f.lua.load("""
            local t = ...
            return t.code, t.name, math.type(t.orders), t.sales, t.dormant, t.missing, #t.tags, t.tags[2],
                   t.ageing.d90_plus, #t.any
            """, chunkName: "=check")
        let r = try f.lua.call(check, [.reference(t)])
        #expect(r == ["C0001", "华东商贸", "integer", .number(12_345.5), false, .nil, 2, "回款慢", .number(0), 3])
    }

    @Test func aBuiltTableGetsItsMetatable() throws {
        let f = try Fixture()
        let mt = try #require(try f.lua.callForReference(try f.lua.load("""
            return { __index = { hello = function(self) return "你好 " .. self.name end } }
            """, chunkName: "=mt")))
        let t = try f.lua.makeTable(metatable: mt) { $0.set("name", "王伟") }
        let r = try f.lua.call(try f.lua.load("local t = ...; return t:hello()", chunkName: "=m"), [.reference(t)])
        #expect(r == ["你好 王伟"])
    }
}

@Suite struct ResultReaderTests {
    @Test func resultsReadInPlaceAndTablesWriteAsDeterministicJSON() throws {
        let f = try Fixture()
        let fn = try f.lua.load("""
            return 72.5, { { name = "tenure", weight = 0.2, points = 14, note = "建档\\"8\\"年\\n" }, { name = "b", ok = true } },
                   {}, { z = 1, a = { 1, 2, 3 }, [10] = "x" }, "text", 0/0
            """, chunkName: "=r")
        let before = lua_gettop(f.lua.L)
        let out = try f.lua.call(fn, []) { r in
            [String(r.count), r.number(1).map { "\($0)" } ?? "-", try r.json(2), try r.json(3), try r.json(4), r.string(5) ?? "-",
             r.typeName(6), try r.json(6), r.typeName(7)]
        }
        #expect(lua_gettop(f.lua.L) == before)
        #expect(out == ["6", "72.5", #"[{"name":"tenure","note":"建档\"8\"年\n","points":14,"weight":0.2},{"name":"b","ok":true}]"#,
                        "[]", #"{"10":"x","a":[1,2,3],"z":1}"#, "text", "number", "null", "nil"])
    }

    @Test func aTableWithHolesAndNamesIsAnObjectNotAnArray() throws {
        let f = try Fixture()
        let fn = try f.lua.load("return { 'a', nil, 'b', note = 'x' }, setmetatable({ k = {} , j = 1 }, { __mode = 'v' })",
                                chunkName: "=r")
        let out = try f.lua.call(fn, []) { r in [try r.json(1), try r.json(2)] }
        #expect(out[0] == #"{"1":"a","3":"b","note":"x"}"#)
        #expect(out[1] == #"{"j":1,"k":[]}"# || out[1] == #"{"j":1,"k":null}"#)
    }

    @Test func functionsAndCyclesCannotBeWrittenAsJSON() throws {
        let f = try Fixture()
        let fn = try f.lua.load("local t = {}; t.self = t; return { f = print }, t", chunkName: "=r")
        #expect(throws: LuaError.self) { try f.lua.call(fn, []) { r in try r.json(1) } }
        #expect(throws: LuaError.self) { try f.lua.call(fn, []) { r in try r.json(2) } }
        #expect(try f.lua.run("return 1", chunkName: "=ok") == [1])
    }
}
