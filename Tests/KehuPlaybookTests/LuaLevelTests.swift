import KehuCore
import Foundation
import Testing
import LuaEngine
@testable import KehuPlaybook

/// The playbooks' own Lua tests (`Plugins/*/tests/*.lua`), run in the host's sandbox with
/// the real `kehu` module, and the API registry against the module it declares.
@Suite struct LuaLevelTests {
    static let plugins = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins")

    @Test(arguments: ["standard", "fmcg", "agri"])
    func aShippedPlaybooksLuaTestsPass(name: String) throws {
        let playbook = try Playbook.load(folder: Self.plugins.appendingPathComponent(name))
        let session = try PlaybookSession(playbook: playbook, asOf: Dealer.day)
        #expect(!session.testFiles.isEmpty)
        var count = 0
        for file in session.testFiles {
            for r in try session.runLuaTests(at: file) {
                count += 1
                #expect(r.passed, "\(name)/\(r.file): \(r.name): \(r.failure ?? "")")
            }
        }
        #expect(count >= 6)
    }

    /// The agri playbook's tests work their dates out from the as-of date: they hold on each
    /// side of every season's edge, and on the harvest days themselves.
    @Test(arguments: ["2026-01-31", "2026-02-01", "2026-07-31", "2026-08-01", "2026-12-31", "2027-07-31", "2028-02-29"])
    func agrisTestsHoldOnEverySeasonsEdge(asOf: String) throws {
        let playbook = try Playbook.load(folder: Self.plugins.appendingPathComponent("agri"))
        let session = try PlaybookSession(playbook: playbook, asOf: try #require(Day(iso: asOf)))
        for file in session.testFiles {
            for r in try session.runLuaTests(at: file) {
                #expect(r.passed, "as of \(asOf): \(r.file): \(r.name): \(r.failure ?? "")")
            }
        }
    }

    @Test func aFailingLuaTestIsReportedWithItsLocation() throws {
        let dir = try TempPlaybook(hooks: "return {}", test: """
            return {
              ["adds up"] = function() assert(1 + 1 == 2) end,
              ["a wrong expectation"] = function() assert(kehu.add_days("2026-11-25", 7) == "2026-12-01", "off by one") end,
            }
            """)
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        let results = try session.runLuaTests(at: session.testFiles[0])
        #expect(results.map(\.name) == ["a wrong expectation", "adds up"])
        #expect(results[0].failure?.contains("t.lua:3: off by one") == true)
        #expect(results[1].passed)
    }

    @Test func aFixtureTakesExactlyTheRegistrysColumnsAttributesIncluded() throws {
        let dir = try TempPlaybook(hooks: "return {}", test: """
            return {
              ["1 attributes"] = function()
                fixture { clients = { { code = "K1", name = "甲", kind = "channel", attributes = { ["渠道"] = "线上", level = 2, areas = { "东", "西" } } } } }
                local a = kehu.client("K1").attributes
                expect.eq(a, { ["渠道"] = "线上", level = 2, areas = { "东", "西" } })
              end,
              ["2 unknown column"] = function()
                fixture { clients = { { code = "K1", name = "甲", kind = "channel", no_such_column = "建材" } } }
              end,
              ["3 not an object"] = function()
                fixture { clients = { { code = "K1", name = "甲", kind = "channel", attributes = "x" } } }
              end,
            }
            """)
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        let r = try session.runLuaTests(at: session.testFiles[0])
        #expect(r[0].passed, "\(r[0].failure ?? "")")
        #expect(r[1].failure?.contains("no_such_column") == true, "\(r[1].failure ?? "")")
        #expect(r[2].failure?.contains("clients[1].attributes: expected a JSON object") == true, "\(r[2].failure ?? "")")
    }

    @Test func fixturesLoadRowsPerTestAndExpectShowsBothValues() throws {
        let dir = try TempPlaybook(hooks: "return {}", test: """
            local function data()
              fixture {
                clients = { { code = "K1", name = "甲", kind = "channel", credit_limit = 50000, payment_terms_days = 30, since = "2024-01-01" } },
                contacts = { { client = "K1", name = "王总", role = "owner" } },
                orders = { { client = "K1", date = "2026-10-01", amount = 1200.5 }, { client = "K1", date = "2026-11-01", amount = 800 } },
                payments = { { client = "K1", date = "2026-11-10", amount = 1000 } },
                interactions = { { client = "K1", date = "2026-11-20", kind = "visit", contact = "王总" } },
              }
            end
            return {
              ["1 metrics"] = function()
                data()
                local c = kehu.client("K1")
                expect.eq(c.metrics.sales_365, 2000.5)
                expect.eq(c.metrics.receivable, 1000.5)
                expect.eq(#c:contacts(), 1)
                expect.eq(score("K1").abc, "A")
                expect.eq(type(playbook.loyalty), "function")
              end,
              ["2 empty again"] = function() expect.eq(kehu.client("K1"), nil) end,
              ["3 wrong value"] = function()
                data()
                expect.eq(kehu.client("K1").name, "乙", "name")
              end,
              ["4 deep"] = function() expect.eq({ a = { 1, 2 } }, { a = { 1, 3 } }) end,
              ["5 bad row"] = function() fixture { orders = { { client = "K9", date = "2026-11-01", amount = 5 } } } end,
              ["6 unknown part"] = function() fixture { customers = {} } end,
            }
            """)
        let session = try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day)
        let r = try session.runLuaTests(at: session.testFiles[0])
        #expect(r.map(\.name) == ["1 metrics", "2 empty again", "3 wrong value", "4 deep", "5 bad row", "6 unknown part"])
        #expect(r[0].passed, "\(r[0].failure ?? "")")
        #expect(r[1].passed, "\(r[1].failure ?? "")")
        #expect(r[2].failure?.contains("t.lua:23: name: expected \"乙\", got \"甲\"") == true, "\(r[2].failure ?? "")")
        #expect(r[3].failure?.contains("t.lua:25: at a.2: expected 3, got 2") == true, "\(r[3].failure ?? "")")
        #expect(r[4].failure?.contains("t.lua:26: fixture: orders[1].client:") == true, "\(r[4].failure ?? "")")
        #expect(r[5].failure?.contains("t.lua:27: fixture: unknown part \"customers\"") == true, "\(r[5].failure ?? "")")
    }

    @Test func everyFunctionOfTheKehuModuleIsDeclaredAndEveryDeclarationExists() throws {
        let session = try PlaybookSession(asOf: Dealer.day)
        let r = try session.lua.run("""
            local names = {}
            for k, v in pairs(kehu) do
              if type(v) == "function" then names[#names + 1] = "kehu." .. k end
              if type(v) == "table" then
                for k2, v2 in pairs(v) do if type(v2) == "function" then names[#names + 1] = "kehu." .. k .. "." .. k2 end end
              end
            end
            local mt = getmetatable(setmetatable({}, {}))
            table.sort(names)
            return names
            """, chunkName: "=api")
        let inModule = Set((r.first?.tableValue?.array ?? []).compactMap(\.stringValue))
        let declared = Set(KehuAPI.functions.filter { !$0.isMethod }.map(\.name))
        #expect(inModule == declared)
        for f in KehuAPI.functions {
            #expect(!f.summary.isEmpty && !f.example.isEmpty, "\(f.name)")
        }
        // Client methods are declared for what the client metatable offers.
        let methods = try session.lua.run("""
            local c = ...
            local out = {}
            for _, m in ipairs({ "contacts", "orders", "payments", "interactions", "totals", "score", "history" }) do
              out[#out + 1] = type(c[m]) == "function" and ("client:" .. m) or nil
            end
            return out
            """, chunkName: "=m", args: [.reference(try session.clientTable(.init(code: "X", name: "x", kind: "channel"), nil))])
        #expect(Set((methods.first?.tableValue?.array ?? []).compactMap(\.stringValue)) == Set(KehuAPI.functions.filter(\.isMethod).map(\.name)))
    }

    @Test func dateMoneyAndTemplateFunctionsBehaveAsDeclared() throws {
        let session = try PlaybookSession(asOf: Dealer.day)
        let r = try session.lua.run("""
            return kehu.today(), kehu.add_days("2026-02-27", 2), kehu.days_between("2026-11-01", "2026-11-25"),
                   kehu.weekday("2026-11-25"), kehu.month_day("2024-02-29"), kehu.money(1234567.891),
                   kehu.money_short(123456), kehu.money_short(8500), kehu.template("{a}和{b}", { a = "甲", b = 2 }),
                   kehu.language(), os.date("%Y-%m-%d", os.time())
            """, chunkName: "=api")
        #expect(r == ["2026-11-25", "2026-03-01", 24, 3, "02-29", "¥1,234,567.89", "12.3万", "¥8,500", "甲和2", "zh", "2026-11-25"])
        let e = try #require(try? session.lua.run("return pcall(kehu.add_days, '11/25/2026', 1)", chunkName: "=e"))
        #expect(e.count == 2 && e[0] == false)
        #expect(e[1].stringValue?.contains("bad argument #1 to 'kehu.add_days' (date like 2026-11-25 within 1900-01-01…9999-12-31 expected") == true)
    }
}

@Suite struct PackCacheTests {
    @Test func installedPlaybooksUnpackIntoAFolderOnlyTheirOwnerCanRead() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let folder = try PlaybookPack.cacheFolder(environment: ["XDG_CACHE_HOME": base.path])
        #expect(folder.path == base.appendingPathComponent("kehu/playbooks").path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o700)
    }
}
