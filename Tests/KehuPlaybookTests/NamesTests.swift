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
        let zh = Names.of(fmcg, language: "zh"), en = Names.of(fmcg, language: "en")
        #expect(zh.kind("restock") == "补货" && en.kind("restock") == "restock")
        #expect(zh.kind("birthday") == "生日问候" && en.kind("birthday") == "birthday")
        #expect(zh.quadrant("phase_out") == "淘汰" && en.quadrant("phase_out") == "phase out")
        #expect(zh.resource("staff") == "驻店人员" && en.resource("staff") == "in-store staff")
        #expect(zh.kind("nosuch") == "nosuch" && zh.name("kind", "nosuch") == nil)
        #expect(Names.of(nil, language: "zh").kind("restock") == "restock", "the standard does not name fmcg's kinds")
    }

    /// Every quadrant and every kind the standard playbook drafts has a name in both languages.
    @Test func theStandardNamesEverythingItUses() throws {
        let source = try String(contentsOf: Self.plugins.appendingPathComponent("standard/init.lua"), encoding: .utf8)
        // The kinds it drafts: add(out, "kind", …) and once("kind", …), and the complaint ones.
        let kinds = Set(source.matches(of: /(?:add\(out, |once\()"([a-z_]+)"/).map { String($0.1) } + ["complaint_answer", "complaint_resolve"])
        #expect(!kinds.isEmpty)
        for language in ["zh", "en"] {
            let names = Names.of(nil, language: language)
            for q in ["key", "develop", "watch", "phase_out"] { #expect(names.name("quadrant", q) != nil, "\(language) \(q)") }
            for k in kinds { #expect(names.name("kind", k) != nil, "\(language) kind \(k)") }
            for r in ["advertising", "promotion", "gifts", "staff"] { #expect(names.name("resource", r) != nil, "\(language) \(r)") }
        }
    }
}
