import Foundation
import Testing
@testable import LuaEngine

/// The sandbox's `pairs` and `next` walk number, string and boolean keys in one canonical
/// order, whatever the process's string-hash seed (Sources/CLuaSupport/order.c).
@Suite struct IterationOrderTests {
    static let walk = """
        local t = { zeta = 1, alpha = 2, ["al"] = 3, ["Beta"] = 4, [""] = 5, ["\\0x"] = 6,
                    [3] = 7, [-2] = 8, [1.5] = 9, [2^70] = 10, [-2^70] = 11, [1] = 12,
                    [true] = 13, [false] = 14, [math.maxinteger] = 15, [math.mininteger] = 16 }
        local function show(k) return type(k) == "string" and ("%q"):format(k) or tostring(k) end
        local viaPairs, viaNext = {}, {}
        for k in pairs(t) do viaPairs[#viaPairs + 1] = show(k) end
        local k = next(t)
        while k ~= nil do viaNext[#viaNext + 1] = show(k); k = next(t, k) end
        return table.concat(viaPairs, " "), table.concat(viaNext, " ")
        """

    @Test func pairsAndNextWalkNumbersThenStringsBytewiseThenBooleans() throws {
        let f = try Fixture()
        let r = try f.run(Self.walk)
        let expected = #"-1.1805916207174e+21 -9223372036854775808 -2 1 1.5 3 9223372036854775807 1.1805916207174e+21 "" "\0x" "Beta" "al" "alpha" "zeta" false true"#
        #expect(r == [.string(LuaString(expected)), .string(LuaString(expected))])
    }

    @Test func theOrderIsTheSameInStatesWithDifferentHashSeeds() throws {
        // Each state has its own string-hash seed; a thousand keys would all but surely walk
        // differently in two of them with Lua's own next.
        let code = "local t = {} for i = 1, 1000 do t['k' .. i] = i end local s = {} for k in pairs(t) do s[#s+1] = k end return table.concat(s, ',')"
        let walks = try (0..<4).map { _ in try Fixture().run(code) }
        #expect(Set(walks.map { $0.first?.description ?? "" }).count == 1)
    }

    @Test func aTraversalSkipsKeysClearedOnTheWayAndSeesUpdatedValues() throws {
        let f = try Fixture()
        let r = try f.run("""
            local t = { a = 1, b = 2, c = 3, d = 4 }
            local seen = {}
            for k, v in pairs(t) do
              seen[#seen + 1] = k .. "=" .. v
              if k == "a" then t.b = nil; t.c = 30 end
            end
            return table.concat(seen, " ")
            """)
        #expect(r == ["a=1 c=30 d=4"])
    }

    @Test func nextAcceptsAnyKeyOfTheTableAndInterleavedWalksAgree() throws {
        let f = try Fixture()
        let r = try f.run("""
            local t = {} for i = 1, 50 do t["k" .. i] = i end
            local pairsOf = 0
            for k1 in pairs(t) do for k2 in pairs(t) do pairsOf = pairsOf + 1 end end
            return pairsOf, next(t, "k5"), select("#", next(t, "k9")), next({}),
                   select(2, pcall(next, t, {})), select(2, pcall(next, {}, "nokey"))
            """)
        #expect(r == [.integer(2500), "k50", .integer(1), .nil, "invalid key to 'next'", "invalid key to 'next'"])
    }

    @Test func pairsHonoursPairsMetamethodsAndLibraryViewsWalkInOrder() throws {
        let f = try Fixture()
        let r = try f.run("""
            local t = setmetatable({}, { __pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end })
            local got = {}
            for k, v in pairs(t) do got[#got + 1] = k .. v end
            local names = {}
            for name in pairs(utf8) do names[#names + 1] = name end
            return table.concat(got), table.concat(names, " ")
            """)
        #expect(r == ["1one", "char charpattern codepoint codes len offset"])
    }

    @Test func aSnapshotCountsAgainstTheMemoryCap() throws {
        // The table fits in 4 MiB; its sorted snapshot (two key lists and a sort buffer) does not.
        // No deadline can come first: it is an hour away.
        let f = try Fixture(limits: LuaLimits(memory: 4 << 20, timeout: .seconds(3600)))
        let e = f.failure("""
            local t = {} for i = 1, 40000 do t[i + 0.5] = true end
            pcall(function() for k in pairs(t) do end end)
            return "the script's pcall swallowed it"
            """)
        #expect(e?.kind == .memory)
    }

    @Test func swiftSideWalksUseTheSameOrder() throws {
        // A Swift dictionary's order changes with every process; the host walks `orderedHash`.
        var t = LuaTable()
        for k: LuaValue in ["b", "a", .integer(2), .number(0.5), true, false, "B", .integer(-7)] { t[k] = 1 }
        #expect(t.orderedHash.map(\.key) == [.integer(-7), .number(0.5), .integer(2), "B", "a", "b", false, true])
        // JSON keys with the same text (1 and "1") are ordered by type, not by the raw walk.
        let f = try Fixture()
        let chunk = try f.lua.load("local t = {} t['1'] = 's' t[1.5] = 'f' t[1] = 'i' t[3] = 'x' return t", chunkName: "=t")
        let json = try f.lua.call(chunk, []) { r in try r.json(1) }
        #expect(json == #"{"1":"i","1":"s","1.5":"f","3":"x"}"#)
    }

    @Test func nextOfNilFindsTheFirstKeyWithoutASnapshot() throws {
        // The cap that a pairs snapshot of this table exceeds (see above) leaves room for
        // emptiness checks: next(t) scans, it does not sort or allocate.
        let f = try Fixture(limits: LuaLimits(memory: 4 << 20, timeout: .seconds(3600)))
        let r = try f.run("""
            local t = {} for i = 1, 40000 do t[i + 0.5] = true end
            local n = 0
            for _ = 1, 50 do if next(t) ~= nil then n = n + 1 end end
            local only = { [{}] = 1, [{}] = 2, [print] = 3 }
            local seen, k = 0, next(only)
            while k ~= nil do seen = seen + 1; k = next(only, k) end
            return n, next(t), seen, next({})
            """)
        #expect(r == [.integer(50), .number(1.5), .integer(3), .nil])
    }

    @Test func aWalkWithNextMayClearTheKeysItVisits() throws {
        // Lua allows clearing fields during a traversal, also the one just returned.
        let f = try Fixture()
        let r = try f.run("""
            local t = {} for i = 1, 100 do t["k" .. i] = i; t[i] = i end
            for k in next, t do t[k] = nil end
            local u = { [{}] = 1, [{}] = 2, x = 3 }
            for k in next, u do u[k] = nil end
            local v = { a = 1, b = 2, c = 3 }
            for k in pairs(v) do v[k] = nil end
            return next(t), next(u), next(v)
            """)
        #expect(r == [.nil, .nil, .nil])
    }
}
