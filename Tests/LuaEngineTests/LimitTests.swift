import Foundation
import Testing
@testable import LuaEngine

@Suite struct LimitTests {
    @Test func theMemoryCapEndsTheCallAndPcallCannotSwallowIt() throws {
        let f = try Fixture(limits: LuaLimits(memory: 8 << 20))
        let e = try #require(f.failure("""
            local n = 0
            while true do
              pcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end)
              n = n + 1
            end
            """))
        #expect(e.kind == .memory)
        // The state is still usable once the garbage is gone.
        #expect(try f.run("return 1 + 1") == [.integer(2)])
        #expect(f.lua.memoryInUse < 8 << 20)
    }

    @Test func stringRepPastTheCapIsAMemoryError() throws {
        let f = try Fixture(limits: LuaLimits(memory: 16 << 20))
        #expect(f.failure("local s = string.rep('x', 100 * 1024 * 1024)")?.kind == .memory)
    }

    @Test func theInstructionBudgetIsDeterministic() throws {
        func countTo(_ budget: Int64) throws -> (LuaError.Kind?, [LuaValue]) {
            let f = try Fixture(limits: LuaLimits(instructions: budget))
            try f.lua.setGlobal("counter", .reference(try f.lua.newTableRef(LuaTable(hash: ["n": 0]))))
            let e = f.failure("while true do counter.n = counter.n + 1 end")
            return (e?.kind, try f.run("return counter.n", limits: .unlimited))
        }
        let a = try countTo(100_000)
        let b = try countTo(100_000)
        #expect(a.0 == .instructions)
        #expect(a.1 == b.1)
        guard case .integer(let n) = a.1.first else { Issue.record("no count"); return }
        #expect(n > 10_000 && n < 100_000)
    }

    @Test func theInstructionBudgetReachesIntoCoroutinesAndPcall() throws {
        let f = try Fixture(limits: LuaLimits(instructions: 50_000))
        let e = f.failure("""
            local co = coroutine.wrap(function()
              while true do pcall(function() while true do end end) end
            end)
            while true do pcall(co) end
            """)
        #expect(e?.kind == .instructions)
    }

    @Test func theDeadlineEndsAnInfiniteLoopInACoroutine() throws {
        // Nothing but the deadline can end these loops, so the outcome does not depend on speed.
        let f = try Fixture(limits: LuaLimits(timeout: .milliseconds(100)))
        let e = f.failure("""
            local co = coroutine.create(function() while true do end end)
            while true do coroutine.resume(co) end
            """)
        #expect(e?.kind == .time)
        #expect(try f.run("return 'alive'") == ["alive"])
    }

    @Test func theDeadlineEndsLoopsInMetamethods() throws {
        let f = try Fixture(limits: LuaLimits(timeout: .milliseconds(50)))
        let e = f.failure("""
            local t = setmetatable({}, {__index = function() while true do end end})
            while true do pcall(function() return t.x end) end
            """)
        #expect(e?.kind == .time)
    }

    @Test func perCallLimitsOverrideTheState() throws {
        let f = try Fixture(limits: LuaLimits(instructions: 1_000))
        #expect(try f.run("local s = 0 for i = 1, 100000 do s = s + i end return s", limits: .unlimited) == [.integer(5_000_050_000)])
        #expect(f.failure("local s = 0 for i = 1, 100000 do s = s + i end return s")?.kind == .instructions)
    }

    @Test func anotherThreadCanInterruptARunningCall() throws {
        let f = try Fixture(limits: LuaLimits.unlimited)
        let handle = f.lua.interruptHandle
        let t = Thread {
            Thread.sleep(forTimeInterval: 0.1)
            handle.interrupt()
        }
        t.start()
        let e = f.failure("while true do end")
        #expect(e?.kind == .interrupted)
        #expect(try f.run("return 3") == [.integer(3)])
    }

    @Test func limitsAreReportedOncePerCallAndReset() throws {
        let f = try Fixture(limits: LuaLimits(instructions: 10_000))
        for _ in 0..<3 {
            #expect(f.failure("while true do end")?.kind == .instructions)
            #expect(try f.run("return 'ok'") == ["ok"])
        }
    }
}

@Suite struct LimitsAcrossCallsTests {
    @Test func aCoroutineMadeBeforeABudgetIsStillBoundByIt() throws {
        let f = try Fixture(limits: LuaLimits(memory: 64 << 20))
        let table = try f.lua.newTableRef()
        try f.lua.setGlobal("keep", .reference(table))
        try f.run("keep.co = coroutine.create(function() while true do end end)")
        let e = f.failure("coroutine.resume(keep.co)", limits: LuaLimits(memory: 64 << 20, instructions: 1_000_000))
        #expect(e?.kind == .instructions)
    }

    @Test func finalizersDoNotRunBetweenCallsWhereNothingLimitsThem() throws {
        let f = try Fixture(limits: LuaLimits(memory: 64 << 20, timeout: .seconds(1)))
        try f.lua.setGlobal("keep", .reference(try f.lua.newTableRef()))
        // Objects with looping finalizers, kept alive during this call, dropped by the next
        // (which allocates nothing, so no collection step runs inside it).
        try f.run("keep.list = {} for i = 1, 100 do keep.list[i] = setmetatable({}, {__gc = function() while true do end end}) end")
        try f.run("keep.list = nil")
        // The host allocates a lot between calls; with the collector running, this would run
        // the looping finalizers outside any limit and never return.
        for i in 0..<20_000 { try f.lua.setGlobal("g\(i % 10)", .string(LuaString(String(repeating: "x", count: 200)))) }
        // Inside the next call they run, and the deadline ends them.
        let e = f.failure("collectgarbage() collectgarbage()")
        #expect(e == nil || e?.kind == .time)
        #expect(try f.run("return 1") == [.integer(1)])
    }

    @Test func aMemoryErrorDoesNotCarryAnEarlierErrorsPosition() throws {
        let f = try Fixture(limits: LuaLimits(memory: 8 << 20))
        _ = f.failure("\n\n\nerror('first')")
        let e = f.failure("local t = {} for i = 1, 1e9 do t[i] = i end")
        #expect(e?.kind == .memory)
        #expect(e?.line != 4)
    }
}
