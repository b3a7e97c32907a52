import Foundation
import Testing
@testable import KehuCore
@testable import KehuPlaybook
import LuaEngine

/// `kehu.client(code)` answers the first clients from their own rows and, past a few dozen,
/// from one pass over every client: a script sees the same tables either way.
@Suite struct ClientLookupTests {
    @Test func oneByOneAndAfterThePassTheTablesAreTheSame() throws {
        let store = try KehuDatabase.inMemory()
        _ = try SampleDealer(clients: 150, years: 2, seed: 11, asOf: "2026-11-25").write(to: store)
        let script = """
            local out = {}
            local function line(c)
              local m = c.metrics
              local n, sum = 0, 0
              for o in c:orders() do n = n + 1; sum = sum + o.amount end
              return table.concat({ c.code, c.name, m.abc, m.abc_year_ago, tostring(m.sales_365d), tostring(m.receivable),
                tostring(m.overdue), tostring(m.dormant), tostring(m.days_since_last_order), tostring(m.contact_count),
                tostring(n), string.format("%.2f", sum) }, "|")
            end
            for code in (...):gmatch("%S+") do out[#out + 1] = line(kehu.client(code)) end
            return table.concat(out, "\\n")
            """
        let codes = try store.read { db in try ClientDirectory.codes(db, asOf: "2026-11-25", filter: ClientFilter()) }
        #expect(codes.count == 150)
        func lines(_ list: [String]) throws -> String {
            let session = try PlaybookSession(playbook: try Playbook.load(folder: Playbook.shippedFolder(named: "standard")!), asOf: Day(iso: "2026-11-25")!)
            return try store.read { db in
                try session.runtime.using(db) {
                    try session.run(script, chunkName: "=t", args: [.string(LuaString(list.joined(separator: " ")))])
                }
            }.first?.stringValue ?? ""
        }
        // Fresh sessions: the first 64 clients alone, then the pass; reversed, other clients alone.
        let forward = try lines(codes)
        let backward = try lines(codes.reversed()).split(separator: "\n").reversed().joined(separator: "\n")
        #expect(forward.split(separator: "\n").count == 150)
        #expect(forward == backward)
        #expect(forward.contains("|A|") && forward.contains("|C|"))
    }
}
