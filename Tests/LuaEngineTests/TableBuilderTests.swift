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
