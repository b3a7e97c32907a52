import Foundation
import Testing
@testable import KehuPlaybook

/// What things are called is the playbooks': their message files name quadrants, follow-up
/// kinds and resources, the standard's fill what a playbook leaves out, the host names none.
@Suite struct NamesTests {
    static let plugins = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins")

    @Test func aPlaybookNamesItsOwnKindsAndTheStandardNamesTheRest() throws {
        let fmcg = try Playbook.load(folder: Self.plugins.appendingPathComponent("fmcg"))
        let zh = try Names.of(fmcg, language: "zh"), en = try Names.of(fmcg, language: "en")
        #expect(zh.kind("restock") == "补货" && en.kind("restock") == "restock")
        #expect(zh.kind("birthday") == "生日问候" && en.kind("birthday") == "birthday")
        #expect(zh.quadrant("phase_out") == "淘汰" && en.quadrant("phase_out") == "phase out")
        #expect(zh.resource("staff") == "驻店人员" && en.resource("staff") == "in-store staff")
        #expect(zh.kind("nosuch") == "nosuch" && zh.name("kind", "nosuch") == nil)
        #expect(try Names.of(nil, language: "zh").kind("restock") == "restock", "the standard does not name fmcg's kinds")
    }

    /// Every quadrant and every kind the standard playbook drafts has a name in both languages.
    @Test func theStandardNamesEverythingItUses() throws {
        let source = try String(contentsOf: Self.plugins.appendingPathComponent("standard/init.lua"), encoding: .utf8)
        // The kinds it drafts: add(out, "kind", …) and once("kind", …), and the complaint ones.
        let kinds = Set(source.matches(of: /(?:add\(out, |once\()"([a-z_]+)"/).map { String($0.1) } + ["complaint_answer", "complaint_resolve"])
        #expect(!kinds.isEmpty)
        for language in ["zh", "en"] {
            let names = try Names.of(nil, language: language)
            for q in ["key", "develop", "watch", "phase_out"] { #expect(names.name("quadrant", q) != nil, "\(language) \(q)") }
            for k in kinds { #expect(names.name("kind", k) != nil, "\(language) kind \(k)") }
            for r in ["advertising", "promotion", "gifts", "staff"] { #expect(names.name("resource", r) != nil, "\(language) \(r)") }
        }
    }

    /// A message file that cannot be read is an error, not names silently gone.
    @Test func anUnreadableMessageFileIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("messages"), withIntermediateDirectories: true)
        try "return { name = \"mine\", version = \"0.1.0\", api = 1 }\n".write(to: dir.appendingPathComponent("manifest.lua"), atomically: true, encoding: .utf8)
        try "return {}\n".write(to: dir.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        try "[kind.x]\none\n[kind.x]\ntwo\n".write(to: dir.appendingPathComponent("messages/zh.txt"), atomically: true, encoding: .utf8)
        let playbook = try Playbook.load(folder: dir)
        #expect(throws: PlaybookError.self) { _ = try Names.of(playbook, language: "zh") }
    }
}
