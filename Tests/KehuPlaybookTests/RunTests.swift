import Foundation
import GRDB
@testable import KehuCore
import LuaEngine
import Testing
@testable import KehuPlaybook

@Suite struct ScoreRunTests {
    @Test func theStandardPlaybookPutsTheHandCheckedClientsInTheirQuadrants() throws {
        let store = try Dealer.make()
        let scores = try Dealer.scores(store, try Dealer.session())
        let by = Dictionary(uniqueKeysWithValues: scores.map { ($0.code, $0) })
        let k1 = try #require(by["K1"]), p1 = try #require(by["P1"])
        #expect(k1.loyalty == 100)
        #expect(k1.strength > 85 && k1.strength < 100)
        #expect(k1.quadrant == "key")
        #expect(k1.abc == "A")
        #expect(p1.loyalty < 30 && p1.strength < 30)
        #expect(p1.quadrant == "phase_out")
        // The parts' points add up to the score.
        for s in scores {
            for (json, total) in [(s.loyaltyParts, s.loyalty), (s.strengthParts, s.strength)] {
                let parts = Reports.parts(json, before: nil)
                #expect(!parts.isEmpty)
                #expect(abs(parts.compactMap(\.points).reduce(0, +) - total) < 0.01, "\(s.code)")
            }
        }
        #expect(try Dealer.results(store)[0...1] == [1, 6])
    }

    @Test func sameDatabasePlaybookAndDateGiveIdenticalResults() throws {
        let store = try Dealer.make()
        let a = try Dealer.scores(store, try Dealer.session())
        let b = try Dealer.scores(store, try Dealer.session())
        #expect(a == b)
        let stored = try store.writer.read { db in try [1, 2].map { try RunStore.scores(StoreConnection(db), run: $0) } }
        #expect(stored[0] == stored[1])
        #expect(stored[0] == a)
    }

    @Test func aPlaybookWithOneHookUsesTheStandardOnesForTheRest() throws {
        let store = try Dealer.make()
        let custom = try PlaybookSession(playbook: try Dealer.playbook("one-hook"), asOf: Dealer.day)
        #expect(custom.hookOwner[.quadrant] == "one-hook")
        #expect(custom.hookOwner[.loyalty] == "standard")
        #expect(custom.hookOwner[.followups] == "standard")
        let mine = try Dealer.scores(store, custom, dryRun: true)
        let standard = try Dealer.scores(store, try Dealer.session(), dryRun: true)
        #expect(mine.map(\.quadrant) == Array(repeating: "watch", count: mine.count))
        // The run records the standard playbook too, since most of its code ran.
        let id = try #require(try ScoreRun.run(store, session: custom).run)
        let info = try #require(try store.writer.read { try RunStore.run(StoreConnection($0), id: id) })
        #expect(info.playbook == "one-hook")
        #expect(info.params.contains("\"standard_hash\":\"\(custom.standard.hash)\""))
        #expect(mine.map(\.loyalty) == standard.map(\.loyalty))
        #expect(mine.map(\.strengthParts) == standard.map(\.strengthParts))
    }

    @Test func aPlaybookErrorNamesPlaybookFileLineHookAndClientAndStoresNothing() throws {
        let store = try Dealer.make()
        _ = try ScoreRun.run(store, session: try Dealer.session())
        let before = try Dealer.results(store)
        let session = try PlaybookSession(playbook: try Dealer.playbook("broken"), asOf: Dealer.day)
        do {
            _ = try ScoreRun.run(store, session: session)
            Issue.record("the run should fail")
        } catch let e as PlaybookError {
            let text = e.description
            #expect(text.hasPrefix("playbook broken, hook strength on client G1: "))
            #expect(text.contains("broken/init.lua:7:"))
            #expect(text.contains("attempt to index a nil value (local 'profile')"))
            #expect(e.traceback?.contains("broken/init.lua:7") == true)
        }
        #expect(try Dealer.results(store) == before)
    }

    @Test func aHookMustReturnAScoreBetweenZeroAndAHundred() throws {
        let dir = try TempPlaybook(hooks: "return { loyalty = function(c) return 120, {} end }")
        let session = try PlaybookSession(playbook: dir.playbook, asOf: Dealer.day)
        #expect {
            _ = try ScoreRun.run(try Dealer.make(), session: session)
        } throws: { e in
            "\(e)".contains("hook loyalty on client B1: returned 120.0 — a score must be between 0 and 100")
        }
    }
}

@Suite struct AllocateAndFollowupTests {
    @Test func aPlanSumsToTheBudgetAndSpendsOnlyTheGivenResources() throws {
        let store = try Dealer.make()
        _ = try ScoreRun.run(store, session: try Dealer.session())
        let r = try AllocateRun.run(store, session: try Dealer.session(), budget: 10_000_000, resources: ["advertising", "promotion"])
        #expect(r.lines.reduce(0) { $0 + $1.amount } == 10_000_000)
        #expect(Set(r.lines.map(\.resource)).isSubset(of: ["advertising", "promotion"]))
        #expect(r.quadrantBudgets.reduce(0) { $0 + $1.fen } == 10_000_000)
        // K1 is the only key client: it gets the whole key share.
        let key = r.quadrantBudgets.first { $0.quadrant == "key" }!
        #expect(key.clients == 1)
        #expect(r.lines.filter { $0.code == "K1" }.reduce(0) { $0 + $1.amount } == key.fen)
        let stored = try store.writer.read { try RunStore.allocations(StoreConnection($0), run: r.run!) }
        #expect(stored.count == r.lines.count)
    }

    @Test func allocationNeedsAScoreRunFirst() throws {
        #expect(throws: PlaybookError.self) {
            _ = try AllocateRun.run(try Dealer.make(), session: try Dealer.session(), budget: 100, resources: ["gifts"])
        }
    }

    @Test func followupsCoverCreditGuardBirthdayAndComplaintPastItsStandard() throws {
        let store = try Dealer.make()
        let r = try FollowupRun.run(store, session: try Dealer.session())
        func of(_ code: String, _ kind: String) -> [Followup] { r.drafted.filter { $0.code == code && $0.kind == kind } }
        let guardG1 = of("G1", "credit_guard")
        #expect(guardG1.count == 1)
        #expect(guardG1.first?.priority == 1)
        #expect(of("G2", "credit_guard").isEmpty)
        let birthday = try #require(of("B1", "birthday").first)
        #expect(birthday.due == "2026-11-28")
        #expect(birthday.contact == "王芳")
        #expect(birthday.message.contains("王芳"))
        let complaint = try #require(of("C1", "complaint_answer").first)
        #expect(complaint.priority == 1)
        #expect(r.stored == r.drafted.count)
    }

    @Test func draftingAgainNeverDuplicatesAnOpenFollowup() throws {
        let store = try Dealer.make()
        let first = try FollowupRun.run(store, session: try Dealer.session())
        let second = try FollowupRun.run(store, session: try Dealer.session())
        #expect(second.stored == 0)
        let open = try store.writer.read { try FollowupStore.list(StoreConnection($0)) }
        #expect(open.count == first.stored)
        // Once done, the same follow-up may be drafted again.
        let g1 = try #require(open.first { $0.code == "G1" && $0.kind == "credit_guard" })
        try store.writer.write { _ = try FollowupStore.close(StoreConnection($0), ids: [g1.id!], as: .done, on: Dealer.asOf) }
        let third = try FollowupRun.run(store, session: try Dealer.session())
        #expect(third.stored == 1)
    }

    @Test func messagesFollowTheRunsLanguage() throws {
        let store = try Dealer.make()
        let en = try FollowupRun.run(store, session: try Dealer.session(language: "en"), client: "B1", dryRun: true)
        let birthday = try #require(en.drafted.first { $0.kind == "birthday" })
        #expect(birthday.message.contains("王芳"))
        #expect(birthday.message.lowercased().contains("birthday"))
        #expect(!birthday.message.contains("生日"))
    }

    @Test func theAgendaPutsKeyClientsAndRisksFirstAndRespectsContactIntervals() throws {
        let store = try Dealer.make()
        _ = try ScoreRun.run(store, session: try Dealer.session())
        _ = try FollowupRun.run(store, session: try Dealer.session())
        let a = try store.writer.read { try Reports.agenda(StoreConnection($0), owner: "王伟", date: Dealer.day.adding(days: 3)) }
        #expect(!a.bigRocks.isEmpty)
        #expect(a.bigRocks.allSatisfy { $0.quadrant == "key" || $0.followup.priority == 1 })
        #expect(a.rest.allSatisfy { $0.quadrant != "key" && $0.followup.priority > 1 })
        #expect(a.bigRocks.contains { $0.followup.code == "G1" && $0.followup.kind == "credit_guard" })
        let keyFirst = a.bigRocks.prefix { $0.quadrant == "key" }.count
        #expect(a.bigRocks.dropFirst(keyFirst).allSatisfy { $0.quadrant != "key" })
        #expect(a.rest.contains { $0.followup.kind == "birthday" } || a.bigRocks.contains { $0.followup.kind == "birthday" })
        // Nobody is listed who was reached more recently than they like.
        for e in a.bigRocks + a.rest {
            if let every = e.minContactDays, let last = e.lastContact.flatMap(Day.init(iso:)) {
                #expect(last.days(to: Dealer.day.adding(days: 3)) >= every)
            }
        }
    }
}

/// A throwaway playbook folder with the given init.lua.
struct TempPlaybook {
    let folder: URL
    var playbook: Playbook { get throws { try Playbook.load(folder: folder) } }

    init(name: String = "temp", hooks: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-pb-\(UUID().uuidString)/\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "return { name = \"\(name)\", version = \"0.0.1\", api = 1 }".write(to: folder.appendingPathComponent("manifest.lua"), atomically: true, encoding: .utf8)
        try hooks.write(to: folder.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
    }

    /// A playbook with one test file, `tests/t.lua`.
    init(name: String = "temp", hooks: String, test: String) throws {
        try self.init(name: name, hooks: hooks)
        let tests = folder.appendingPathComponent("tests")
        try FileManager.default.createDirectory(at: tests, withIntermediateDirectories: true)
        try test.write(to: tests.appendingPathComponent("t.lua"), atomically: true, encoding: .utf8)
    }
}
