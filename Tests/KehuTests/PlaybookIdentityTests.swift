import Foundation
import Testing

/// One name and version names one piece of code: shipped names cannot be packed, versions
/// are MAJOR.MINOR.PATCH, and a folder that differs from its installed version runs as
/// `VERSION+dev.HASH12`.
@Suite struct PlaybookIdentityTests {
    @Test func checkAndPackRefuseAShippedNameButTheShippedPlaybookChecks() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let imposter = dir.appendingPathComponent("imposter")
        #expect(try Kehu.run(["playbook", "new", "standard", "--dir", imposter.path]).status == 0)
        let check = try Kehu.run(["playbook", "check", imposter.path])
        #expect(check.status == 1)
        #expect(check.stdout.contains("manifest.lua: error: 'standard' is the name of a playbook shipped with kehu")
                || check.stderr.contains("manifest.lua: error: 'standard' is the name of a playbook shipped with kehu"),
                "\(check.stdout)\(check.stderr)")
        let pack = try Kehu.run(["playbook", "pack", imposter.path], cwd: dir)
        #expect(pack.status == 1 && pack.stderr.contains("is the name of a playbook shipped with kehu"), "\(pack.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasSuffix(".kehupack") })
        #expect(try Kehu.run(["playbook", "check", "standard"]).status == 0)
    }

    @Test func aVersionThatIsNotMajorMinorPatchIsRefusedByCheckPackAndRuns() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 10)
        defer { try? FileManager.default.removeItem(at: dir) }
        let acme = try PlaybookDeployTests.consultantPlaybook(in: dir, version: "1.0")
        let manifest = acme.appendingPathComponent("manifest.lua").path
        for args in [["playbook", "check", acme.path], ["playbook", "pack", acme.path],
                     ["score", "--playbook", acme.path, "--as-of", "2026-11-25"]] {
            let r = try Kehu.run(args, cwd: dir)
            #expect(r.status != 0, "\(args)")
            #expect((r.stdout + r.stderr).contains("\(manifest): 'version' must be MAJOR.MINOR.PATCH (like 1.2.0), found \"1.0\""),
                    "\(args): \(r.stdout)\(r.stderr)")
        }
        // A pack that says so itself is refused on install too.
        let good = try PlaybookDeployTests.pack(try PlaybookDeployTests.consultantPlaybook(in: dir, version: "1.0.0"), in: dir)
        let bad = try PlaybookDeployTests.edited(good, as: "bad.kehupack") { doc, files in
            doc["version"] = "1.0"
            files["manifest.lua"] = files["manifest.lua"]!.replacingOccurrences(of: "\"1.0.0\"", with: "\"1.0\"")
        }
        let install = try Kehu.run(["playbook", "install", bad.path], cwd: dir)
        #expect(install.status == 1 && install.stderr.contains("the pack's version must be MAJOR.MINOR.PATCH (like 1.2.0), found \"1.0\""),
                "\(install.stderr)")
    }

    @Test func runsFromAFolderThatDiffersFromItsInstalledVersionAreMarkedDev() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 20)
        defer { try? FileManager.default.removeItem(at: dir) }
        let acme = try PlaybookDeployTests.consultantPlaybook(in: dir)
        #expect(try Kehu.run(["playbook", "install", acme.path], cwd: dir).status == 0)
        let same = try Kehu.run(["score", "--playbook", acme.path, "--as-of", "2026-11-25"], cwd: dir)
        #expect(same.status == 0, "\(same.stderr)")
        _ = try PlaybookDeployTests.consultantPlaybook(in: dir, keyBar: 70)   // edited, version not bumped
        let edited = try Kehu.run(["score", "--playbook", acme.path, "--as-of", "2026-11-25"], cwd: dir)
        #expect(edited.status == 0, "\(edited.stderr)")
        let runs = try Kehu.run(["runs", "--json"], cwd: dir)
        let list = try #require(try JSONSerialization.jsonObject(with: runs.stdoutBytes) as? [[String: Any]])
        let versions = list.compactMap { $0["version"] as? String }
        let hashes = list.compactMap { $0["hash"] as? String }
        #expect(versions.count == 2)
        #expect(versions.last == "0.1.0")
        #expect(versions.first == "0.1.0+dev.\(hashes.first!.prefix(12))")
    }
}
