import Foundation
import GRDB
@testable import KehuCore
import Testing
@testable import KehuPlaybook

/// What cannot be read is refused with where it is, never taken as empty.
@Suite struct UnreadableFileTests {
    @Test func aPlaybookFileThatCannotBeReadIsRefusedWithItsPath() throws {
        let dir = try TempPlaybook(hooks: "return {}")
        try FileManager.default.createDirectory(at: dir.folder.appendingPathComponent("odd.lua"), withIntermediateDirectories: true)
        #expect { _ = try dir.playbook } throws: { "\($0)".contains("odd.lua is a folder named like a playbook file") }
    }

    @Test func storedAttributesThatAreNotAnObjectAreSaidNotOverwritten() throws {
        let store = try KehuDatabase.inMemory()
        try store.writer.write { db in
            _ = try Dealer.client(db, "A1", "甲", kind: "channel", since: "2020-01-01", stage: "relationship", limit: 0, terms: 30)
            try db.execute(sql: "UPDATE client SET attributes = '[1,2]' WHERE code = 'A1'")
        }
        #expect {
            try store.write { try ClientEdits.setAttribute($0, code: "A1", name: "mu", json: "120") }
        } throws: { "\($0)".contains("client A1's stored attributes are JSON but not an object") }
        try store.writer.write { try $0.execute(sql: "UPDATE client SET attributes = '{bad' WHERE code = 'A1'") }
        #expect {
            try store.write { try ClientEdits.setAttribute($0, code: "A1", name: "mu", json: "120") }
        } throws: { "\($0)".contains("client A1's stored attributes are not JSON (") }
        #expect(try store.read { try ClientHistory.client($0, code: "A1")!.attributes } == "{bad")
    }
}
