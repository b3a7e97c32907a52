import Foundation
import Testing

/// Scripts that write: only with --allow-write, and all of a script's writes or none.
@Suite struct WriteScriptTests {
    static func dealer() throws -> URL {
        let dir = try Kehu.temporaryDirectory()
        #expect(try Kehu.run(["init"], cwd: dir).status == 0)
        try "code,name,kind,tags\nC1,华东商贸,channel,老客户\nC2,顺达批发,channel,\n"
            .write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        try "client,name,role\nC1,王芳,owner\n".write(to: dir.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        #expect(try Kehu.run(["import", "clients", "c.csv", "--quiet"], cwd: dir).status == 0)
        #expect(try Kehu.run(["import", "contacts", "p.csv", "--quiet"], cwd: dir).status == 0)
        return dir
    }

    /// What a reading script sees of C1: its tags, notes and interactions.
    static func state(_ dir: URL) throws -> String {
        let r = try Kehu.run(["run", "--as-of", "2026-11-25", "-e", """
            local c = kehu.client("C1")
            local n = 0
            for i in c:interactions{} do n = n + 1 end
            print(table.concat(c.tags, ";"), #(c.attributes.notes or {}), n)
            """], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test func withoutAllowWriteAWriteIsAClearErrorAndNothingChanges() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Self.state(dir)
        let r = try Kehu.run(["run", "-e", "kehu.tag('C1', '回款慢')"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("kehu.tag: writing needs --allow-write"))
        #expect(try Self.state(dir) == before)
        #expect(before == "老客户\t0\t0\n")
    }

    @Test func setAttributeWritesOneAttributeThatExportWritesBack() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try Kehu.run(["run", "--allow-write", "-e", "kehu.set_attribute('C1', '耕地亩数', 350); kehu.set_attribute('C1', 'crops', { '玉米', '小麦' })"], cwd: dir)
        #expect(w.status == 0, "\(w.stderr)")
        let r = try Kehu.run(["run", "-e", "local a = kehu.client('C1').attributes; print(a['耕地亩数'], a.crops[2])"], cwd: dir)
        #expect(r.stdout == "350\t小麦\n", "\(r.stdout)\(r.stderr)")
        let export = try Kehu.run(["export", "clients"], cwd: dir)
        #expect(export.stdout.contains(#""{""crops"":[""玉米"",""小麦""],""耕地亩数"":350}""#), "\(export.stdout)")
        let refused = try Kehu.run(["run", "-e", "kehu.set_attribute('C1', 'x', 1)"], cwd: dir)
        #expect(refused.status == 1 && refused.stderr.contains("kehu.set_attribute: writing needs --allow-write"), "\(refused.stderr)")
    }

    @Test func aFailingScriptsWritesAreRolledBack() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            kehu.tag("C1", "回款慢")
            kehu.add_interaction{ client = "C1", kind = "visit", contact = "王芳", summary = "送样品" }
            kehu.note("C1", "老板下月去德国看展")
            error("something went wrong after three writes")
            """
        let r = try Kehu.run(["run", "--allow-write", "--as-of", "2026-11-25", "-e", script], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("something went wrong after three writes"))
        #expect(r.stderr.contains("kehu: the script failed; nothing it wrote was kept"))
        #expect(try Self.state(dir) == "老客户\t0\t0\n")
    }

    @Test func aSucceedingScriptsWritesLandTogether() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            assert(kehu.tag("C1", "回款慢") == true)
            assert(kehu.tag("C1", "回款慢") == false)     -- already there
            assert(kehu.untag("C1", "老客户") == true)
            kehu.add_interaction{ client = "C1", kind = "拜访", contact = "王芳", cost = 120.5, summary = "送样品" }
            kehu.note("C1", "老板下月去德国看展")
            local ok, err = pcall(kehu.add_interaction, { client = "C1", kind = "visit", contact = "nobody" })
            print(ok, err)
            """
        let r = try Kehu.run(["run", "--allow-write", "--as-of", "2026-11-25", "-e", script], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "false\tclient C1 has no contact named nobody\n")
        #expect(try Self.state(dir) == "回款慢\t1\t1\n")
    }
}

@Suite struct OutputHelperTests {
    @Test func rowsPrintAsAlignedTableCSVAndJSON() throws {
        let dir = try WriteScriptTests.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = #"""
            local rows = { { code = "C1", name = "华东商贸", overdue = 1234.5, n = 3 },
                           { code = "C2", name = "顺达, \"批发\"", overdue = 0, n = 12 } }
            kehu.out.table(rows, { columns = { "code", "name", "overdue", "n" } })
            kehu.out.csv(rows, { columns = { "code", "name", "overdue" } })
            kehu.out.json({ rows = rows, total = 2 })
            """#
        let r = try Kehu.run(["run", "-e", script], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == #"""
            code  name            overdue   n
            ────  ────────────  ─────────  ──
            C1    华东商贸      ¥1,234.50   3
            C2    顺达, "批发"      ¥0.00  12
            code,name,overdue
            C1,华东商贸,1234.50
            C2,"顺达, ""批发""",0.00
            {"rows":[{"code":"C1","n":3,"name":"华东商贸","overdue":1234.5},{"code":"C2","n":12,"name":"顺达, \"批发\"","overdue":0}],"total":2}

            """#)
    }

    /// Which numbers are money is declared (the registries), not guessed from a name: a ratio
    /// that starts like a money field shows as a number, and a script names its own money.
    @Test func moneyIsWhatTheRegistriesDeclare() throws {
        let dir = try WriteScriptTests.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = #"""
            local rows = { { sales_365 = 1500, sales_ratio = 0.25, costly = 3, total = 99.5 } }
            kehu.out.table(rows, { columns = { "sales_365", "sales_ratio", "costly", "total" }, money = { "total" } })
            kehu.out.csv(rows, { columns = { "sales_ratio", "total" }, money = { "total" } })
            print(kehu.format(2, "credit_headroom"), kehu.format(2, "d90_plus"), kehu.format(2, "budget_share"))
            print(pcall(kehu.out.table, rows, { money = "total" }))
            """#
        let r = try Kehu.run(["run", "-e", script], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == #"""
            sales_365  sales_ratio  costly   total
            ─────────  ───────────  ──────  ──────
            ¥1,500.00         0.25       3  ¥99.50
            sales_ratio,total
            0.25,99.50
            ¥2.00	¥2.00	2
            false	bad argument #2 to 'kehu.out.table' (field 'money' must be a list of column names, got string)

            """#, "\(r.stdout)")
    }

    @Test func trustedScriptsGetEveryLibraryAndSandboxedOnesDoNot() throws {
        let dir = try WriteScriptTests.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sandboxed = try Kehu.run(["run", "-e", "print(io == nil, kehu.client('C1').name)"], cwd: dir)
        #expect(sandboxed.stdout == "true\t华东商贸\n")
        let trusted = try Kehu.run(["run", "--trust", "-e", "print(io ~= nil, kehu.client('C1').name)"], cwd: dir)
        #expect(trusted.stdout == "true\t华东商贸\n")
    }
}
