import Foundation
import Testing
@testable import KehuCore
import LuaEngine
@testable import KehuPlaybook

/// The reference and the editor stub are generated from the registry; the checked-in copies
/// must be what it generates now (regenerate: kehu api --markdown > docs/lua-api.md;
/// kehu api --luals > docs/kehu.d.lua).
@Suite struct APIDocsTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs")

    @Test func theCheckedInReferenceAndStubMatchTheRegistry() throws {
        let md = try String(contentsOf: Self.docs.appendingPathComponent("lua-api.md"), encoding: .utf8)
        let stub = try String(contentsOf: Self.docs.appendingPathComponent("kehu.d.lua"), encoding: .utf8)
        #expect(md == APIDocs.markdown(), "docs/lua-api.md is stale: kehu api --markdown > docs/lua-api.md")
        #expect(stub == APIDocs.luaLS(), "docs/kehu.d.lua is stale: kehu api --luals > docs/kehu.d.lua")
        for f in KehuAPI.functions {
            #expect(md.contains("### `\(APIDocs.signature(f))`"), "\(f.name)")
            #expect(stub.contains("function \(f.isMethod ? "Client:" + f.key : f.name)("), "\(f.name)")
        }
    }

    @Test func theStubIsValidLua() throws {
        _ = try ChunkListing(source: Array(APIDocs.luaLS().utf8), chunkName: "=kehu.d.lua")
    }

    @Test func theDocumentedFieldsAreTheFieldsAClientTableHas() throws {
        let store = try Dealer.make()
        let session = try Dealer.session()
        let keys: [String] = try store.writer.read { db in
            try session.runtime.using(StoreConnection(db)) {
                let r = try session.run("""
                    local c = kehu.client("K1")
                    local out = {}
                    for k in pairs(c) do out[#out + 1] = k end
                    for k in pairs(c.metrics) do out[#out + 1] = "metrics." .. k end
                    table.sort(out)
                    return out
                    """, chunkName: "=fields")
                return (r.first?.tableValue?.array ?? []).compactMap(\.stringValue)
            }
        }
        let documented = Set(APIDocs.clientFields.map(\.name) + APIDocs.metricsFields.map { "metrics." + $0.name })
        // Every field a client has is documented; every documented field that is never nil is there.
        #expect(Set(keys).subtracting(documented).isEmpty, "undocumented: \(Set(keys).subtracting(documented).sorted())")
        let required = APIDocs.clientFields.filter { !$0.type.hasSuffix("?") }.map(\.name)
            + APIDocs.metricsFields.filter { !$0.type.hasSuffix("?") }.map { "metrics." + $0.name }
        #expect(Set(required).subtracting(keys).isEmpty, "missing: \(Set(required).subtracting(keys).sorted())")
    }

    /// The playbook guide's field tables are the registries' (between their markers).
    @Test func theGuidesGeneratedTablesMatchTheRegistries() throws {
        let guide = try String(contentsOf: Self.docs.appendingPathComponent("playbooks.md"), encoding: .utf8)
        for (name, _) in APIDocs.guideSections {
            #expect(guide.contains("<!-- generated: \(name) "), "docs/playbooks.md has no section \(name)")
        }
        #expect(APIDocs.fill(guide) == guide, "docs/playbooks.md is stale: kehu api --fill docs/playbooks.md")
    }

    /// Every example that shows its result (`expr  -- "value"`) gives that result: a
    /// documented example can never disagree with the code.
    @Test func everyExampleWithAResultGivesIt() throws {
        let session = try PlaybookSession(playbook: nil, asOf: Day(iso: "2026-11-25")!)
        var checked = 0
        for f in KehuAPI.functions {
            guard let m = f.example.firstMatch(of: /^(?:local [a-z_]+ = )?(.+?)\s+--\s+("[^"]*"|-?[0-9][0-9.]*)/) else { continue }
            let (expr, want) = (String(m.1), String(m.2))
            let r = try session.run("""
                local c = { metrics = { overdue = 12345 } }
                local got = \(expr)
                return got == \(want), tostring(got)
                """, chunkName: "=\(f.name) example")
            #expect(r.first == .boolean(true), "\(f.name): \(f.example) gives \(r.count > 1 ? r[1].description : "?")")
            checked += 1
        }
        #expect(checked >= 8, "only \(checked) examples show a result")
    }

    /// Everything the live `kehu` module holds is in the registry (functions, values, `out`).
    @Test func everyNameOfTheModuleIsDeclared() throws {
        let session = try PlaybookSession(playbook: nil, asOf: Day(iso: "2026-11-25")!)
        let r = try session.run("""
            local out = {}
            for k, v in pairs(kehu) do out[#out + 1] = "kehu." .. k end
            for k in pairs(kehu.out) do out[#out + 1] = "kehu.out." .. k end
            return out
            """, chunkName: "=names")
        let names = Set((r.first?.tableValue?.array ?? []).compactMap(\.stringValue))
        let declared = Set(KehuAPI.functions.filter { !$0.isMethod }.map(\.name) + KehuAPI.values.map(\.name) + ["kehu.out"])
        #expect(names.subtracting(declared).isEmpty, "undeclared: \(names.subtracting(declared).sorted())")
        #expect(declared.subtracting(names).isEmpty, "declared but absent: \(declared.subtracting(names).sorted())")
    }

    /// What a test file gets besides kehu is what the registry declares (``KehuAPI/testGlobals``).
    @Test func theTestGlobalsAreDeclared() throws {
        let session = try PlaybookSession(playbook: nil, asOf: Day(iso: "2026-11-25")!)
        let env = try session.lua.newEnvironment()
        try session.installTestHelpers(into: env)
        let plain = try session.lua.newEnvironment()
        let list = try session.lua.load("""
            local env, plain = ...
            local out = {}
            for k in pairs(env) do if plain[k] == nil and k ~= "expect" and k ~= "playbook" then out[#out + 1] = k end end
            for k in pairs(env.expect) do out[#out + 1] = "expect." .. k end
            return out
            """, chunkName: "=globals")
        let r = try session.lua.call(list, [.reference(env), .reference(plain)])
        let names = Set((r.first?.tableValue?.array ?? []).compactMap(\.stringValue))
        #expect(names == Set(KehuAPI.testGlobals.map(\.name)), "installed \(names.sorted()), declared \(KehuAPI.testGlobals.map(\.name).sorted())")
    }

    /// The rows of c:orders{}, c:payments{} and c:interactions{} have the fields the registry
    /// declares for their tables, and the stub names their classes.
    @Test(arguments: [(ImportTable.orders, "orders"), (.payments, "payments"), (.interactions, "interactions"), (.contacts, "contacts")])
    func aClientsRowsHaveTheRegistrysFields(_ table: ImportTable, _ method: String) throws {
        let store = try Dealer.make()
        let session = try Dealer.session()
        let keys: [String] = try store.writer.read { db in
            try session.runtime.using(StoreConnection(db)) {
                let r = try session.run("""
                    local seen, out = {}, {}
                    for c in kehu.clients{} do
                      local rows = c:\(method)\(method == "contacts" ? "()" : "{}")
                      if type(rows) == "table" then local i = 0; local list = rows; rows = function() i = i + 1; return list[i] end end
                      for row in rows do for k in pairs(row) do if not seen[k] then seen[k] = true; out[#out + 1] = k end end end
                    end
                    return out
                    """, chunkName: "=rows")
                return (r.first?.tableValue?.array ?? []).compactMap(\.stringValue)
            }
        }
        // A contact also says when it was last contacted.
        let declared = ClientHistory.rowFields(table)
        let names = Set(declared.map(\.name) + (table == .contacts ? ["last_contact", "days_since_contact"] : []))
        #expect(!keys.isEmpty, "the dealer has no \(method)")
        #expect(Set(keys).isSubset(of: names), "undeclared: \(Set(keys).subtracting(names))")
        let always = declared.filter { $0.required || $0.hasEmptyValue }.map(\.name)
        #expect(Set(always).isSubset(of: Set(keys)), "missing: \(Set(always).subtracting(keys))")
    }
}
