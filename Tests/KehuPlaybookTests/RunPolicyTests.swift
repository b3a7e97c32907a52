import Foundation
@testable import KehuCore
import LuaEngine
import Testing
@testable import KehuPlaybook

/// The agenda defers a follow-up whose contact was reached recently, but never a risk.
@Suite struct AgendaRiskTests {
    @Test func aPriorityOneFollowupIsNotDeferredByARecentContact() throws {
        let store = try Dealer.make()
        // K1's 李总 likes to be contacted every 14 days; he was visited two days ago.
        try store.write { db in
            try ClientEdits.addInteraction(db, code: "K1", date: Dealer.day.adding(days: -2).description, kind: "visit",
                                           contact: "李总", cost: 0, summary: "")
        }
        let dir = try TempPlaybook(hooks: """
            return { followups = function(c)
              if c.code ~= "K1" then return {} end
              return { { kind = "credit_guard", contact = "李总", message = "停止发货", priority = 1 },
                       { kind = "relationship", contact = "李总", message = "喝茶", priority = 2 } }
            end }
            """)
        _ = try FollowupRun.run(store, session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day))
        let agenda = try store.read { try Reports.agenda($0, owner: nil, date: Dealer.day) }
        #expect(agenda.bigRocks.map(\.followup.kind) == ["credit_guard"], "\(agenda.bigRocks.map(\.followup.kind))")
        #expect(agenda.waiting.map(\.entry.followup.kind) == ["relationship"])
        #expect(agenda.waiting.first?.until == Dealer.day.adding(days: 12).description)
    }
}

/// --keep-going: one bad client does not hide the others; nothing is stored either way.
@Suite struct KeepGoingTests {
    static let hooks = """
        local standard = require "standard"
        return {
          loyalty = function(c) if c.code == "P1" or c.code == "G1" then error("no rule for " .. c.code) end return standard.loyalty(c) end,
          followups = function(c, today) if c.code == "B1" or c.code == "C1" then return 42 end return standard.followups(c, today) end,
        }
        """

    @Test func scoreListsEveryFailingClientAndStoresNothing() throws {
        let dir = try TempPlaybook(hooks: Self.hooks)
        let store = try Dealer.make()
        let before = try Dealer.results(store)
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        #expect { _ = try ScoreRun.run(store, session: session) } throws: { "\($0)".contains("on client G1:") && !"\($0)".contains("P1") }
        do {
            _ = try ScoreRun.run(store, session: session, keepGoing: true)
            Issue.record("the run should fail")
        } catch let e as PlaybookError {
            let text = e.description
            #expect(text.hasPrefix("2 of "), "\(text)")
            #expect(text.contains("hook loyalty on client G1: temp/init.lua:3: no rule for G1") && text.contains("hook loyalty on client P1: temp/init.lua:3: no rule for P1"), "\(text)")
        }
        #expect(try Dealer.results(store) == before)
    }

    @Test func followupsListEveryFailingClientAndStoreNothing() throws {
        let dir = try TempPlaybook(hooks: Self.hooks)
        let store = try Dealer.make()
        let before = try Dealer.results(store)
        do {
            _ = try FollowupRun.run(store, session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day), keepGoing: true)
            Issue.record("the run should fail")
        } catch let e as PlaybookError {
            let lines = e.description.split(separator: "\n")
            #expect(lines.count == 3 && lines[0].hasPrefix("2 of "), "\(e.description)")
            #expect(lines.dropFirst().allSatisfy { $0.contains("returned number — followups returns a list of") })
        }
        #expect(try Dealer.results(store) == before)
    }
}

/// A plan on another playbook's or another day's score run is said, not silent.
@Suite struct AllocateMismatchTests {
    @Test func aScoreRunOfAnotherPlaybookOrDateIsNamed() throws {
        let store = try Dealer.make()
        let session = try PlaybookSession(asOf: Dealer.day)
        _ = try ScoreRun.run(store, session: session)
        let run = try #require(try store.read { try RunStore.latest($0, kind: .score) })
        #expect(AllocateRun.mismatch(run, session: session) == nil)
        let later = try PlaybookSession(asOf: Dealer.day.adding(days: 7))
        #expect(AllocateRun.mismatch(run, session: later)?.contains("it is as of 2026-11-25, this plan as of 2026-12-02") == true)
        let fmcg = try PlaybookSession(playbook: try Playbook.load(folder: try #require(Playbook.shippedFolder(named: "fmcg"))), asOf: Dealer.day)
        #expect(AllocateRun.mismatch(run, session: fmcg)?.contains("it was scored with standard 1.2.0, this plan uses fmcg") == true)
    }
}
