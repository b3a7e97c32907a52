import Foundation
import Testing
import LuaEngine
@testable import KehuPlaybook
import KehuCore

@Suite struct SupportTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Two blocks of padding: 56 bytes.
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func templatesFillPlaceholdersAndKeepDoubledBraces() throws {
        #expect(try Template.render("{contact}您好，{{备注}}", ["contact": "王总"]) == "王总您好，{备注}")
        #expect(throws: Template.Missing.self) { try Template.render("{who}", [:]) }
    }

    @Test func messageFilesHaveSectionsCommentsAndAFallbackLayer() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-msg-\(UUID().uuidString)")
        let own = dir.appendingPathComponent("own/messages"), base = dir.appendingPathComponent("base/messages")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "# 注释\n[birthday]\n{contact}生日快乐！\n第二行\n\n[visit]\n拜访\n".write(to: own.appendingPathComponent("zh.txt"), atomically: true, encoding: .utf8)
        try "[birthday]\nbase\n[payment]\n{amount}请安排回款\n".write(to: base.appendingPathComponent("zh.txt"), atomically: true, encoding: .utf8)
        var book = MessageBook()
        try book.add(folder: dir.appendingPathComponent("own"))
        try book.add(folder: dir.appendingPathComponent("base"))
        #expect(book.template("birthday", language: "zh") == "{contact}生日快乐！\n第二行")
        #expect(book.template("payment", language: "zh") == "{amount}请安排回款")
        #expect(book.template("payment", language: "en") == nil)
        #expect(MessageBook.parse("stray\n[a]\nx", file: "f.txt").1 == [.init(file: "f.txt", line: 1, message: "text before the first [name] line", fatal: true)])
    }

    /// Each mistake of a message file is one precise problem, where it is; the templates around
    /// it are still read (so that check does not add false "has no template" errors).
    @Test func eachMistakeOfAMessageFileIsOneProblemAtItsLine() throws {
        let text = "[a]\nhello {name\n[b]\n\n[c\nx\n[d]\none\n[d]\ntwo\n[e]\n{{literal}} and {name}\n"
        let (templates, problems) = MessageBook.parse(text, file: "zh.txt")
        #expect(problems == [
            .init(file: "zh.txt", line: 2, message: "'{' at column 7 of [a] has no '}' (write {{ for a brace)"),
            .init(file: "zh.txt", line: 3, message: "template [b] is empty"),
            .init(file: "zh.txt", line: 5, message: "[c has no closing ']' (a template's name is written [name])"),
            .init(file: "zh.txt", line: 9, message: "template [d] defined twice", fatal: true),
        ])
        // A name in Chinese without its ] is found too.
        #expect(MessageBook.parse("[a]\nx\n[生日\ny\n", file: "zh.txt").1.map(\.line) == [3])
        #expect(templates["d"] == "one" && templates["e"] == "{{literal}} and {name}")
        // A run refuses the file for a template defined twice (as it always did), not for what
        // renders as written (an empty template, a lone {): those are check's.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-msg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("messages"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("messages/zh.txt"), atomically: true, encoding: .utf8)
        var book = MessageBook()
        #expect { try book.add(folder: dir) } throws: { "\($0)".contains("messages/zh.txt:9: template [d] defined twice") }
        try "[a]\nhello {name\n[b]\n".write(to: dir.appendingPathComponent("messages/zh.txt"), atomically: true, encoding: .utf8)
        var lenient = MessageBook()
        try lenient.add(folder: dir)
        #expect(lenient.template("a", language: "zh") == "hello {name")
    }

    @Test func storedJSONReadsBackAsLuaValues() throws {
        let node = try #require(JSONValue.parse(#"{"name":"tenure","ok":true,"points":12.5,"value":6,"list":[1,"a"]}"#))
        guard case .table(let t) = JSONValue.lua(node) else { Issue.record("expected a table"); return }
        #expect(t["name"] == "tenure")
        #expect(t["ok"] == true)
        #expect(t["points"] == .number(12.5))
        #expect(t["value"] == 6)
        #expect(t["list"] == .table(LuaTable(array: [1, "a"])))
        #expect(JSONValue.parse("not json") == nil)
    }

    @Test func aBudgetSplitsByShareAndEmptyQuadrantsGiveTheirsAway() {
        let shares = ["key": 0.5, "develop": 0.3, "watch": 0.15, "phase_out": 0.05]
        let all = AllocateRun.split(100_000, shares: shares, members: ["key": 1, "develop": 2, "watch": 1, "phase_out": 3])
        #expect(all.map(\.1) == [50_000, 30_000, 15_000, 5_000])
        // No develop clients: its 30 % goes to the others pro rata (of 70 %), fen left to key.
        let some = AllocateRun.split(100_000, shares: shares, members: ["key": 1, "watch": 1, "phase_out": 1])
        #expect(some.map(\.1) == [71_430, 0, 21_428, 7_142])
        #expect(some.reduce(0) { $0 + $1.1 } == 100_000)
    }
}
