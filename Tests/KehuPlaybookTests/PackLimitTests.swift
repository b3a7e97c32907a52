import Foundation
import Testing
@testable import KehuPlaybook

/// Crafted packs beyond the limits are refused before anything is unpacked, naming the limit.
@Suite struct PackLimitTests {
    static func pack(_ files: [String: String]) -> Data {
        let doc: [String: Any] = ["format": PlaybookPack.format, "format_version": 1, "name": "acme", "version": "1.0.0", "api": 1,
                                  "description": "", "hash": "x", "files": files.mapValues { Data($0.utf8).base64EncodedString() }]
        return try! JSONSerialization.data(withJSONObject: doc)
    }

    static func refusal(_ data: Data) -> String {
        do {
            _ = try PlaybookPack.decode(data, source: "p.kehupack")
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func tooManyFilesAreRefused() {
        var files: [String: String] = ["manifest.lua": "return {}"]
        for i in 0..<600 { files["m\(i).lua"] = "return \(i)" }
        #expect(Self.refusal(Self.pack(files)).contains("601 files; a playbook may have at most 500"))
    }

    @Test func deepFoldersAreRefused() {
        let deep = (0..<20).map { "d\($0)" }.joined(separator: "/") + "/x.lua"
        #expect(Self.refusal(Self.pack(["manifest.lua": "return {}", deep: "return 1"])).contains("is 20 folders deep; a playbook may nest at most 8"))
    }

    @Test func aLargeFileIsRefused() {
        let big = String(repeating: "-", count: 5 << 20)
        #expect(Self.refusal(Self.pack(["manifest.lua": "return {}", "big.lua": big])).contains("a playbook's file may have at most 4194304 (4 MiB)"))
    }

    @Test func aLargePackIsRefusedBeforeItIsRead() {
        var data = Self.pack(["manifest.lua": "return {}"])
        data.append(Data(count: 17 << 20))
        #expect(Self.refusal(data).contains("a pack may have at most 16777216 (16 MiB)"))
    }

    @Test func aPackWithinTheLimitsIsRead() throws {
        let pack = try PlaybookPack.decode(Self.pack(["manifest.lua": "return {}", "a/b/c.lua": "return 1"]), source: "p")
        #expect(pack.files.count == 2)
    }
}
