import Foundation
import Testing

/// `kehu run` closes its state at exit as lua5.4 does: pending finalizers run, and one the
/// sandbox has to stop is named on stderr instead of being cut without a word.
@Suite struct FinalizerAtExitTests {
    @Test func pendingFinalizersRunAtExit() throws {
        let r = try Kehu.run(["run", "-e", "KEEP = setmetatable({}, { __gc = function() print('finalized') end }) print('end')"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "end\nfinalized\n")
        #expect(!r.stderr.contains("warning"), "\(r.stderr)")
    }

    @Test func aFinalizerThatNeverEndsIsStoppedAtExitWithAWarning() throws {
        let r = try Kehu.run(["run", "-e", "KEEP = setmetatable({}, { __gc = function() while true do end end }) print('end')"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "end\n")
        #expect(r.stderr.contains("kehu: warning: a __gc finalizer was stopped while the Lua state closed at (command line):1: instruction budget exhausted"), "\(r.stderr)")
    }

    @Test func aFinalizerAllocatingWithoutEndIsStoppedByTheMemoryCapAtExit() throws {
        let storm = "KEEP = setmetatable({}, { __gc = function() local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(1024) .. i end end })"
        let r = try Kehu.run(["run", "--max-memory", "32MB", "--timeout", "3600s", "-e", storm])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("a __gc finalizer was stopped while the Lua state closed"), "\(r.stderr)")
        #expect(r.stderr.contains("memory limit exceeded"), "\(r.stderr)")
    }
}
