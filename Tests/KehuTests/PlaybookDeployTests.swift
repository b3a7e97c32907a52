import Foundation
import Testing

/// A consultant packs a playbook and deploys it on two dealers' databases: install, use,
/// score, a new version, rollback; and what is refused.
@Suite struct PlaybookDeployTests {
    static let asOf = ["--as-of", "2026-11-25"]

    /// `kehu playbook new NAME` in `dir`, at `version`, with its key bar at `keyBar`.
    static func consultantPlaybook(in dir: URL, version: String = "0.1.0", keyBar: Int = 65) throws -> URL {
        let folder = dir.appendingPathComponent("acme")
        if !FileManager.default.fileExists(atPath: folder.path) {
            let r = try Kehu.run(["playbook", "new", "acme", "--dir", folder.path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        for (file, from, to) in [("manifest.lua", #"version = "[^"]*""#, "version = \"\(version)\""),
                                 ("init.lua", #"key_loyalty = \d+"#, "key_loyalty = \(keyBar)")] {
            let url = folder.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            try text.replacingOccurrences(of: from, with: to, options: .regularExpression).write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    static func pack(_ folder: URL, in dir: URL) throws -> URL {
        let r = try Kehu.run(["playbook", "pack", folder.path], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let name = try #require(r.stdout.firstMatch(of: /→ (\S+\.kehupack)/)?.1)
        return URL(fileURLWithPath: String(name))
    }

    /// A copy of `pack` at `name` in the same folder, its JSON document and its files
    /// (path → contents) changed by `edit`.
    static func edited(_ pack: URL, as name: String, _ edit: (inout [String: Any], inout [String: String]) throws -> Void) throws -> URL {
        var doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: pack)) as? [String: Any])
        var files = try #require(doc["files"] as? [String: String]).mapValues { String(decoding: Data(base64Encoded: $0)!, as: UTF8.self) }
        try edit(&doc, &files)
        doc["files"] = files.mapValues { Data($0.utf8).base64EncodedString() }
        let url = pack.deletingLastPathComponent().appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: doc).write(to: url)
        return url
    }

    @Test func packInstallUseScoreAndRollbackOnTwoDealers() throws {
        let consultant = try Kehu.temporaryDirectory()
        let dealerA = try DataCommandTests.sampleDealer(clients: 60), dealerB = try DataCommandTests.sampleDealer(clients: 40)
        defer { for d in [consultant, dealerA, dealerB] { try? FileManager.default.removeItem(at: d) } }
        let acme = try Self.consultantPlaybook(in: consultant)
        let v1 = try Self.pack(acme, in: consultant)
        #expect(v1.lastPathComponent == "acme-0.1.0.kehupack")

        for dealer in [dealerA, dealerB] {
            let r = try Kehu.run(["playbook", "install", v1.path, "--by", "王顾问"], cwd: dealer)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("installed acme@0.1.0"))
            #expect(r.stdout.contains("by 王顾问"))
            #expect(r.stdout.contains("make it active with: kehu playbook use acme@0.1.0"))
        }
        // Installed, not active: runs still use the standard playbook.
        let listed = try Kehu.run(["playbook", "list"], cwd: dealerA)
        #expect(listed.stdout.contains("acme      0.1.0"), "\(listed.stdout)")
        #expect(listed.stdout.contains("王顾问"))
        #expect(listed.stdout.contains("active: the shipped standard playbook"))

        let use = try Kehu.run(["playbook", "use", "acme"], cwd: dealerA)
        #expect(use.status == 0, "\(use.stderr)")
        #expect(use.stdout.hasPrefix("now using acme@0.1.0"))
        let scoreA = try Kehu.run(["score"] + Self.asOf, cwd: dealerA)
        #expect(scoreA.stdout.contains("with acme 0.1.0"), "\(scoreA.stdout)\(scoreA.stderr)")
        let scoreB = try Kehu.run(["score"] + Self.asOf, cwd: dealerB)
        #expect(scoreB.stdout.contains("with standard 1.2.0"), "dealer B did not choose acme: \(scoreB.stdout)")

        // A new version: installed and used on A, then rolled back.
        _ = try Self.consultantPlaybook(in: consultant, version: "0.2.0", keyBar: 55)
        let v2 = try Self.pack(acme, in: consultant)
        let install2 = try Kehu.run(["playbook", "install", v2.path, "--use"], cwd: dealerA)
        #expect(install2.status == 0, "\(install2.stderr)")
        #expect(install2.stdout.contains("now using acme@0.2.0"))
        let score2 = try Kehu.run(["score"] + Self.asOf, cwd: dealerA)
        #expect(score2.stdout.contains("with acme 0.2.0"), "\(score2.stdout)")
        let marked = try Kehu.run(["playbook", "list"], cwd: dealerA)
        #expect(marked.stdout.contains("*  acme      0.2.0"), "\(marked.stdout)")

        let back = try Kehu.run(["playbook", "rollback"], cwd: dealerA)
        #expect(back.stdout.hasPrefix("rolled back from acme@0.2.0 to acme@0.1.0"), "\(back.stdout)\(back.stderr)")
        let score3 = try Kehu.run(["score"] + Self.asOf, cwd: dealerA)
        #expect(score3.stdout.contains("with acme 0.1.0"), "\(score3.stdout)")
        let runs = try Kehu.run(["runs"], cwd: dealerA)
        let used = runs.stdout.split(separator: "\n").compactMap { line in line.firstMatch(of: /score\s+(\S+)\s+(\S+)/).map { "\($0.1) \($0.2)" } }
        #expect(used == ["acme 0.1.0", "acme 0.2.0", "acme 0.1.0"], "newest first: \(runs.stdout)")
        let history = try Kehu.run(["playbook", "list", "--history"], cwd: dealerA)
        #expect(history.stdout.contains("rollback  acme@0.2.0"), "\(history.stdout)")
        #expect(history.stdout.contains("rolled back"))

        // Past the first version: the standard playbook again, and then nothing to undo.
        _ = try Kehu.run(["playbook", "rollback"], cwd: dealerA)
        let none = try Kehu.run(["playbook", "rollback"], cwd: dealerA)
        #expect(none.status == 1)
        #expect(none.stderr.contains("nothing to roll back"))
        // Dealer B never moved off the standard playbook.
        let listedB = try Kehu.run(["playbook", "list"], cwd: dealerB)
        #expect(listedB.stdout.contains("active: the shipped standard playbook"))
        #expect(!listedB.stdout.contains("0.2.0"))
    }

    @Test func aTamperedPackIsRefusedAndNothingIsStored() throws {
        let consultant = try Kehu.temporaryDirectory()
        let dealer = try DataCommandTests.sampleDealer(clients: 20)
        defer { for d in [consultant, dealer] { try? FileManager.default.removeItem(at: d) } }
        let pack = try Self.pack(try Self.consultantPlaybook(in: consultant), in: consultant)
        let tampered = try Self.edited(pack, as: "tampered.kehupack") { _, files in
            files["init.lua"] = files["init.lua"]!.replacingOccurrences(of: "key_loyalty = 65", with: "key_loyalty = 5")
        }

        let r = try Kehu.run(["playbook", "install", tampered.path], cwd: dealer)
        #expect(r.status == 1)
        #expect(r.stderr.contains("content hash mismatch"), "\(r.stderr)")
        #expect(r.stderr.contains("changed after it was packed"))
        let list = try Kehu.run(["playbook", "list"], cwd: dealer)
        #expect(list.stdout.hasPrefix("no playbook is installed"))

        let junk = consultant.appendingPathComponent("junk.kehupack")
        try Data("not a pack".utf8).write(to: junk)
        let j = try Kehu.run(["playbook", "install", junk.path], cwd: dealer)
        #expect(j.status == 1 && j.stderr.contains("is not a kehu playbook pack"))
    }

    @Test func aPlaybookThatFailsCheckIsNeitherPackedNorInstalled() throws {
        let dir = try Kehu.temporaryDirectory()
        let dealer = try DataCommandTests.sampleDealer(clients: 20)
        defer { for d in [dir, dealer] { try? FileManager.default.removeItem(at: d) } }
        let folder = dir.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "return { name = \"bad\", version = \"1.0.0\", api = 1 }\n".write(to: folder.appendingPathComponent("manifest.lua"), atomically: true, encoding: .utf8)
        try "return { loyalty = 50 }\n".write(to: folder.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let pack = try Kehu.run(["playbook", "pack", folder.path], cwd: dir)
        #expect(pack.status == 1)
        #expect(pack.stderr.contains("fails its check, so it was not packed"), "\(pack.stderr)")
        let install = try Kehu.run(["playbook", "install", folder.path], cwd: dealer)
        #expect(install.status == 1)
        #expect(install.stderr.contains("fails its check, so it was not installed"), "\(install.stderr)")
        #expect(install.stderr.contains("loyalty"), "the reason names the hook: \(install.stderr)")
        #expect(try Kehu.run(["playbook", "list"], cwd: dealer).stdout.hasPrefix("no playbook is installed"))
    }

    @Test func aChangedPlaybookUnderAnInstalledVersionIsRefused() throws {
        let consultant = try Kehu.temporaryDirectory()
        let dealer = try DataCommandTests.sampleDealer(clients: 20)
        defer { for d in [consultant, dealer] { try? FileManager.default.removeItem(at: d) } }
        let acme = try Self.consultantPlaybook(in: consultant)
        #expect(try Kehu.run(["playbook", "install", acme.path], cwd: dealer).status == 0)
        let again = try Kehu.run(["playbook", "install", acme.path], cwd: dealer)
        #expect(again.status == 0 && again.stdout.contains("is installed already"))
        _ = try Self.consultantPlaybook(in: consultant, keyBar: 70)   // same version, other content
        let changed = try Kehu.run(["playbook", "install", acme.path], cwd: dealer)
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("acme@0.1.0 is installed already with other content"), "\(changed.stderr)")
        #expect(changed.stderr.contains("new version"))
    }

    @Test func aPackCannotWriteOutsideItsFolderNorTakeAShippedName() throws {
        let consultant = try Kehu.temporaryDirectory()
        let dealer = try DataCommandTests.sampleDealer(clients: 10)
        defer { for d in [consultant, dealer] { try? FileManager.default.removeItem(at: d) } }
        let pack = try Self.pack(try Self.consultantPlaybook(in: consultant), in: consultant)
        let victim = consultant.appendingPathComponent("victim")
        for (key, value) in [("name", "../../victim"), ("version", "../x")] {
            let evil = try Self.edited(pack, as: "evil.kehupack") { doc, _ in doc[key] = value }
            let r = try Kehu.run(["playbook", "install", evil.path], cwd: dealer)
            #expect(r.status == 1, "\(key)=\(value): \(r.stdout)")
            #expect(r.stderr.contains("refused the pack's name or version"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: victim.path))
        let escaping = try Self.edited(pack, as: "paths.kehupack") { _, files in files["../../escape.lua"] = files["init.lua"] }
        let r = try Kehu.run(["playbook", "install", escaping.path], cwd: dealer)
        #expect(r.status == 1 && r.stderr.contains("refused the file path"), "\(r.stderr)")
        // A consistent playbook of its own that calls itself standard.
        let imposter = consultant.appendingPathComponent("imposter")
        #expect(try Kehu.run(["playbook", "new", "standard", "--dir", imposter.path]).status == 0)
        let shipped = try Kehu.run(["playbook", "install", imposter.path], cwd: dealer)
        #expect(shipped.status == 1 && shipped.stderr.contains("is the name of a playbook shipped with kehu"), "\(shipped.stderr)")
        #expect(try Kehu.run(["playbook", "list"], cwd: dealer).stdout.hasPrefix("no playbook is installed"))
    }
}
