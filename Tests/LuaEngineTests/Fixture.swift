import CLua
import Foundation
import Testing
@testable import LuaEngine

/// A fresh state per test that records `print` output and checks the stack is balanced.
final class Fixture {
    let lua: LuaState

    init(profile: LuaProfile = .sandboxed, limits: LuaLimits? = nil, seed: Int64? = 1,
         clock: LuaClock? = nil, loader: LuaModuleLoader? = nil) throws {
        let sink = OutputBox()
        lua = try LuaState(profile: profile, limits: limits, seed: seed, clock: clock,
                           output: { sink.text += $0 }, moduleLoader: loader)
        self.sink = sink
    }

    private let sink: OutputBox
    var printed: String { sink.text }

    /// Runs a chunk and returns its results, checking the stack is left as it was.
    @discardableResult
    func run(_ code: String, limits: LuaLimits? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> [LuaValue] {
        let before = lua_gettop(lua.L)
        defer { #expect(lua_gettop(lua.L) == before, "stack unbalanced", sourceLocation: sourceLocation) }
        return try lua.run(code, chunkName: "=t", limits: limits)
    }

    /// Runs a chunk that must fail and returns the error.
    func failure(_ code: String, limits: LuaLimits? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> LuaError? {
        let before = lua_gettop(lua.L)
        defer { #expect(lua_gettop(lua.L) == before, "stack unbalanced", sourceLocation: sourceLocation) }
        do {
            try lua.run(code, chunkName: "=t", limits: limits)
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return nil
        } catch let e as LuaError {
            return e
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

final class OutputBox: @unchecked Sendable { var text = "" }
