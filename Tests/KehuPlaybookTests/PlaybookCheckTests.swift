import Foundation
@testable import KehuCore
import LuaEngine
import Testing
@testable import KehuPlaybook

/// `playbook check` as the consultant's compiler: each mistake a run would only reveal (or
/// never reveal) is one precise error, at check time.
@Suite struct PlaybookCheckTests {
    func errors(_ hooks: String, messages: String? = nil, extra: [String: String] = [:]) throws -> [String] {
        let dir = try TempPlaybook(hooks: hooks)
        if let messages {
            try FileManager.default.createDirectory(at: dir.folder.appendingPathComponent("messages"), withIntermediateDirectories: true)
            try messages.write(to: dir.folder.appendingPathComponent("messages/zh.txt"), atomically: true, encoding: .utf8)
        }
        for (path, text) in extra {
            let url = dir.folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return PlaybookCheck.run(folder: dir.folder).filter { $0.severity == .error }.map(\.description)
    }

    @Test func aMisspeltHookOrSettingIsAnErrorNamingTheNearestOne() throws {
        let found = try errors("return { followup = function(c) return {} end, allocation_share = { key = 1 }, strenght = function(c) return 1 end }")
        #expect(found.contains { $0.hasSuffix("init.lua returns 'followup', which kehu does not read — did you mean 'followups'? (the standard's followups would run in its place)") }, "\(found)")
        #expect(found.contains { $0.hasSuffix("init.lua returns 'allocation_share', which kehu does not read — did you mean 'allocation_shares'?") }, "\(found)")
        #expect(found.contains { $0.contains("init.lua returns 'strenght'") && $0.contains("did you mean 'strength'?") }, "\(found)")
        // A value kehu does not read, far from every name, is an error too; a function far from
        // every hook is the playbook's own export.
        let other = try errors("return { colour = 'red', sort_by_risk = function(a, b) return a < b end }")
        #expect(other.count == 1 && other[0].contains("init.lua returns 'colour' (a string), which kehu does not read"), "\(other)")
    }

    /// Every measure and the due rule are tried on the synthetic clients, read by a hook or not:
    /// a measure that divides by a bare client's zero orders, one that returns a table and a due
    /// that returns a number are each caught, with the client that showed it.
    @Test func measuresAndDueAreTriedOnTheSyntheticClients() throws {
        let found = try errors("""
            return { metrics = { per_order = function(c) return c.metrics.sales_365 / c.metrics.order_count end, t = function(c) return {} end } }
            """)
        #expect(found.contains { $0.contains("measure 'per_order' returned") && $0.contains("PROBE-BARE") }, "\(found)")
        #expect(found.contains { $0.contains("measure 't' returned a table") }, "\(found)")
        let due = try errors("return { due = function(c, order) return 20261231 end }")
        #expect(due.contains { $0.contains("hook due on client PROBE-") && $0.contains("returned 20261231 — due returns a date string") }, "\(due)")
    }

    @Test func aCallOfAFunctionKehuLacksIsAnErrorWithItsLine() throws {
        let found = try errors("local function f(c) return kehu.add_day(kehu.today(), 1) end\nreturn {}")
        #expect(found.contains { $0.hasSuffix("init.lua:1: error: kehu has no kehu.add_day — did you mean 'kehu.add_days'? (kehu api lists what it has)") }, "\(found)")
    }

    @Test func aReadOfAGlobalNothingDefinesIsAnErrorWithItsLine() throws {
        let found = try errors("""
            local function weight(c) return 1 end
            local function f(c)
              return wieght(c) + math.floor(1) + #string.rep("a", 2)
            end
            return {}
            """)
        #expect(found == found.filter { $0.contains("wieght") }, "only the misspelt local: \(found)")
        #expect(found.contains { $0.hasSuffix("init.lua:3: error: reads the global 'wieght', which nothing defines — did you mean 'weight'?") }, "\(found)")
        // A test file may read the test globals; a helper file is checked as init.lua is.
        let tests = try errors("return {}", extra: [
            "tests/a_test.lua": "return { t = function() fixture {} expect.eq(score, score) expect.truthy(playbook) end }",
            "helper.lua": "return { f = function() return undefined_thing end }",
        ])
        #expect(tests.count == 1 && tests[0].contains("helper.lua:1: error: reads the global 'undefined_thing'"), "\(tests)")
    }

    @Test func aSettingOfAnotherTypeThanTheStandardsOrUnknownIsReported() throws {
        let found = try errors("""
            local std = require "standard"
            std.settings.high_loyalty = "55"
            std.settings.hihg_strength = 60
            return {}
            """)
        #expect(found.contains { $0.contains("settings.high_loyalty is the string \"55\"; the standard's is a number") }, "\(found)")
        #expect(found.contains { $0.contains("settings.hihg_strength is not one of the standard's settings — did you mean 'high_strength'?") }, "\(found)")
    }

    @Test func eachMistakeOfAMessageFileIsOneErrorAndNoFalseOnes() throws {
        let found = try errors("""
            local function f() return kehu.message("birthday", {}) end
            return {}
            """, messages: "[birthday]\nhi {contact\n[visit\nsee you\n[dup]\na\n[dup]\nb\n[empty]\n")
        #expect(found.count == 4, "\(found)")
        #expect(found.contains { $0.contains("zh.txt:2: error: '{' at column 4 of [birthday] has no '}'") }, "\(found)")
        #expect(found.contains { $0.contains("zh.txt:3: error: [visit has no closing ']'") }, "\(found)")
        #expect(found.contains { $0.contains("zh.txt:7: error: template [dup] defined twice") }, "\(found)")
        #expect(found.contains { $0.contains("zh.txt:9: error: template [empty] is empty") }, "\(found)")
    }

    @Test func anEditorsDeclarationFileIsNeitherCheckedNorPackedNorHashed() throws {
        let dir = try TempPlaybook(hooks: "return {}")
        let before = try Playbook.load(folder: dir.folder).hash
        try "---@meta kehu\nkehu = {}\nfunction kehu.nosuch() end\n".write(to: dir.folder.appendingPathComponent("kehu.d.lua"), atomically: true, encoding: .utf8)
        #expect(PlaybookCheck.run(folder: dir.folder).isEmpty)
        #expect(!Playbook.files(in: dir.folder).contains("kehu.d.lua"))
        #expect(try Playbook.load(folder: dir.folder).hash == before)
        // A pack made before declaration files were left out hashed them: it still answers to that hash.
        let legacy = try Playbook.hashFolder(dir.folder, includingMeta: true)
        var loaded = try Playbook.load(folder: dir.folder)
        let answers = loaded.answers(to: legacy)
        #expect(legacy != before && answers && loaded.hash == legacy)
        var other = try Playbook.load(folder: dir.folder)
        let stranger = other.answers(to: String(repeating: "0", count: 64))
        #expect(!stranger)
    }

    @Test func withADatabaseTheHooksAreTriedOnASampleOfItsClients() throws {
        // Only a client with a year's sales above ¥1,000,000 meets the mistake: no synthetic one does.
        let dir = try TempPlaybook(hooks: """
            local standard = require "standard"
            return { followups = function(c, today)
              if c.metrics.sales_365 > 1000000 then return { { kind = "call", message = "hi", channel = "fax" } } end
              return standard.followups(c, today)
            end }
            """)
        #expect(PlaybookCheck.run(folder: dir.folder).isEmpty)
        let found = PlaybookCheck.run(folder: dir.folder, database: try Dealer.make(), asOf: Dealer.day).map(\.message)
        #expect(found == ["playbook temp, hook followups on client K1: entry 1 (call): channel \"fax\" is not one of call, email, meeting, message, visit, wechat (a client of the database, as of 2026-11-25)"], "\(found)")
        // A sample of one client may miss it; nothing is stored either way.
        let store = try Dealer.make()
        let before = try Dealer.results(store)
        _ = PlaybookCheck.run(folder: dir.folder, database: store, asOf: Dealer.day, sample: 1)
        #expect(try Dealer.results(store) == before)
    }

    @Test func theShippedPlaybooksPassClean() throws {
        for name in ["standard", "fmcg", "agri"] {
            let folder = try #require(Playbook.shippedFolder(named: name))
            #expect(PlaybookCheck.run(folder: folder) == [], "\(name)")
        }
    }
}
