import Foundation
@testable import KehuCore
import LuaEngine
import Testing
@testable import KehuPlaybook

/// The hook registry (``HookSpecs``) is what a run checks results against and what `playbook
/// check` tries: every declared field is enforced, and the check finds what a run would refuse.
@Suite struct HookSpecTests {
    /// A Lua literal of a valid value for a field of a list hook's entry, on Dealer's client B1.
    func valid(_ f: ResultField) -> String {
        switch f.kind {
        case .text: return "\"x\""
        case .date: return "\"2026-12-01\""
        case .number: return "1"
        case .oneOf(let codes): return "\"\(codes[0])\""
        case .integer(let r): return String(r.lowerBound)
        case .member(let set): return set == "contacts" ? "\"王芳\"" : "c.code"
        case .amounts: return "{}"
        }
    }

    /// What a run says of a followups hook that returns the one entry `entry` (Lua fields) for B1.
    func refusal(_ entry: String) throws -> String {
        let dir = try TempPlaybook(hooks: "return { followups = function(c) return { { \(entry) } } end }")
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        do {
            _ = try FollowupRun.run(try Dealer.make(), session: session, client: "B1", dryRun: true)
        } catch let e as PlaybookError { return e.description }
        Issue.record("{ \(entry) } should be refused")
        return ""
    }

    @Test func everyDeclaredFieldOfAFollowupIsCheckedForItsType() throws {
        let spec = PlaybookSession.Hook.followups.spec
        guard case .list(_, let label, let fields, _, _) = spec.result else { Issue.record("followups returns a list"); return }
        for field in fields where field.name != label {
            let entry = fields.filter { $0.required || $0.name == field.name }.map { f in
                "\(f.name) = \(f.name == field.name ? "true" : valid(f))"
            }.joined(separator: ", ")
            let text = try refusal(entry)
            #expect(text.contains("entry 1 (x): \(field.name) is a boolean, not \(field.expected)"), "\(text)")
        }
        // Each required field missing is named.
        for field in fields where field.required {
            let text = try refusal(fields.filter { $0.required && $0.name != field.name }.map { "\($0.name) = \(valid($0))" }.joined(separator: ", "))
            #expect(text.contains("has no \(field.what)"), "\(text)")
        }
    }

    @Test func aValidEntryOfEveryDeclaredFieldIsStoredWithItsValues() throws {
        let spec = PlaybookSession.Hook.followups.spec
        let entry = spec.fields.map { "\($0.name) = \(valid($0))" }.joined(separator: ", ")
        let dir = try TempPlaybook(hooks: "return { followups = function(c) return { { \(entry) } } end }")
        let r = try FollowupRun.run(try Dealer.make(), session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day),
                                    client: "B1", dryRun: true)
        #expect(r.drafted.count == 1)
        #expect(r.drafted.first.map { [$0.kind, $0.due, $0.channel, $0.contact, $0.message, String($0.priority)] }
                == ["x", "2026-12-01", HookSpecs.channels[0], "王芳", "x", "1"])
    }

    @Test func aFollowupsKeyThatIsNotDeclaredIsRefusedWithTheNearestName() throws {
        let text = try refusal(#"kind = "call", message = "hi", priorty = 1"#)
        #expect(text.contains("entry 1 (call) has a key priorty that a follow-up does not have — did you mean 'priority'?"), "\(text)")
        let other = try refusal(#"kind = "call", message = "hi", colour = "red""#)
        #expect(other.contains("has a key colour that a follow-up does not have (its keys: kind, due, channel, contact, message, priority)"), "\(other)")
    }

    @Test func aPlanIsCheckedAgainstTheDeclaredLine() throws {
        func failure(_ plan: String) throws -> String {
            let dir = try TempPlaybook(hooks: "return { allocate = function(q, clients, budget, resources) \(plan) end }")
            let store = try Dealer.make()
            let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
            _ = try ScoreRun.run(store, session: try PlaybookSession(asOf: Dealer.day))
            do {
                _ = try AllocateRun.run(store, session: session, budget: 100_000, resources: ["gifts"], dryRun: true)
            } catch let e as PlaybookError { return e.description }
            Issue.record("the plan should be refused")
            return ""
        }
        #expect(try failure("return { { client = clients[1].code, amounts = { travel = 1 } } }")
                    .contains("'travel' is not one of the resources (gifts)"))
        #expect(try failure("return { { client = 'NOSUCH', amounts = {} } }").contains("client \"NOSUCH\" is not one of the quadrant's clients ("))
        #expect(try failure("return { { client = clients[1].code } }").contains("has no amounts table"))
        #expect(try failure("return { client = clients[1].code, amounts = {} }").contains("returned a single line (a table with 'client')"))
    }

    @Test func checkTriesEachHookOnSyntheticClientsAndReportsWhatARunWouldRefuse() throws {
        let dir = try TempPlaybook(hooks: """
            local standard = require "standard"
            return {
              loyalty = function(c) return c.capital / 1000, {} end,
              quadrant = function(l, s, c) if c.metrics.overdue > 0 then return "bad" end return standard.quadrant(l, s, c) end,
              followups = function(c) return { { kind = "call", message = "hi", priority = #c:contacts() > 0 and 2 or 7 } } end,
            }
            """)
        let findings = PlaybookCheck.run(folder: dir.folder).filter { $0.severity == .error }.map(\.message)
        // A profile field missing: the bare client has no capital.
        #expect(findings.contains { $0.contains("hook loyalty on client PROBE-BARE:") && $0.contains("attempt to perform arithmetic on a nil value (field 'capital')") }, "\(findings)")
        #expect(findings.contains { $0.contains("hook quadrant on client PROBE-") && $0.contains(": returned bad — expected \"key\", \"develop\", \"watch\" or \"phase_out\"") }, "\(findings)")
        #expect(findings.contains { $0.contains("hook followups on client PROBE-BARE: entry 1 (call): priority 7 is not 1, 2 or 3") }, "\(findings)")
        #expect(findings.allSatisfy { $0.contains("is a synthetic client: ") })
    }

    @Test func theShippedPlaybooksAndANewOnePassTheTrialRun() throws {
        for name in ["standard", "fmcg", "agri"] {
            let folder = try #require(Playbook.shippedFolder(named: name))
            #expect(PlaybookProbe.run(try PlaybookSession(playbook: try Playbook.load(folder: folder), asOf: Dealer.day)) == [], "\(name)")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-pb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("fresh")
        try PlaybookScaffold.create(at: folder, name: "fresh")
        #expect(PlaybookProbe.run(try PlaybookSession(playbook: try Playbook.load(folder: folder), asOf: Dealer.day)) == [])
    }

    @Test func theSyntheticClientsCoverEveryFieldOfTheRegistry() throws {
        let full = try #require(PlaybookProbe.cases(asOf: Dealer.day).first)
        for (key, table) in PlaybookFixture.parts {
            guard case .table(let rows) = full.dataset[key], case .table(let row)? = rows.array.first else {
                Issue.record("the full client has no \(key)"); continue
            }
            for f in table.shape.fields { #expect(row[f.name] != .nil, "\(key).\(f.name)") }
        }
    }
}
