import Testing
import KehuCore
import LuaEngine
@testable import KehuPlaybook

@Suite struct KehuPlaybookTests {
    @Test func playbookSessionsAreSandboxedSeededAndSeeTheirDate() throws {
        var printed = ""
        let a = try PlaybookSession(asOf: Day(iso: "2026-11-25")!, output: { printed += $0 })
        let b = try PlaybookSession(asOf: Day(iso: "2026-11-25")!)
        let x = try a.run("print(io == nil, os.execute == nil); return math.random(1, 1000000), os.date('%Y-%m-%d')", chunkName: "=t")
        let y = try b.run("return math.random(1, 1000000), os.date('%Y-%m-%d')", chunkName: "=t")
        #expect(printed == "true\ttrue\n")
        #expect(x == y)
        #expect(x.last == "2026-11-25")
    }
}
