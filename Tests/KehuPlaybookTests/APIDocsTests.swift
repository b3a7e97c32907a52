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
}
