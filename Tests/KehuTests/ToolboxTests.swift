import Foundation
import Testing

/// The shipped toolbox scripts (`Plugins/toolbox`) run as a power user runs them, on a small
/// dealer whose every answer was worked out by hand (see `dealer()`).
@Suite struct ToolboxTests {
    /// Nine clients of three reps, as of 2026-11-25. The trailing year is 2025-11-26…2026-11-25,
    /// the year before it 2024-11-26…2025-11-25.
    ///
    /// - Sales: both years total ¥1,000,000. Now C01 450k, C06 200k, C07 150k, C02 100k, C03 50k,
    ///   C04 30k, C05 20k, C08/C09 none; a year ago C01 400k, C02 250k, C04 150k, C05 100k,
    ///   C03 50k, C06 30k, C07 20k. The cumulative shares land exactly on 80 % and 95 %, so the
    ///   classes now are A: C01 C06 C07, B: C02 C03, C: the rest; a year ago A: C01 C02 C04,
    ///   B: C05 C03, C: the rest. Drops: C02 A→B, C04 A→C, C05 B→C.
    /// - Receivables (payments cover the oldest orders first; days past terms in brackets):
    ///   王伟: C01 150k (11), C02 40k (46) + 30k (159), C08 5k (785);
    ///   李娜: C03 25k not yet due, C04 20k (290), C07 50k not yet due + 20k (147);
    ///   张强: C05 10k (220), C06 50k not yet due + 30,000.50 (88), C09 nothing.
    /// - Dormant (≥ 4 orders, quiet ≥ 60 days and > 3 × the mean interval): C08 (815 days quiet,
    ///   3 × 61.3), C04 (350 days, 3 × 91.25; last contact a visit 116 days ago). C05 is quiet
    ///   250 days but its rhythm is 146.3 days, so it is not.
    /// - Birthdays from 11-25: 老王 today, 陈经理 and 郑总 in 3, 刘总 in 7 (the edge of the
    ///   7-day window), 孙店长 in 8, 王总 in 25, 赵会计 01-03 in 39 (over the new year), 周老板
    ///   02-29 on 2027-02-28 in 95; 吴经理's was yesterday.
    /// - Entertainment in the year: C09 1,200 without sales, C02 8,000 (8 %), C06 3,000 (1.5 %),
    ///   C01 4,500.50 (1.0001 %), C07 600 on 2025-11-26 (0.4 %); C04's 5,000 on 2025-11-20 is
    ///   outside the year.
    /// - Complaints against 24 h / 72 h: see `complaintsPastTheirStandards`.
    static func dealer() throws -> URL {
        let dir = try Kehu.temporaryDirectory()
        let files: [(table: String, csv: String)] = [
            ("clients", """
                code,name,kind,region,owner,credit_limit,payment_terms_days
                C01,华东商贸,channel,华东,王伟,300000,30
                C02,顺达批发,channel,华东,王伟,150000,30
                C03,老王五金,terminal,华南,李娜,50000,15
                C04,新星建材,channel,华南,李娜,100000,60
                C05,金鹏装饰,partner,华北,张强,80000,30
                C06,鑫源贸易,channel,华北,张强,120000,45
                C07,恒通物流,partner,华东,李娜,100000,30
                C08,美家家居,terminal,华北,王伟,20000,15
                C09,福临酒店,terminal,华北,张强,0,0
                """),
            ("contacts", """
                client,name,role,birthday
                C01,陈经理,buyer,11-28
                C01,王总,owner,1975-12-20
                C02,刘总,owner,12-02
                C02,赵会计,finance,1988-01-03
                C03,老王,owner,11-25
                C04,孙店长,store_manager,12-03
                C05,郑总,owner,1980-11-28
                C06,周老板,owner,02-29
                C06,钱采购,buyer,
                C07,吴经理,buyer,11-24
                """),
            ("orders", """
                code,client,date,amount
                O01,C01,2025-01-10,200000
                O02,C01,2025-06-15,200000
                O03,C01,2026-03-10,150000
                O04,C01,2026-07-20,150000
                O05,C01,2026-10-15,150000
                O06,C02,2025-02-01,100000
                O07,C02,2025-08-01,150000
                O08,C02,2026-05-20,60000
                O09,C02,2026-09-10,40000
                O10,C03,2025-03-15,20000
                O11,C03,2025-09-15,30000
                O12,C03,2026-02-10,25000
                O13,C03,2026-11-10,25000
                O14,C04,2024-12-10,40000
                O15,C04,2025-02-10,40000
                O16,C04,2025-04-10,40000
                O17,C04,2025-06-10,30000
                O18,C04,2025-12-10,30000
                O19,C05,2025-01-05,50000
                O20,C05,2025-05-05,50000
                O21,C05,2026-01-20,10000
                O22,C05,2026-03-20,10000
                O23,C06,2025-10-01,30000
                O24,C06,2026-01-15,50000
                O25,C06,2026-04-15,50000
                O26,C06,2026-07-15,50000
                O27,C06,2026-10-20,50000
                O28,C07,2025-11-20,20000
                O29,C07,2026-02-01,50000
                O30,C07,2026-06-01,50000
                O31,C07,2026-11-01,50000
                O32,C08,2024-03-01,5000
                O33,C08,2024-05-01,5000
                O34,C08,2024-07-01,5000
                O35,C08,2024-09-01,5000
                """),
            ("payments", """
                code,client,date,amount
                P01,C01,2025-02-20,200000
                P02,C01,2025-07-20,200000
                P03,C01,2026-04-15,150000
                P04,C01,2026-08-25,150000
                P05,C02,2025-03-01,100000
                P06,C02,2025-09-01,150000
                P07,C02,2026-06-30,30000
                P08,C03,2025-03-20,20000
                P09,C03,2025-09-20,30000
                P10,C03,2026-02-15,25000
                P11,C04,2025-01-10,40000
                P12,C04,2025-03-10,40000
                P13,C04,2025-05-10,40000
                P14,C04,2025-07-10,30000
                P15,C04,2026-03-01,10000
                P16,C05,2025-02-05,50000
                P17,C05,2025-06-05,50000
                P18,C05,2026-02-20,10000
                P19,C06,2025-11-10,30000
                P20,C06,2026-03-01,50000
                P21,C06,2026-06-01,50000
                P22,C06,2026-08-01,19999.50
                P23,C07,2025-12-20,20000
                P24,C07,2026-03-01,50000
                P25,C07,2026-07-01,30000
                P26,C08,2024-04-01,5000
                P27,C08,2024-06-01,5000
                P28,C08,2024-08-01,5000
                """),
            ("interactions", """
                client,date,kind,contact,cost,summary,answered,resolved
                C01,2026-02-15,entertainment,王总,3000,春节宴请,,
                C01,2026-09-20,entertainment,陈经理,1500.50,中秋聚餐,,
                C01,2026-11-20,visit,王总,,季度拜访,,
                C01,2026-09-05,complaint,陈经理,,到货破损,2026-09-06 10:30,2026-09-07 18:00
                C01,2026-11-10,complaint,陈经理,,发票错误,2026-11-10 15:00,2026-11-12 09:00
                C02,2026-06-10,entertainment,刘总,8000,端午宴请,,
                C02,2026-10-20,complaint,刘总,,送货延误,2026-10-21 00:00,2026-10-25
                C03,2026-11-24,complaint,,,价格异议,,
                C03,2026-11-25,complaint,老王,,少发两箱,,
                C04,2025-11-20,entertainment,孙店长,5000,年底答谢,,
                C04,2026-08-01,visit,孙店长,,催单,,
                C05,2025-11-24,complaint,郑总,,质量问题,2025-11-27 10:00,2025-12-20 10:00
                C05,2025-12-01,complaint,郑总,,包装破损,2025-12-01 09:00,2025-12-04 00:00
                C05,2026-11-21,complaint,郑总,,退货未处理,,
                C06,2026-05-01,entertainment,周老板,3000,开业宴请,,
                C06,2026-11-20,complaint,周老板,,色差,2026-11-20 11:00,
                C06,2026-11-23,complaint,钱采购,,漏发配件,2026-11-27 10:00,
                C07,2025-11-26,entertainment,吴经理,600,工作餐,,
                C07,2026-08-01,complaint,吴经理,,发错型号,2026-08-03 09:15,2026-08-10 17:00
                C09,2026-10-08,entertainment,,1200,酒店洽谈,,
                """),
        ]
        let initialised = try Kehu.run(["init"], cwd: dir)
        try #require(initialised.status == 0, "\(initialised.stderr)")
        for (table, csv) in files {
            try (csv + "\n").write(to: dir.appendingPathComponent("\(table).csv"), atomically: true, encoding: .utf8)
            let r = try Kehu.run(["import", table, "\(table).csv", "--as-of", "2026-11-25", "--quiet"], cwd: dir)
            try #require(r.status == 0, "import \(table): \(r.stderr)")
        }
        return dir
    }

    /// `kehu run --db kehu.db --as-of DATE toolbox/NAME ARGS…` in `dir`. Options go before the
    /// script's name: everything after it is the script's.
    static func toolbox(_ name: String, _ args: [String] = [], in dir: URL, asOf: String = "2026-11-25") throws -> Kehu.Result {
        try Kehu.run(["run", "--db", "kehu.db", "--as-of", asOf, "toolbox/\(name)"] + args, cwd: dir)
    }

    /// Runs a script that should succeed and gives what it printed.
    static func output(_ name: String, _ args: [String] = [], in dir: URL, asOf: String = "2026-11-25") throws -> String {
        let r = try toolbox(name, args, in: dir, asOf: asOf)
        #expect(r.status == 0, "toolbox/\(name) \(args): \(r.stderr)")
        #expect(r.stderr.isEmpty, "toolbox/\(name) \(args): \(r.stderr)")
        return r.stdout
    }

    @Test func ageingByRepWithATotalAndOneRepAlone() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.output("ageing", in: dir) == """
            owner  clients   receivable        d1_30      d31_60      d61_90    d90_plus      overdue
            ─────  ───────  ───────────  ───────────  ──────────  ──────────  ──────────  ───────────
            王伟         3  ¥225,000.00  ¥150,000.00  ¥40,000.00       ¥0.00  ¥35,000.00  ¥225,000.00
            张强         2   ¥90,000.50        ¥0.00       ¥0.00  ¥30,000.50  ¥10,000.00   ¥40,000.50
            李娜         3  ¥115,000.00        ¥0.00       ¥0.00       ¥0.00  ¥40,000.00   ¥40,000.00
            total        8  ¥430,000.50  ¥150,000.00  ¥40,000.00  ¥30,000.50  ¥85,000.00  ¥305,000.50

            """)
        #expect(try Self.output("ageing", ["李娜"], in: dir) == """
            owner  clients   receivable  d1_30  d31_60  d61_90    d90_plus     overdue
            ─────  ───────  ───────────  ─────  ──────  ──────  ──────────  ──────────
            李娜         3  ¥115,000.00  ¥0.00   ¥0.00   ¥0.00  ¥40,000.00  ¥40,000.00

            """)
        #expect(try Self.output("ageing", ["王五"], in: dir) == "no clients with owner 王五\n")
        // Before any order nothing is owed.
        #expect(try Self.output("ageing", in: dir, asOf: "2024-01-01") == "no receivables as of 2024-01-01\n")
    }

    @Test func abcDropsAgainstAYearEarlier() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.output("abc_drops", in: dir) == """
            code  name      owner  class    sales_365  sales_365_year_ago  growth_yoy
            ────  ────────  ─────  ─────  ───────────  ──────────────────  ──────────
            C02   顺达批发  王伟   A → B  ¥100,000.00         ¥250,000.00      -60.0%
            C04   新星建材  李娜   A → C   ¥30,000.00         ¥150,000.00      -80.0%
            C05   金鹏装饰  张强   B → C   ¥20,000.00         ¥100,000.00      -80.0%

            """)
    }

    @Test func birthdaysInTheNextDaysOverTheNewYearAndTwentyNinthFebruary() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        let week = """
            day    in_days  code  name      contact  role
            ─────  ───────  ────  ────────  ───────  ─────
            11-25        0  C03   老王五金  老王     owner
            11-28        3  C01   华东商贸  陈经理   buyer
            11-28        3  C05   金鹏装饰  郑总     owner
            12-02        7  C02   顺达批发  刘总     owner

            """
        #expect(try Self.output("birthdays", in: dir) == week)
        #expect(try Self.output("birthdays", ["7"], in: dir) == week)
        #expect(try Self.output("birthdays", ["40"], in: dir) == """
            day    in_days  code  name      contact  role
            ─────  ───────  ────  ────────  ───────  ─────────────
            11-25        0  C03   老王五金  老王     owner
            11-28        3  C01   华东商贸  陈经理   buyer
            11-28        3  C05   金鹏装饰  郑总     owner
            12-02        7  C02   顺达批发  刘总     owner
            12-03        8  C04   新星建材  孙店长   store_manager
            12-20       25  C01   华东商贸  王总     owner
            01-03       39  C02   顺达批发  赵会计   finance

            """)
        // 2027 has no 29 February: 周老板's birthday is kept on the 28th, 95 days ahead.
        let hundred = try Self.output("birthdays", ["100"], in: dir)
        #expect(hundred.hasSuffix("01-03       39  C02   顺达批发  赵会计   finance\n02-29       95  C06   鑫源贸易  周老板   owner\n"))
        #expect(hundred.split(separator: "\n").count == 10)
        // The week's path (metrics.special_days) also keeps it on the 28th.
        #expect(try Self.output("birthdays", in: dir, asOf: "2027-02-22") == """
            day    in_days  code  name      contact  role
            ─────  ───────  ────  ────────  ───────  ─────
            02-29        6  C06   鑫源贸易  周老板   owner

            """)
        #expect(try Self.output("birthdays", ["2"], in: dir) == """
            day    in_days  code  name      contact  role
            ─────  ───────  ────  ────────  ───────  ─────
            11-25        0  C03   老王五金  老王     owner

            """)
        #expect(try Self.output("birthdays", ["1"], in: dir, asOf: "2026-12-05")
                == "no birthdays in the next 1 day (2026-12-05 to 2026-12-06)\n")
        let bad = try Self.toolbox("birthdays", ["-3"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("kehu: toolbox/birthdays: DAYS must be a whole number of days, 0 or more; got '-3'\n"))
    }

    @Test func dormantClientsLongestQuietFirst() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.output("dormant", in: dir) == """
            code  name      last_order  days_since_order  days_since_contact  owner
            ────  ────────  ──────────  ────────────────  ──────────────────  ─────
            C08   美家家居  2024-09-01               815                   —  王伟
            C04   新星建材  2025-12-10               350                 116  李娜

            """)
        #expect(try Self.output("dormant", in: dir, asOf: "2024-06-01") == "no dormant clients as of 2024-06-01\n")
        // An option after the script's name would reach the script, not kehu run: refused.
        let misplaced = try Kehu.run(["run", "--db", "kehu.db", "toolbox/dormant", "--as-of", "2024-06-01"], cwd: dir)
        #expect(misplaced.status == 1)
        #expect(misplaced.stdout.isEmpty)
        #expect(misplaced.stderr.hasPrefix("kehu: note: --as-of after the script's name goes to the script; kehu run's own options come before it\n"))
        #expect(misplaced.stderr.contains("toolbox/dormant: --as-of belongs to kehu run, before the script's name"))
    }

    @Test func entertainmentAgainstSalesWithTotals() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.output("entertainment", in: dir) == """
            code  name      owner  entertainment_365    sales_365  share
            ────  ────────  ─────  ─────────────────  ───────────  ─────
            C09   福临酒店  张强           ¥1,200.00        ¥0.00      —
            C02   顺达批发  王伟           ¥8,000.00  ¥100,000.00   8.0%
            C06   鑫源贸易  张强           ¥3,000.00  ¥200,000.00   1.5%
            C01   华东商贸  王伟           ¥4,500.50  ¥450,000.00   1.0%
            C07   恒通物流  李娜             ¥600.00  ¥150,000.00   0.4%
            5 clients: entertainment ¥17,300.50 against sales ¥900,000.00 (1.9%)

            """)
    }

    /// Against 24 h to answer and 72 h to resolve, as of the end of 2026-11-25:
    /// C07 08-01 answered after 57.25 h, resolved after 9 days: both late. C01 09-05 answered
    /// after 34.5 h (late), resolved after 66 h. C01 11-10 on time (15 h, 57 h): not shown.
    /// C02 10-20 answered at exactly 24 h (on time), resolved on 10-25 00:00, 120 h: late.
    /// C06 11-20 answered after 11 h, unresolved for 144 h: late. C05 11-21 untouched for
    /// 120 h: both late. C06 11-23 answered on 11-27, after the as-of day, so not yet: 72 h
    /// unanswered is late, 72 h unresolved is not. C03 11-24 untouched for 48 h: answer late.
    /// C03 11-25 is 24 h old: not late. C05 2025-12-01 resolved at exactly 72 h: on time.
    /// C05 2025-11-24 is more than 365 days back.
    @Test func complaintsPastTheirStandards() throws {
        let dir = try Self.dealer()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.output("complaints", in: dir) == """
            date        code  name      contact  answered          resolved          late
            ──────────  ────  ────────  ───────  ────────────────  ────────────────  ───────────────
            2026-08-01  C07   恒通物流  吴经理   2026-08-03 09:15  2026-08-10 17:00  answer, resolve
            2026-09-05  C01   华东商贸  陈经理   2026-09-06 10:30  2026-09-07 18:00  answer
            2026-10-20  C02   顺达批发  刘总     2026-10-21 00:00  2026-10-25 00:00  resolve
            2026-11-20  C06   鑫源贸易  周老板   2026-11-20 11:00  —                 resolve
            2026-11-21  C05   金鹏装饰  郑总     —                 —                 answer, resolve
            2026-11-23  C06   鑫源贸易  钱采购   —                 —                 answer
            2026-11-24  C03   老王五金  —        —                 —                 answer

            """)
        #expect(try Self.output("complaints", in: dir, asOf: "2025-06-01")
                == "no complaints past the 24 h / 72 h standards in the year to 2025-06-01\n")
    }

    @Test func listShowsEveryToolboxScriptWithWhatItDoes() throws {
        let r = try Kehu.run(["run", "--list"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let scripts = [
            ("toolbox/ageing", "Receivables ageing by sales rep: what each rep's clients owe, and how long past terms."),
            ("toolbox/abc_drops", "Clients whose ABC class dropped against a year earlier (A→B, A→C, B→C)."),
            ("toolbox/birthdays", "Birthdays and special days of the clients' people in the next N days (default 7)."),
            ("toolbox/dormant", "Dormant clients: ordered regularly, now quiet well past their own rhythm."),
            ("toolbox/entertainment", "Entertainment cost against sales by client, over the trailing year."),
            ("toolbox/complaints", "Complaints of the last year answered or resolved later than the standards."),
        ]
        for (name, about) in scripts {
            #expect(lines.contains { $0.hasPrefix(name + " ") && $0.hasSuffix("  " + about) }, "\(name) missing from:\n\(r.stdout)")
        }
    }
}
