import Testing
@testable import LuaEngine

final class Dealer {
    let code: String
    var name: String
    let orders: [Int]
    init(code: String, name: String, orders: [Int]) {
        self.code = code
        self.name = name
        self.orders = orders
    }
}

final class Tracker: @unchecked Sendable { var released = 0 }

final class Tracked {
    let tracker: Tracker
    init(_ t: Tracker) { tracker = t }
    deinit { tracker.released += 1 }
}

@Suite struct ObjectTests {
    static func dealerClass() -> LuaClass<Dealer> {
        LuaClass<Dealer>("Dealer")
            .field("code") { .string(LuaString($0.code)) }
            .writable("name", get: { .string(LuaString($0.name)) }, set: { d, v in
                guard let s = v.stringValue, !s.isEmpty else { throw LuaRaise("name must be a non-empty string") }
                d.name = s
            })
            .method("total") { d, _ in [.integer(Int64(d.orders.reduce(0, +)))] }
            .tostring { "Dealer \($0.code) \($0.name)" }
            .len { $0.orders.count }
            .eq { $0.code == $1.code }
    }

    @Test func objectsExposeFieldsMethodsAndMetamethods() throws {
        let f = try Fixture()
        try f.lua.register(Self.dealerClass())
        let d = Dealer(code: "C0042", name: "华东商贸", orders: [100, 250])
        try f.lua.setGlobal("d", .object(d))
        try f.lua.setGlobal("same", .object(Dealer(code: "C0042", name: "x", orders: [])))
        let r = try f.run("return d.code, d:total(), #d, tostring(d), d == same, d.missing")
        #expect(r == ["C0042", .integer(350), .integer(2), "Dealer C0042 华东商贸", true, nil])
        try f.run("d.name = '华南'")
        #expect(d.name == "华南")
        let keys = try f.run("local ks = {} for k, v in pairs(d) do ks[#ks + 1] = k .. '=' .. tostring(v) end return table.concat(ks, ',')")
        #expect(keys == ["code=C0042,name=华南"])
    }

    @Test func objectsAreReadOnlyAndTheirMetatableIsLocked() throws {
        let f = try Fixture()
        try f.lua.register(Self.dealerClass())
        try f.lua.setGlobal("d", .object(Dealer(code: "C1", name: "n", orders: [])))
        #expect(f.failure("d.code = 'x'")?.message == "t:1: attempt to modify read-only field 'code' of Dealer")
        #expect(f.failure("d.extra = 1")?.message == "t:1: Dealer has no field 'extra'")
        #expect(f.failure("d.name = ''")?.message == "t:1: name must be a non-empty string")
        #expect(try f.run("return getmetatable(d)") == ["locked"])
        #expect(f.failure("setmetatable(d, {})")?.message.contains("table expected") == true)
        #expect(f.failure("return d.total(42)")?.message.contains("bad argument #1 to 'Dealer:total' (Dealer expected, got number)") == true)
    }

    @Test func objectsComeBackToSwiftAsThemselves() throws {
        let f = try Fixture()
        try f.lua.register(Self.dealerClass())
        let d = Dealer(code: "C7", name: "n", orders: [])
        try f.lua.setGlobal("d", .object(d))
        let r = try f.run("return d")
        guard case .object(let o) = r[0] else { Issue.record("not an object"); return }
        #expect(ObjectIdentifier(o) == ObjectIdentifier(d))
    }

    @Test func garbageCollectionReleasesObjectsAndClosingReleasesTheRest() throws {
        let tracker = Tracker()
        do {
            let f = try Fixture()
            try f.lua.register(LuaClass<Tracked>("Tracked"))
            try f.lua.register("make") { _ in [.object(Tracked(tracker))] }
            try f.run("for i = 1, 100 do make() end collectgarbage() collectgarbage()")
            #expect(tracker.released == 100)
            try f.run("keep = make()")
            #expect(tracker.released == 100)
            f.lua.close()
            #expect(tracker.released == 101)
        }
        #expect(tracker.released == 101)
    }

    @Test func swiftFunctionsAreReleasedWithTheirState() throws {
        let tracker = Tracker()
        do {
            let f = try Fixture()
            let t = Tracked(tracker)
            try f.lua.register("hold") { _ in _ = t; return [] }
        }
        #expect(tracker.released == 1)
    }
}
