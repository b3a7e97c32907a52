import Foundation
import Testing

/// Ordinary Lua behaves as Lua 5.4: each program in Tests/Conformance gives byte-identical
/// stdout and the same exit status under `lua5.4` and `kehu run --trust`, and under the
/// sandbox when it uses only what the sandbox allows.
@Suite struct ConformanceTests {
    static let folder = Kehu.packageRoot.appendingPathComponent("Tests/Conformance")
    static let reference = URL(fileURLWithPath: "/usr/bin/lua5.4")

    static var programs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted()
    }

    static var sandboxSafe: Set<String> {
        let text = (try? String(contentsOf: folder.appendingPathComponent("sandbox-safe.txt"), encoding: .utf8)) ?? ""
        return Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    @Test func thereAreConformancePrograms() {
        #expect(Self.programs.count >= 10)
    }

    @Test(arguments: programs)
    func trustedOutputMatchesLua54(program: String) throws {
        let expected = try Kehu.run([program], executable: Self.reference, cwd: Self.folder)
        let actual = try Kehu.run(["run", "--trust", program], cwd: Self.folder)
        #expect(actual.stdoutBytes == expected.stdoutBytes, "stdout differs for \(program)")
        #expect(actual.status == expected.status)
        if actual.stdoutBytes != expected.stdoutBytes {
            let e = expected.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            if let i = (0..<min(e.count, a.count)).first(where: { e[$0] != a[$0] }) {
                Issue.record("first difference at line \(i + 1):\n lua5.4: \(e[i])\n kehu:   \(a[i])")
            }
        }
    }

    @Test(arguments: programs.filter { sandboxSafe.contains($0) })
    func sandboxedOutputMatchesLua54(program: String) throws {
        let expected = try Kehu.run([program], executable: Self.reference, cwd: Self.folder)
        let actual = try Kehu.run(["run", program], cwd: Self.folder)
        #expect(actual.stdoutBytes == expected.stdoutBytes, "stdout differs for \(program)")
        #expect(actual.status == expected.status)
    }
}
