import Foundation
import GRDB
@testable import KehuCore
import Testing
@testable import KehuPlaybook

/// A new follow-up run supersedes the open follow-ups it no longer drafts, and replaces one
/// whose contact changed. Worked out by hand on H1 (contacts 张三, 李四) and H2:
/// - playbook A drafts H1: call_back to 张三 and a visit; H2: a visit → 3 open.
/// - playbook B drafts H1: call_back to 李四 and a visit (new words); H2: nothing → H1's
///   call_back to 张三 and H2's visit are superseded by B's run, the call_back to 李四 is
///   stored, H1's visit stays open as it was (the same client, kind and contact).
@Suite struct FollowupLifecycleTests {
    static let a = """
        return { followups = function(c)
          if c.code == "H1" then
            return { { kind = "call_back", contact = "张三", message = "A 回电" }, { kind = "visit", message = "A 拜访" } }
          end
          return { { kind = "visit", message = "A 拜访" } }
        end }
        """
    static let b = """
        return { followups = function(c)
          if c.code == "H1" then
            return { { kind = "call_back", contact = "李四", message = "B 回电" }, { kind = "visit", message = "B 拜访" } }
          end
        end }
        """

    static func store() throws -> KehuDatabase {
        let store = try HarvestRuleTests.store(file: false)
        try store.writer.write { db in
            let h1 = try ClientHistory.client(StoreConnection(db), code: "H1")!.id!
            try Dealer.contact(db, h1, "张三", role: "owner")
            try Dealer.contact(db, h1, "李四", role: "buyer")
        }
        return store
    }

    func open(_ store: KehuDatabase) throws -> [String] {
        try store.read { try FollowupStore.list($0, FollowupFilter(status: .open)) }.map { "\($0.code) \($0.kind) \($0.contact) \($0.message)" }.sorted()
    }

    @Test func aNewRunSupersedesWhatItNoLongerDrafts() throws {
        let store = try Self.store()
        let day = Day(iso: "2026-11-25")!
        let first = try FollowupRun.run(store, session: try PlaybookSession(playbook: try TempPlaybook(hooks: Self.a).playbook, asOf: day))
        #expect(first.stored == 3 && first.superseded.isEmpty)

        // A dry run says what it would supersede and changes nothing.
        let session = try PlaybookSession(playbook: try TempPlaybook(hooks: Self.b).playbook, asOf: day)
        let dry = try FollowupRun.run(store, session: session, dryRun: true)
        #expect(dry.superseded.map { "\($0.code) \($0.kind) \($0.contact)" }.sorted() == ["H1 call_back 张三", "H2 visit "])
        #expect(try open(store).count == 3)

        let second = try FollowupRun.run(store, session: session)
        #expect(second.stored == 1 && second.superseded.count == 2)
        #expect(try open(store) == ["H1 call_back 李四 B 回电", "H1 visit  A 拜访"])
        let superseded = try store.read { try FollowupStore.list($0, FollowupFilter(status: .superseded)) }
        #expect(superseded.map { "\($0.code) \($0.kind) \($0.contact)" }.sorted() == ["H1 call_back 张三", "H2 visit "])
        #expect(superseded.allSatisfy { $0.supersededBy == second.run && $0.closedOn == "2026-11-25" && $0.run == first.run })
    }

    @Test func aRunForOneClientLeavesTheOthersAlone() throws {
        let store = try Self.store()
        let day = Day(iso: "2026-11-25")!
        _ = try FollowupRun.run(store, session: try PlaybookSession(playbook: try TempPlaybook(hooks: Self.a).playbook, asOf: day))
        let r = try FollowupRun.run(store, session: try PlaybookSession(playbook: try TempPlaybook(hooks: Self.b).playbook, asOf: day), client: "H2")
        #expect(r.superseded.map(\.code) == ["H2"])
        #expect(try open(store) == ["H1 call_back 张三 A 回电", "H1 visit  A 拜访"])
    }

    @Test func openFollowupsAreFoundByKindClientAndRun() throws {
        let store = try Self.store()
        let day = Day(iso: "2026-11-25")!
        let run = try FollowupRun.run(store, session: try PlaybookSession(playbook: try TempPlaybook(hooks: Self.a).playbook, asOf: day)).run
        let counts = try store.read { db in
            [try FollowupStore.openIds(db, kind: "visit", client: nil, run: nil).count,
             try FollowupStore.openIds(db, kind: "visit", client: "H1", run: nil).count,
             try FollowupStore.openIds(db, kind: nil, client: nil, run: run).count,
             try FollowupStore.openIds(db, kind: nil, client: nil, run: (run ?? 0) + 1).count]
        }
        #expect(counts == [2, 1, 3, 0])
    }

    /// diff lists H1's visit as changed (new words, same client, kind and contact), beside
    /// what B adds and drops.
    @Test func diffListsChangedFollowups() throws {
        let day = Day(iso: "2026-11-25")!
        let b2 = Self.b.replacingOccurrences(of: "{ kind = \"visit\", message = \"B 拜访\" }", with: "{ kind = \"visit\", message = \"B 拜访\", priority = 1 }")
        let d = try PlaybookDiff.run(try Self.store(), a: try PlaybookSession(playbook: try TempPlaybook(name: "a", hooks: Self.a).playbook, asOf: day),
                                     b: try PlaybookSession(playbook: try TempPlaybook(name: "b", hooks: b2).playbook, asOf: day), budget: 0)
        #expect(d.changed.map { "\($0.b.code) \($0.b.kind) \($0.a.message)→\($0.b.message) \($0.fields)" } == ["H1 visit A 拜访→B 拜访 [\"message\", \"priority\"]"])
        #expect(d.added.map { "\($0.code) \($0.kind) \($0.contact)" } == ["H1 call_back 李四"])
        #expect(d.removed.map { "\($0.code) \($0.kind) \($0.contact)" }.sorted() == ["H1 call_back 张三", "H2 visit "])
        let same = try PlaybookDiff.run(try Self.store(), a: try PlaybookSession(playbook: try TempPlaybook(name: "a", hooks: Self.a).playbook, asOf: day),
                                        b: try PlaybookSession(playbook: try TempPlaybook(name: "a", hooks: Self.a).playbook, asOf: day), budget: 0)
        #expect(same.changed.isEmpty && same.isEmpty)
    }
}
