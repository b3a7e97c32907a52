import Foundation
import Testing
import LuaEngine

@Suite struct ChunkListingTests {
    func assignments(_ source: String) throws -> [String] {
        try ChunkListing(source: Array(source.utf8), chunkName: "@t.lua").globalAssignments.map { "\($0.name)@\($0.line)" }
    }

    @Test func findsStoresIntoGlobalsAndNothingElse() throws {
        let source = """
            x = 1
            local y = 2
            function f(a) z = a end
            local function g() local w = 1; w = 2; y = 3 end
            local t = {}
            t.k = 1
            return function() return x, q end
            """
        #expect(try assignments(source) == ["x@1", "f@3", "z@3"])
    }

    @Test func linesAreRightFarIntoALongFile() throws {
        // More than 127 lines between instructions and more than 128 instructions in one
        // function: both make Lua record absolute lines, which the listing must follow.
        let gap = String(repeating: "\n", count: 300)
        let body = (1...200).map { "local v\($0) = \($0)" }.joined(separator: "\n")
        let source = "a = 1" + gap + "b = 2\nfunction h()\n" + body + "\nc = 3\nend\n"
        #expect(try assignments(source) == ["a@1", "b@301", "h@302", "c@503"])
    }

    @Test func aSyntaxErrorIsLuasOwnMessage() throws {
        #expect {
            _ = try ChunkListing(source: Array("local x =\nif".utf8), chunkName: "@init.lua")
        } throws: { error in
            guard let e = error as? LuaError else { return false }
            return e.kind == .syntax && e.message.hasPrefix("init.lua:2:")
        }
    }

    @Test func binaryChunksAreRefused() throws {
        #expect(throws: LuaError.self) {
            _ = try ChunkListing(source: [0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00], chunkName: "=bin")
        }
    }
}
