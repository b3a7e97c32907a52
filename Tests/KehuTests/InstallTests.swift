import Foundation
import Testing

/// kehu installs like a command-line tool: the binary alone, copied anywhere, carries the
/// shipped playbooks and scripts and needs no luac.
@Suite struct InstallTests {
    @Test func aBinaryCopiedAloneIntoAnEmptyFolderDoesTheMainJobs() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("kehu")
        // Copied by cp, not by this process: a file open for writing here would be inherited
        // by children that other tests spawn meanwhile, and exec would fail ("text file busy").
        let cp = try Kehu.run([Kehu.binary.path, binary.path], executable: URL(fileURLWithPath: "/bin/cp"))
        #expect(cp.status == 0, "\(cp.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Plugins").path))
        // No Plugins/ anywhere above it, no luac on the PATH, a cache of its own, and no
        // KEHU_PLUGINS from whoever runs the tests.
        let env = ["PATH": dir.path, "XDG_CACHE_HOME": dir.appendingPathComponent("cache").path, "KEHU_PLUGINS": "", "KEHU_DB": ""]
        func kehu(_ args: [String]) throws -> Kehu.Result {
            let r = try Kehu.run(args, executable: binary, cwd: dir, environment: env)
            #expect(r.status == 0, "kehu \(args.joined(separator: " ")): \(r.stderr)")
            return r
        }
        #expect(try kehu(["gen", "--clients", "60", "--seed", "1", "--as-of", "2026-11-25"]).stdout.contains("wrote 60 clients"))
        let scored = try kehu(["score", "--as-of", "2026-11-25"]).stdout
        let embedded = try #require(scored.firstMatch(of: /with standard [0-9.]+ \(([0-9a-f]{12})\)/)?.1, "\(scored)")
        #expect(try kehu(["followups", "--quiet", "--as-of", "2026-11-25"]).stdout.contains("drafted"))
        let list = try kehu(["run", "--list"]).stdout
        #expect(list.contains("toolbox/ageing") && list.contains("examples/first-look"))
        #expect(try kehu(["run", "--as-of", "2026-11-25", "toolbox/ageing"]).stdout.contains("¥"))
        _ = try kehu(["playbook", "new", "mine", "--from", "standard"])
        let check = try kehu(["playbook", "check", "mine"])
        #expect(check.stdout.hasSuffix("0 errors, 0 warnings\n"), "\(check.stdout)")

        // The standard playbook it carries is the source tree's, file for file: the same hash.
        let source = try Kehu.run(["score", "--dry-run", "--as-of", "2026-11-25", "--db", dir.appendingPathComponent("kehu.db").path])
        #expect(source.stdout.contains(" (\(embedded)); dry run"), "the embedded standard differs from Plugins/standard: \(source.stdout)")
    }
}
