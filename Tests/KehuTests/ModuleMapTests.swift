import Foundation
import Testing

/// The module map of shared/DESIGN.md, held against the sources: which module each source
/// folder may import, and that only KehuCore touches the store's engine or writes SQL.
@Suite struct ModuleMapTests {
    static let sources = Kehu.packageRoot.appendingPathComponent("Sources")

    /// Our own modules and GRDB, per folder, as the design's table allows them.
    static let allowed: [String: Set<String>] = [
        "LuaEngine": ["CLua", "CLuaSupport"],
        "KehuCore": ["GRDB", "GRDBSQLite"],
        "KehuPlaybook": ["KehuCore", "LuaEngine"],
        "kehu": ["KehuCore", "KehuPlaybook", "LuaEngine", "CEdit", "ArgumentParser"],
    ]
    static let ours: Set<String> = ["CLua", "CLuaSupport", "CEdit", "LuaEngine", "KehuCore", "KehuPlaybook", "GRDB", "GRDBSQLite", "ArgumentParser"]

    /// (file relative to Sources, module) for every `import` of one of the modules above.
    static func imports(in folder: String) throws -> [(String, String)] {
        let root = sources.appendingPathComponent(folder)
        var out: [(String, String)] = []
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files.sorted() {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                      words[..<i].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                let module = String(words[i + 1])
                if ours.contains(module) { out.append(("\(folder)/\(file)", module)) }
            }
        }
        return out
    }

    @Test(arguments: ["LuaEngine", "KehuCore", "KehuPlaybook", "kehu"])
    func eachModuleImportsOnlyWhatTheMapAllows(_ folder: String) throws {
        let found = try Self.imports(in: folder)
        #expect(!found.isEmpty, "no sources found under Sources/\(folder)")
        let wrong = found.filter { !Self.allowed[folder]!.contains($0.1) }
        #expect(wrong.isEmpty, "imports the map does not allow: \(wrong.map { "\($0.0) imports \($0.1)" })")
    }

    /// The store stays in KehuCore: no other module names the engine's API or writes SQL.
    @Test(arguments: ["KehuPlaybook", "kehu"])
    func onlyKehuCoreTalksToTheStore(_ folder: String) throws {
        let root = Self.sources.appendingPathComponent(folder)
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        let markers = ["sql:", ".fetchOne(", ".fetchAll(", ".fetchCursor(", ".execute(", "inTransaction", "Column(\""]
        var hits: [String] = []
        for file in files.sorted() {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where markers.contains(where: { line.contains($0) }) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                hits.append("\(folder)/\(file):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(hits.isEmpty, "store access outside KehuCore:\n\(hits.joined(separator: "\n"))")
    }
}
