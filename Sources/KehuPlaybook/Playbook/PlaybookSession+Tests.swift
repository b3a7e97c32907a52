import Foundation
import KehuCore
import LuaEngine

/// Lua-level tests of a playbook: a file in its `tests/` folder returns a table of test
/// name → function; a test passes when its function returns without raising.
public struct LuaTestResult: Sendable, Equatable {
    public var file: String
    public var name: String
    /// The error message (with its location), or nil when the test passed.
    public var failure: String?
    /// What the test wrote with `kehu.log`, in order.
    public var log: [String] = []
    public var passed: Bool { failure == nil }
}

extension PlaybookSession {
    /// The test files of the playbook, sorted (`tests/*.lua`).
    public var testFiles: [URL] {
        let dir = playbook.folder.appendingPathComponent("tests")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// Runs one test file in this session's sandbox, with the real `kehu` module; `require`
    /// resolves in the playbook's folder (`require "init"` gives its hooks table) and
    /// `require "standard"` gives the standard playbook's. Tests run in name order, each on
    /// a database of its own (in memory, empty until the test declares a `fixture`), with
    /// the helpers of ``PlaybookFixture``.
    public func runLuaTests(at url: URL) throws -> [LuaTestResult] {
        // Runs `body` with a fresh, empty in-memory database under the `kehu` module.
        func withTestDatabase<T>(_ body: () throws -> T) throws -> T {
            let store = try KehuDatabase.inMemory()
            return try store.writeWhenNeeded { db in
                try runtime.using(db) {
                    runtime.forgetCaches()
                    defer { runtime.forgetCaches() }
                    return try body()
                }
            }
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PlaybookError.invalid(folder: playbook.folder.path, "cannot read \(url.path)")
        }
        let file = url.lastPathComponent
        let logStart = runtime.log.count
        let suite: LuaRef
        do {
            let env = try lua.newEnvironment()
            try installTestHelpers(into: env)
            let chunk = try lua.load(bytes: Array(data), chunkName: "@\(playbook.folder.lastPathComponent)/tests/\(file)", env: env)
            guard let table = try withTestDatabase({ try lua.callForReference(chunk) }), table.typeName == "table" else {
                throw PlaybookError.invalid(folder: playbook.folder.path, "\(url.path) must return a table of test name → function")
            }
            suite = table
        } catch let e as LuaError {
            return [LuaTestResult(file: file, name: "(loading the file)", failure: e.message, log: Array(runtime.log[logStart...]))]
        }
        let names = try lua.call(try lua.load("""
            local t = ...
            local names = {}
            for k, v in pairs(t) do
              if type(k) == "string" and type(v) == "function" then names[#names + 1] = k end
            end
            table.sort(names)
            return names
            """, chunkName: "=tests"), [.reference(suite)])
        guard case .table(let list)? = names.first else { return [] }
        let runner = try lua.load("local t, name = ...; return t[name]()", chunkName: "=tests")
        var results: [LuaTestResult] = []
        if runtime.log.count > logStart {
            // Lines logged while the file itself loaded.
            results.append(LuaTestResult(file: file, name: "(loading the file)", failure: nil, log: Array(runtime.log[logStart...])))
        }
        for name in list.array.compactMap(\.stringValue) {
            let before = runtime.log.count
            var result: LuaTestResult
            do {
                try withTestDatabase { _ = try lua.call(runner, [.reference(suite), .string(LuaString(name))]) }
                result = LuaTestResult(file: file, name: name, failure: nil)
            } catch let e as LuaError {
                result = LuaTestResult(file: file, name: name, failure: e.message)
            } catch {
                result = LuaTestResult(file: file, name: name, failure: "\(error)")
            }
            result.log = Array(runtime.log[before...])
            results.append(result)
        }
        return results
    }
}
