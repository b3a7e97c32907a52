import Foundation
@testable import KehuCore
import LuaEngine
import Testing
@testable import KehuPlaybook

/// A hook's result is used whole or the run fails saying what was expected: never dropped,
/// never bent.
@Suite struct HookResultTests {
    func followupsFailure(_ body: String, client: String? = "B1") throws -> String {
        let dir = try TempPlaybook(hooks: "return { followups = function(c, today) \(body) end }")
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        let store = try Dealer.make()
        let before = try Dealer.results(store)
        do {
            _ = try FollowupRun.run(store, session: session, client: client)
        } catch let e as PlaybookError {
            #expect(try Dealer.results(store) == before)
            return e.description
        }
        Issue.record("the run should fail")
        return ""
    }

    @Test func aSingleFollowupInsteadOfAListFailsTheRun() throws {
        let text = try followupsFailure(#"return { kind = "call", message = "hello" }"#)
        #expect(text.hasPrefix("playbook temp, hook followups on client B1: returned a single follow-up"))
        #expect(text.contains("a list of { kind, due, channel, contact, message, priority }"))
    }

    @Test func aListWithOtherKeysOrHolesFailsTheRun() throws {
        let mixed = try followupsFailure(#"return { { kind = "call", message = "a" }, note = "x" }"#)
        #expect(mixed.contains("hook followups on client B1: returned a table with key note besides its list"))
        let holes = try followupsFailure(#"return { { kind = "call", message = "a" }, nil, { kind = "visit", message = "b" } }"#)
        #expect(holes.contains("returned a table with key 3 besides its list"))
        let early = try followupsFailure(#"return { { kind = "call", message = "a", due = "0000-06-15" } }"#)
        #expect(early.contains(#"entry 1 (call): due "0000-06-15" is not a date like 2026-11-25 within 1900-01-01…9999-12-31"#), "\(early)")
        let priority = try followupsFailure(#"return { { kind = "call", message = "a", priority = 1.5 } }"#)
        #expect(priority.contains("entry 1 (call): priority is 1.5, not an integer 1, 2 or 3"), "\(priority)")
        let channel = try followupsFailure(#"return { { kind = "call", message = "a", channel = true } }"#)
        #expect(channel.contains("entry 1 (call): channel is a boolean, not a string"), "\(channel)")
        let number = try followupsFailure("return 42")
        #expect(number.contains("returned number — followups returns a list of"))
    }

    @Test func aFollowupsContactMustBeOneOfTheClientsContacts() throws {
        let text = try followupsFailure(#"return { { kind = "call", message = "hi", contact = "李四" } }"#)
        #expect(text.contains(#"hook followups on client B1: entry 1 (call): contact "李四" is not one of the client's contacts (王芳)"#))
        let typed = try followupsFailure(#"return { { kind = "call", message = "hi", contact = 7 } }"#)
        #expect(typed.contains("entry 1 (call): contact is 7, not a string"), "\(typed)")
        // A known contact, or none, is fine.
        let dir = try TempPlaybook(hooks: #"""
            return { followups = function(c) return { { kind = "call", message = "hi", contact = "王芳" }, { kind = "visit", message = "hi" } } end }
            """#)
        let r = try FollowupRun.run(try Dealer.make(), session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day),
                                    client: "B1", dryRun: true)
        #expect(r.drafted.map(\.contact) == ["王芳", ""])
    }

    @Test func partsWhosePointsDoNotAddUpToTheScoreFailTheRun() throws {
        let dir = try TempPlaybook(hooks: """
            return { loyalty = function(c) return 50, { { name = "a", points = 30 }, { name = "b", points = 10 } } end }
            """)
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        #expect {
            _ = try ScoreRun.run(try Dealer.make(), session: session)
        } throws: { e in
            "\(e)".contains("hook loyalty on client B1: returned 50.0 but its parts' points add up to 40.0")
        }
        let missing = try TempPlaybook(hooks: #"return { strength = function(c) return 50, { { name = "a", weight = 1 } } end }"#)
        #expect {
            _ = try ScoreRun.run(try Dealer.make(), session: try PlaybookSession(playbook: try missing.playbook, asOf: Dealer.day))
        } throws: { e in
            "\(e)".contains("hook strength on client B1: part 1 (a) has no number 'points'")
        }
        let notTable = try TempPlaybook(hooks: #"return { strength = function(c) return 50, { 50 } end }"#)
        #expect {
            _ = try ScoreRun.run(try Dealer.make(), session: try PlaybookSession(playbook: try notTable.playbook, asOf: Dealer.day))
        } throws: { e in
            "\(e)".contains("hook strength on client B1: part 1 has no number 'points'")
        }
        let keyed = try TempPlaybook(hooks: #"return { loyalty = function(c) return 50, { tenure = { points = 50 } } end }"#)
        #expect {
            _ = try ScoreRun.run(try Dealer.make(), session: try PlaybookSession(playbook: try keyed.playbook, asOf: Dealer.day))
        } throws: { e in
            "\(e)".contains("hook loyalty on client B1: returned parts with keys besides their list")
        }
        // Rounding is not a missing part.
        let close = try TempPlaybook(hooks: "return { loyalty = function(c) return 50, { { name = 'a', points = 49.97 } } end }")
        let r = try ScoreRun.run(try Dealer.make(), session: try PlaybookSession(playbook: try close.playbook, asOf: Dealer.day), dryRun: true)
        #expect(r.count == 6)
    }

    @Test func theShippedPlaybooksPartsAddUp() throws {
        let plugins = try #require(Playbook.pluginsFolder())
        for name in ["standard", "fmcg", "agri"] {
            let pb = try Playbook.load(folder: plugins.appendingPathComponent(name))
            let r = try ScoreRun.run(try Dealer.make(), session: try PlaybookSession(playbook: pb, asOf: Dealer.day), dryRun: true)
            #expect(r.count == 6, "\(name)")
        }
        let scaffold = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-scaffold-\(UUID().uuidString)/acme")
        try PlaybookScaffold.create(at: scaffold, name: "acme")
        let r = try ScoreRun.run(try Dealer.make(), session: try PlaybookSession(playbook: try Playbook.load(folder: scaffold), asOf: Dealer.day),
                                 dryRun: true)
        #expect(r.count == 6)
    }

    @Test func allocationSharesThatDoNotSumToOneAreRefusedWithTheSum() throws {
        let dir = try TempPlaybook(hooks: "return { allocation_shares = { key = 0.5, develop = 0.3, watch = 0.1 } }")
        #expect {
            _ = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        } throws: { e in
            "\(e)".contains("temp: allocation_shares add up to 0.9, not 1")
        }
        let stray = try TempPlaybook(hooks: "return { allocation_shares = { key = 0.5, develop = 0.5, keyy = 0 } }")
        #expect {
            _ = try PlaybookSession(playbook: try stray.playbook, asOf: Dealer.day)
        } throws: { e in
            "\(e)".contains("allocation_shares has a key keyy")
        }
        let fine = try TempPlaybook(hooks: "return { allocation_shares = { key = 0.5, develop = 0.3, watch = 0.15, phase_out = 0.05 } }")
        #expect(try PlaybookSession(playbook: try fine.playbook, asOf: Dealer.day).allocationShares["key"] == 0.5)
    }

    @Test func aPlaybooksDormancyIsReadKeyByKeyAndCheckedAndReachesTheMetrics() throws {
        let standard = try PlaybookSession(playbook: try TempPlaybook(hooks: "return {}").playbook, asOf: Dealer.day)
        #expect(standard.dormancy == .standard)
        let dir = try TempPlaybook(hooks: "return { dormancy = { minimum_days = 10000, horizon_days = 90 } }")
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        #expect(session.dormancy == DormancyRule(pAliveBelow: 0.5, rhythmFactor: 2, minimumDays: 10000, horizonDays: 90))
        #expect(session.runtime.dormancy == session.dormancy)
        // Nobody has been quiet 10,000 days: the playbook's rule, not the standard's, decides.
        let metrics = try Dealer.make().read { try session.runtime.computeMetrics($0, asOf: Dealer.day.description) }
        #expect(!metrics.isEmpty && metrics.allSatisfy { !$0.dormant })
        for (hooks, text) in [("return { dormancy = { p_alive = 2 } }", "dormancy.p_alive must be a number from 0 to 1, found 2"),
                              ("return { dormancy = { horizon_days = 0 } }", "dormancy.horizon_days must be a whole number of days from 1 to 3650"),
                              ("return { dormancy = { rhythm = 2 } }", "dormancy has a key rhythm"),
                              ("return { dormancy = 3 }", "dormancy must be a table")] {
            let bad = try TempPlaybook(hooks: hooks)
            #expect { _ = try PlaybookSession(playbook: try bad.playbook, asOf: Dealer.day) } throws: { "\($0)".contains(text) }
        }
    }

    @Test func aManifestVersionMustBeMajorMinorPatch() throws {
        for bad in ["1.0", "v1.0.0", "1.0.0-beta", "01.0.0", "1.0.0+dev.abc", "1..0"] {
            let dir = try TempPlaybook(hooks: "return {}")
            try "return { name = \"temp\", version = \"\(bad)\", api = 1 }".write(to: dir.folder.appendingPathComponent("manifest.lua"),
                                                                              atomically: true, encoding: .utf8)
            #expect(throws: PlaybookError.self, "\(bad)") { _ = try dir.playbook }
            let findings = PlaybookCheck.run(folder: dir.folder)
            #expect(findings.first?.location == dir.folder.appendingPathComponent("manifest.lua").path)
            #expect(findings.first?.message.contains("'version' must be MAJOR.MINOR.PATCH (like 1.2.0), found \"\(bad)\"") == true)
        }
        for good in ["0.1.0", "1.2.3", "10.0.20"] { #expect(Playbook.isVersion(good)) }
    }

    @Test func aFolderWhoseCodeDiffersFromTheInstalledPackOfItsVersionIsMarkedDev() throws {
        let dir = try TempPlaybook(hooks: "return {}")
        let pb = try dir.playbook
        #expect(pb.marked(against: [("temp", "0.0.1", pb.hash)]).version == "0.0.1")
        #expect(pb.marked(against: [("temp", "0.0.2", "other")]).version == "0.0.1")
        #expect(pb.marked(against: [("temp", "0.0.1", "other")]).version == "0.0.1+dev.\(pb.hash.prefix(12))")
        // Through a store: install the pack, change the folder, and the run records the mark.
        let store = try Dealer.make()
        _ = try PlaybookPack.install(try PlaybookPack.make(from: pb).encoded(), source: "temp.kehupack", into: store, by: "test")
        #expect(try PlaybookPack.identify(pb, in: store).version == "0.0.1")
        try "return { quadrant = function() return 'watch' end }".write(to: dir.folder.appendingPathComponent("init.lua"),
                                                                      atomically: true, encoding: .utf8)
        let changed = try PlaybookPack.identify(try dir.playbook, in: store)
        #expect(changed.version == "0.0.1+dev.\(try dir.playbook.hash.prefix(12))")
        let id = try #require(try ScoreRun.run(store, session: try PlaybookSession(playbook: changed, asOf: Dealer.day)).run)
        #expect(try store.writer.read { try RunStore.run(StoreConnection($0), id: id) }?.version == changed.version)
    }

    @Test func aVersionThatRunsAlreadyNameIsNeverGivenToOtherCode() throws {
        let store = try Dealer.make()
        let dir = try TempPlaybook(hooks: "return {}")
        let first = try PlaybookPack.identify(try dir.playbook, in: store)
        #expect(first.version == "0.0.1")
        _ = try ScoreRun.run(store, session: try PlaybookSession(playbook: first, asOf: Dealer.day))
        // Edited without a new version: the next run is marked, and no pack of it may take the version.
        try "return { quadrant = function() return 'watch' end }".write(to: dir.folder.appendingPathComponent("init.lua"),
                                                                      atomically: true, encoding: .utf8)
        let edited = try dir.playbook
        #expect(try PlaybookPack.identify(edited, in: store).version == "0.0.1+dev.\(edited.hash.prefix(12))")
        #expect {
            _ = try PlaybookPack.install(try PlaybookPack.make(from: edited).encoded(), source: "temp.kehupack", into: store, by: "test")
        } throws: { e in
            "\(e)".contains("temp@0.0.1 names other code in stored runs")
        }
        #expect(try store.writer.read { try InstalledPlaybooks.list(StoreConnection($0)) }.isEmpty)
    }
}

/// Every date function of the kehu module at the edges of the supported range: in range it
/// answers, outside it raises an error naming itself that `pcall` catches.
@Suite struct DateEdgeTests {
    func run(_ lua: String) throws -> [LuaValue] {
        let session = try PlaybookSession(asOf: Dealer.day)
        return try session.run(lua, chunkName: "=edge")
    }

    @Test func eachDateFunctionWorksAtTheEdgesOfTheRange() throws {
        let r = try run("""
            return kehu.weekday("1900-01-01"), kehu.weekday("9999-12-31"), kehu.month_day("1900-01-01"), kehu.month_day("9999-12-31"),
                   kehu.add_days("1900-01-02", -1), kehu.add_days("9999-12-30", 1), kehu.days_between("1900-01-01", "9999-12-31"),
                   kehu.add_days("1900-01-01", 2958463)
            """)
        #expect(r == [.integer(1), .integer(5), "01-01", "12-31", "1900-01-01", "9999-12-31", .integer(2_958_463), "9999-12-31"])
    }

    @Test func eachDateFunctionRaisesACatchableErrorNamingItselfOutsideTheRange() throws {
        let calls = [
            ("kehu.weekday", #"kehu.weekday("0000-06-15")"#), ("kehu.weekday", #"kehu.weekday("1899-12-31")"#),
            ("kehu.month_day", #"kehu.month_day("0000-06-15")"#), ("kehu.days_between", #"kehu.days_between("0000-06-15", "2026-01-01")"#),
            ("kehu.days_between", #"kehu.days_between("2026-01-01", "0001-01-01")"#), ("kehu.add_days", #"kehu.add_days("0000-01-01", 1)"#),
            ("kehu.add_days", #"kehu.add_days("9999-12-31", 1)"#), ("kehu.add_days", #"kehu.add_days("1900-01-01", -1)"#),
            ("kehu.add_days", #"kehu.add_days("2026-01-01", math.maxinteger)"#),
        ]
        for (name, call) in calls {
            let r = try run("local ok, e = pcall(function() return \(call) end); return ok, e")
            #expect(r.first == .boolean(false), "\(call)")
            let message = r.count > 1 ? (r[1].stringValue ?? "") : ""
            #expect(message.contains(name) && message.contains("1900-01-01…9999-12-31"), "\(call): \(message)")
            #expect(message.hasPrefix("edge:1:"), "\(call): the error points at the caller: \(message)")
        }
    }
}

@Suite struct AllocationAmountTests {
    @Test func aNegativeAmountIsRefusedAndPrintedAsLuaPrintsIt() throws {
        let store = try Dealer.make()
        _ = try ScoreRun.run(store, session: try Dealer.session())
        let dir = try TempPlaybook(hooks: """
            return { allocate = function(q, clients, budget, resources)
              local out = {}
              for i, c in ipairs(clients) do out[i] = { client = c.code, amounts = { gifts = -220.76999999999998 } } end
              return out
            end }
            """)
        #expect {
            _ = try AllocateRun.run(store, session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day), budget: 100_000, resources: ["gifts"])
        } throws: { e in
            let text = "\(e)"
            return text.contains("amount of gifts is -220.77; amounts are ≥ 0") && !text.contains("9999")
        }
    }
}

@Suite struct ModuleChunkNameTests {
    @Test func aRequiredModuleIsNamedInTracebacksAsThePlaybooksOwnFilesAre() throws {
        let dir = try TempPlaybook(hooks: """
            local helper = require "helper"
            return { strength = function(c) local s = helper.fail(c); return s end }
            """)
        try "local M = {}\nfunction M.fail(c)\n  error('no strength for ' .. c.code)\nend\nreturn M\n"
            .write(to: dir.folder.appendingPathComponent("helper.lua"), atomically: true, encoding: .utf8)
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        do {
            _ = try ScoreRun.run(try Dealer.make(), session: session, dryRun: true)
            Issue.record("the run should fail")
        } catch let e as PlaybookError {
            #expect(e.description.contains("hook strength on client B1: temp/helper.lua:3: no strength for B1"), "\(e)")
            let tb = e.traceback ?? ""
            #expect(tb.contains("temp/helper.lua:3:") && tb.contains("temp/init.lua:2:"), "\(tb)")
            #expect(!tb.contains(dir.folder.path) && !e.description.contains(dir.folder.path), "\(tb)")
        }
    }
}

@Suite struct AllocationShapeTests {
    @Test func aPlanKeyedByClientInsteadOfAListIsRefused() throws {
        let store = try Dealer.make()
        _ = try ScoreRun.run(store, session: try Dealer.session())
        let dir = try TempPlaybook(hooks: """
            return { allocate = function(q, clients, budget, resources)
              local out = {}
              for _, c in ipairs(clients) do out[c.code] = { client = c.code, amounts = { gifts = 0 } } end
              return out
            end }
            """)
        #expect {
            _ = try AllocateRun.run(store, session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day), budget: 0, resources: ["gifts"])
        } throws: { e in
            "\(e)".contains("besides its list — allocate returns a list of { client, amounts, reason }")
        }
    }

    @Test func aReasonThatIsNotTextIsRefused() throws {
        let store = try Dealer.make()
        _ = try ScoreRun.run(store, session: try Dealer.session())
        let dir = try TempPlaybook(hooks: """
            return { allocate = function(q, clients, budget, resources)
              local out = {}
              for i, c in ipairs(clients) do out[i] = { client = c.code, amounts = { gifts = 0 }, reason = { "big" } } end
              return out
            end }
            """)
        #expect {
            _ = try AllocateRun.run(store, session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day), budget: 0, resources: ["gifts"])
        } throws: { e in
            "\(e)".contains("reason is a table, not a string")
        }
    }
}
