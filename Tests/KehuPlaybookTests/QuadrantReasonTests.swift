import Foundation
@testable import KehuCore
import LuaEngine
import Testing
@testable import KehuPlaybook

/// The quadrant hook may say why, as a second result: stored with the score, shown by explain,
/// the quadrant report and the owner's report, and given to tests as score(code).reason.
@Suite struct QuadrantReasonTests {
    /// Owing money past terms puts a client in phase_out, and says so; P1 and G1 owe
    /// (see ``Dealer``), K1 pays within its terms.
    static let hooks = """
        local standard = require "standard"
        return { quadrant = function(l, s, c)
          if c.metrics.overdue > 0 then return "phase_out", "overdue " .. kehu.money(c.metrics.overdue) end
          return standard.quadrant(l, s, c)
        end }
        """

    @Test func aReasonIsStoredWithTheScoreAndExplained() throws {
        let dir = try TempPlaybook(hooks: Self.hooks)
        let store = try Dealer.make()
        _ = try ScoreRun.run(store, session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day))
        let (p1, k1, report) = try store.read { db in
            (try Reports.explain(db, code: "P1"), try Reports.explain(db, code: "K1"), try Reports.quadrants(db))
        }
        #expect(p1.score.quadrant == "phase_out" && p1.score.reason == "overdue ¥5,000.00", "\(p1.score)")
        #expect(k1.score.reason == nil)
        let given = report.reasons.filter { $0.quadrant == "phase_out" }
        #expect(given.contains { $0.reason == "overdue ¥5,000.00" && $0.clients == 1 }, "\(report.reasons)")
        #expect(report.reasons.allSatisfy { $0.quadrant == "phase_out" })
    }

    @Test func aReasonOfAnotherTypeOrTooLongIsRefused() throws {
        for (result, expected) in [("\"key\", { why = 1 }", "returned a reason that is a table — the second result says why, as a string (or nil)"),
                                   ("\"key\", string.rep(\"x\", 201)", "returned a reason of 201 characters — a reason is a line of at most 200")] {
            let dir = try TempPlaybook(hooks: "return { quadrant = function(l, s, c) return \(result) end }")
            #expect {
                _ = try ScoreRun.run(try Dealer.make(), session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day))
            } throws: { e in "\(e)".contains(expected) }
        }
        // No reason, nil or an empty one: none stored.
        let dir = try TempPlaybook(hooks: "return { quadrant = function(l, s, c) return 'watch', '  ' end }")
        let store = try Dealer.make()
        _ = try ScoreRun.run(store, session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day))
        #expect(try store.read { try Reports.explain($0, code: "K1") }.score.reason == nil)
    }

    @Test func aTestSeesTheReasonOfItsFixturesClient() throws {
        let dir = try TempPlaybook(hooks: Self.hooks, test: """
            return { ["owing past terms"] = function()
              fixture {
                clients = { { code = "L", name = "甲", kind = "channel", payment_terms_days = 30, since = "2024-01-01" } },
                orders = { { client = "L", date = "2026-06-01", amount = 1000 } },
              }
              expect.eq(score("L").quadrant, "phase_out")
              expect.eq(score("L").reason, "overdue ¥1,000.00")
            end }
            """)
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        let r = try session.runLuaTests(at: session.testFiles[0])
        #expect(r.count == 1 && r[0].passed, "\(r)")
    }
}
