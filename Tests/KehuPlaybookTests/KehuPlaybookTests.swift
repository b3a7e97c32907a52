import Testing
import LuaEngine
@testable import KehuPlaybook

@Suite struct KehuPlaybookTests {
    @Test func playbookStatesAreSandboxedAndSeeded() throws {
        var out = ""
        let a = try KehuPlaybook.makeState(seed: 7) { out += $0 }
        let b = try KehuPlaybook.makeState(seed: 7)
        let x = try a.run("print(io == nil, os.execute == nil); return math.random(1, 1000000)", chunkName: "=t")
        let y = try b.run("return math.random(1, 1000000)", chunkName: "=t")
        #expect(out == "true\ttrue\n")
        #expect(x == y)
    }
}
