import KehuCore
import LuaEngine

/// The `kehu` Lua module, declared once. Functions with a body are Swift; the others are
/// written in Lua in ``KehuModule/prelude`` over the host helpers.
public enum KehuAPI {
    /// The API version this build offers (playbook manifests say which they target).
    public static var version: Int { Playbook.apiVersion }

    /// The module's values that are not functions.
    public static let values: [APIParameter] = [
        .init("kehu.api_version", "integer", "the API version this kehu offers; a manifest's `api` may not be higher"),
    ]

    /// The globals of playbook test files (`tests/*.lua`, run by `kehu playbook test`), besides
    /// `kehu` and `playbook` (the hooks in effect); see ``PlaybookFixture``.
    public static let testGlobals: [APIFunction] = [
        APIFunction("fixture", parameters: [.init("dataset", "{ clients?: table[], contacts?: table[], orders?: table[], payments?: table[], interactions?: table[] }", "rows per table")],
                    summary: "Replaces the test's data with these rows. Fields are the columns of `kehu import` (amounts in yuan, dates `YYYY-MM-DD`, `tags` a list); orders and payments without a `code` get one. Rows are checked as an import checks a CSV file: `fixture: clients[2].kind: expected one of upstream, partner, channel, terminal …`",
                    example: "fixture { clients = { { code = \"C1\", name = \"华东商贸\", kind = \"channel\" } } }"),
        APIFunction("score", parameters: [.init("code", "string", "a client of the fixture")],
                    returns: [.init("scores", "{ loyalty: number, strength: number, quadrant: string, abc: string, reason: string? }", "as `kehu score` makes them")],
                    summary: "Scores one client of the fixture as `kehu score` does.", example: "expect.eq(score(\"C1\").quadrant, \"develop\")"),
        APIFunction("expect.eq", parameters: [.init("actual", "any", ""), .init("expected", "any", ""), .init("what", "string?", "what is compared")],
                    summary: "Deep equality; on failure `tests/x.lua:12: what: at parts.2.name: expected \"a\", got \"b\"`.",
                    example: "expect.eq(kehu.client(\"C1\").kind, \"channel\")"),
        APIFunction("expect.near", parameters: [.init("actual", "number", ""), .init("expected", "number", ""), .init("tolerance", "number?", "default 1e-6"), .init("what", "string?", "")],
                    summary: "A number within a tolerance of another.", example: "expect.near(score(\"C1\").loyalty, 72.5, 0.1)"),
        APIFunction("expect.at_least", parameters: [.init("actual", "number", ""), .init("bound", "number", ""), .init("what", "string?", "")],
                    summary: "A number at least the bound.", example: "expect.at_least(score(\"C1\").strength, 50)"),
        APIFunction("expect.at_most", parameters: [.init("actual", "number", ""), .init("bound", "number", ""), .init("what", "string?", "")],
                    summary: "A number at most the bound.", example: "expect.at_most(score(\"LATE\").loyalty, 60)"),
        APIFunction("expect.truthy", parameters: [.init("value", "any", ""), .init("what", "string?", "")],
                    summary: "A true value (not false or nil).", example: "expect.truthy(kehu.client(\"C1\"))"),
        APIFunction("expect.falsy", parameters: [.init("value", "any", ""), .init("what", "string?", "")],
                    summary: "false or nil.", example: "expect.falsy(kehu.client(\"NOSUCH\"))"),
        APIFunction("expect.error", parameters: [.init("f", "fun()", "called"), .init("text", "string?", "expected in the message"), .init("what", "string?", "")],
                    summary: "`f` must raise, with `text` in its message.", example: "expect.error(function() score(\"NOSUCH\") end, \"no client\")"),
    ]

    /// Every public function of the module and of a client, in documentation order.
    public static var functions: [APIFunction] { dates + money + messages + data + output + writes + clientMethods }

    static let dates: [APIFunction] = [
        APIFunction("kehu.today", returns: [.init("date", "string", "the as-of date, YYYY-MM-DD")],
                    summary: "The date the run or script sees as today: its as-of date.",
                    example: "local today = kehu.today()  -- \"2026-11-25\"") { rt, _ in
            [str(rt.asOfString)]
        },
        APIFunction("kehu.add_days",
                    parameters: [.init("date", "string", "YYYY-MM-DD"), .init("n", "integer", "days; negative goes back")],
                    returns: [.init("date", "string", "YYYY-MM-DD")],
                    summary: "The date n days after date (before it when n is negative); an error when it falls outside 1900-01-01…9999-12-31.",
                    example: "kehu.add_days(\"2026-11-25\", 7)  -- \"2026-12-02\"") { _, args in
            let d = try day(args, 1)
            let n = try args.integer(2)
            let span = Int64(Day.supported.lowerBound.days(to: Day.supported.upperBound))
            guard n >= -span && n <= span, case let r = d.adding(days: Int(n)), Day.supported.contains(r) else {
                throw LuaRaise("kehu.add_days: \(d) \(n < 0 ? "-" : "+") \(n.magnitude) days falls outside \(rangeText), the dates kehu handles")
            }
            return [str(r.description)]
        },
        APIFunction("kehu.days_between",
                    parameters: [.init("a", "string", "YYYY-MM-DD"), .init("b", "string", "YYYY-MM-DD")],
                    returns: [.init("days", "integer", "b minus a, in days")],
                    summary: "Days from date a to date b: positive when b is later.",
                    example: "kehu.days_between(\"2026-11-01\", \"2026-11-25\")  -- 24") { _, args in
            [.integer(Int64(try day(args, 1).days(to: try day(args, 2))))]
        },
        APIFunction("kehu.weekday", parameters: [.init("date", "string", "YYYY-MM-DD")],
                    returns: [.init("weekday", "integer", "1 Monday … 7 Sunday")],
                    summary: "The day of the week, ISO style.",
                    example: "kehu.weekday(\"2026-11-25\")  -- 3 (Wednesday)") { _, args in
            [.integer(Int64(try day(args, 1).weekday))]
        },
        APIFunction("kehu.month_day", parameters: [.init("date", "string", "YYYY-MM-DD")],
                    returns: [.init("month_day", "string", "MM-DD")],
                    summary: "The month and day of a date, to compare with birthdays.",
                    example: "kehu.month_day(kehu.today()) == \"11-25\"") { _, args in
            [str(String(try day(args, 1).description.suffix(5)))]
        },
    ]

    static let money: [APIFunction] = [
        APIFunction("kehu.money", parameters: [.init("yuan", "number", "an amount in yuan")],
                    returns: [.init("text", "string", "like ¥12,345.00")],
                    summary: "An amount as people read it, with the yuan sign, thousands separators and fen.",
                    example: "kehu.money(c.metrics.overdue)  -- \"¥12,345.00\"") { _, args in
            [str(Money.yuan(try fen(args, 1)))]
        },
        APIFunction("kehu.money_short", parameters: [.init("yuan", "number", "an amount in yuan")],
                    returns: [.init("text", "string", "like ¥8,500, 12.3万 or 1.0亿 (¥8.5K, ¥123.5K, ¥100.00M in English)")],
                    summary: "An amount in the short form of conversation, in the run's language: ¥8,500 under ten thousand yuan, 万 from ten thousand, 亿 from a hundred million; in English ¥…K from a thousand, ¥…M from a million. Negative amounts start with -, as kehu.money writes them.",
                    example: "kehu.money_short(123456)  -- \"12.3万\" (\"¥123.5K\" with --lang en)") { rt, args in
            [str(Money.short(try fen(args, 1), language: rt.language))]
        },
    ]

    static let messages: [APIFunction] = [
        APIFunction("kehu.template",
                    parameters: [.init("text", "string", "with {name} placeholders; {{ and }} are literal braces"),
                                 .init("vars", "table", "values by name (strings or numbers)")],
                    returns: [.init("text", "string", "the filled text")],
                    summary: "Fills {name} placeholders from a table; a placeholder without a value is an error.",
                    example: "kehu.template(\"{name}您好\", { name = \"王总\" })  -- \"王总您好\"") { _, args in
            let text = try args.string(1)
            let vars = try variables(args, 2)
            do throws(Template.Missing) { return [str(try Template.render(text, vars))] } catch {
                throw LuaRaise("kehu.template: no value for {\(error.name.escapedForTerminal)}")
            }
        },
        APIFunction("kehu.message",
                    parameters: [.init("name", "string", "a [name] section of messages/<language>.txt"),
                                 .init("vars", "table?", "values for its placeholders")],
                    returns: [.init("text", "string", "the message in the run's language")],
                    summary: "A message template of the playbook (or of the standard playbook), filled, in the run's language.",
                    example: "kehu.message(\"birthday\", { contact = \"王总\", month_day = \"11-28\" })") { rt, args in
            let name = try args.string(1)
            let vars = try variables(args, 2)
            guard let template = rt.messages.template(name, language: rt.language) else {
                throw LuaRaise("kehu.message: no template [\(name)] in messages/\(rt.language).txt of this playbook or the standard one")
            }
            do throws(Template.Missing) { return [str(try Template.render(template, vars))] } catch {
                throw LuaRaise("kehu.message: template [\(name)] needs a value for {\(error.name)}")
            }
        },
        APIFunction("kehu.language", returns: [.init("language", "string", "\"zh\" or \"en\"")],
                    summary: "The language messages are drafted in (--lang; zh by default).",
                    example: "if kehu.language() == \"en\" then … end") { rt, _ in
            [str(rt.language)]
        },
        APIFunction("kehu.log", parameters: [.init("...", "any", "values, joined with tabs as print does")],
                    summary: "Writes a line to the run's log (standard error), not to the results.",
                    example: "kehu.log(\"skipping\", c.code, \"no contacts\")") { rt, args in
            var parts: [String] = []
            for i in 0..<args.count { parts.append(describe(try args.value(i + 1))) }
            rt.write(log: parts.joined(separator: "\t"))
            return []
        },
    ]

    static let data: [APIFunction] = [
        APIFunction("kehu.model", returns: [.init("model", "table", "`{ as_of, horizon_days, bgnbd = { r, alpha_days, a, b, log_likelihood, clients } | nil, bgnbd_problem, base_rhythm_days, quiet = { cut, clients, went_quiet, intercept, weights = { [feature] = w }, check = { fitted_at, checked_at, clients, went_quiet, predictors = { { predictor, accuracy, precision, recall }, … } } } | nil, quiet_problem }`")],
                    summary: "The buying model fitted to the data as of today (what `kehu model` shows): BG/NBD and the learned quiet signal, for the playbook's `dormancy.horizon_days`.",
                    example: "local m = kehu.model(); if m.bgnbd then print(m.bgnbd.r, m.bgnbd.alpha_days) end") { rt, _ in
            let m = try BuyingModel.current(try rt.database(), asOf: rt.asOfString, horizonDays: rt.dormancy.horizonDays)
            return [.table(modelTable(m))]
        },
        APIFunction("kehu.clients",
                    parameters: [.init("filter", "table?", "any of kind, region, owner, tag, abc, status")],
                    returns: [.init("iterator", "fun(): kehu.Client?", "the matching clients, by code")],
                    summary: "Iterates over clients with their metrics as of the run's date.",
                    example: "for c in kehu.clients{ kind = \"channel\", abc = \"A\" } do print(c.code, c.name) end"),
        APIFunction("kehu.client", parameters: [.init("code", "string", "the client's code")],
                    returns: [.init("client", "kehu.Client?", "the client, or nil"), .init("message", "string?", "why not")],
                    summary: "One client with its metrics, or nil and a message when there is no such code.",
                    example: "local c = assert(kehu.client(\"C000042\"))"),
    ]

    static let output: [APIFunction] = [
        APIFunction("kehu.width", parameters: [.init("text", "string", "any text")],
                    returns: [.init("columns", "integer", "terminal columns it takes")],
                    summary: "Display width: a Chinese character takes two columns, a combining mark none.",
                    example: "kehu.width(\"华东商贸\")  -- 8") { _, args in
            [.integer(Int64(DisplayWidth.of(try args.string(1))))]
        },
        APIFunction("kehu.format", parameters: [.init("value", "any", "a value"), .init("field", "string?", "its field name")],
                    returns: [.init("text", "string", "as kehu shows it")],
                    summary: "A value as Kehu shows it: a money field (one the registries declare: sales_365, receivable, overdue, amount, cost, …) as ¥ with fen, other numbers plainly.",
                    example: "kehu.format(12345.5, \"overdue\")  -- \"¥12,345.50\""),
        APIFunction("kehu.out.table",
                    parameters: [.init("rows", "table", "a list of tables (or of lists)"),
                                 .init("options", "table?", "{ columns = { \"code\", \"name\", … } } to choose and order columns; money = { \"total\", … } for your own money columns")],
                    summary: "Prints rows as an aligned table; Chinese text takes two columns, money fields (the declared ones and options.money) show as yuan.",
                    example: "kehu.out.table(rows, { columns = { \"code\", \"name\", \"overdue\" } })"),
        APIFunction("kehu.out.csv",
                    parameters: [.init("rows", "table", "a list of tables"), .init("options", "table?", "{ columns = { … }, money = { … } }")],
                    summary: "Prints rows as CSV (RFC 4180, a header line first) to standard output.",
                    example: "kehu.out.csv(rows, { columns = { \"code\", \"sales_365\" } })"),
        APIFunction("kehu.out.json", parameters: [.init("value", "any", "a table, string, number or boolean")],
                    summary: "Prints a value as JSON (object keys sorted) to standard output.",
                    example: "kehu.out.json({ count = n, clients = codes })"),
    ]

    static let writes: [APIFunction] = [
        APIFunction("kehu.tag", parameters: [.init("code", "string", "a client's code"), .init("tag", "string", "the tag")],
                    returns: [.init("added", "boolean", "false when the client had it already")],
                    summary: "Tags a client. Needs --allow-write; a script's writes are one transaction.",
                    example: "kehu.tag(c.code, \"回款慢\")") { rt, args in
            let db = try rt.writableDatabase("kehu.tag")
            return [.boolean(try edit { try ClientEdits.tag(db, code: try args.string(1), try args.string(2)) })]
        },
        APIFunction("kehu.untag", parameters: [.init("code", "string", "a client's code"), .init("tag", "string", "the tag")],
                    returns: [.init("removed", "boolean", "false when the client did not have it")],
                    summary: "Removes a tag from a client. Needs --allow-write.",
                    example: "kehu.untag(c.code, \"回款慢\")") { rt, args in
            let db = try rt.writableDatabase("kehu.untag")
            return [.boolean(try edit { try ClientEdits.untag(db, code: try args.string(1), try args.string(2)) })]
        },
        APIFunction("kehu.add_interaction",
                    parameters: [.init("interaction", "table", "{ client =, kind =, date = (default today), contact =, cost = yuan, summary = }")],
                    summary: "Records a visit, call, complaint or other interaction. Needs --allow-write.",
                    example: "kehu.add_interaction{ client = \"C000042\", kind = \"visit\", contact = \"王芳\", summary = \"送样品\" }") { rt, args in
            let db = try rt.writableDatabase("kehu.add_interaction")
            let t = try args.table(1)
            guard let code = t["client"].stringValue else { throw LuaArgumentError(position: 1, "field 'client' (a client code) expected") }
            guard let kind = t["kind"].stringValue else { throw LuaArgumentError(position: 1, "field 'kind' (visit, call, …) expected") }
            let cost: Double
            switch t["cost"] {
            case .nil: cost = 0
            case .integer(let i): cost = Double(i)
            case .number(let d): cost = d
            default: throw LuaArgumentError(position: 1, "field 'cost' must be a number of yuan")
            }
            guard cost.isFinite, abs(cost) < 9e13 else { throw LuaArgumentError(position: 1, "field 'cost' must be a finite amount of yuan") }
            try edit {
                try ClientEdits.addInteraction(db, code: code, date: t["date"].stringValue ?? rt.asOfString, kind: kind,
                                               contact: t["contact"].stringValue, cost: Int64((cost * 100).rounded()),
                                               summary: t["summary"].stringValue ?? "")
            }
            return []
        },
        APIFunction("kehu.set_attribute",
                    parameters: [.init("code", "string", "a client's code"), .init("name", "string", "the attribute"),
                                 .init("value", "any", "a string, number, boolean or table; nil removes it")],
                    summary: "Sets one of a client's free attributes (c.attributes.NAME). Needs --allow-write; `notes` are kehu.note's.",
                    example: "kehu.set_attribute(\"C000042\", \"耕地亩数\", 350)") { rt, args in
            let db = try rt.writableDatabase("kehu.set_attribute")
            let json: String?
            if case .nil = try args.value(3) { json = nil } else { json = try args.json(3) }
            try edit { try ClientEdits.setAttribute(db, code: try args.string(1), name: try args.string(2), json: json) }
            return []
        },
        APIFunction("kehu.note", parameters: [.init("code", "string", "a client's code"), .init("text", "string", "the note")],
                    summary: "Adds a dated note to a client's file (attributes.notes). Needs --allow-write.",
                    example: "kehu.note(\"C000042\", \"老板下月去德国看展\")") { rt, args in
            let db = try rt.writableDatabase("kehu.note")
            try edit { try ClientEdits.addNote(db, code: try args.string(1), date: rt.asOfString, text: try args.string(2)) }
            return []
        },
        APIFunction("kehu.close_followup",
                    parameters: [.init("id", "integer", "a follow-up's id"), .init("status", "string?", "\"done\" (default) or \"skipped\"")],
                    returns: [.init("closed", "boolean", "false when no open follow-up has that id")],
                    summary: "Marks an open follow-up done or skipped. Needs --allow-write.",
                    example: "kehu.close_followup(12)") { rt, args in
            let db = try rt.writableDatabase("kehu.close_followup")
            let status = try args.optionalString(2) ?? "done"
            // Only a run supersedes (it records which run did).
            guard let s = Followup.Status(rawValue: status), s == .done || s == .skipped else {
                throw LuaArgumentError(position: 2, "\"done\" or \"skipped\" expected, got \"\(status)\"")
            }
            let missing = try FollowupStore.close(db, ids: [try args.integer(1)], as: s, on: rt.asOfString)
            return [.boolean(missing.isEmpty)]
        },
    ]

    /// Runs a core edit; its problems become Lua errors.
    static func edit<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ClientEdits.Problem { throw LuaRaise(e.description) }
    }

    /// The fields of a client's rows of `table`, as the field registry declares them: `{ code, date, … }`.
    static func rowFields(_ table: ImportTable) -> String {
        "{ " + ClientHistory.rowFields(table).map(\.name).joined(separator: ", ") + " }"
    }

    /// The Lua classes of the rows the client methods give, for the stub.
    static let rowClasses: [(name: String, table: ImportTable)] = [("kehu.Contact", .contacts), ("kehu.Order", .orders), ("kehu.Payment", .payments), ("kehu.Interaction", .interactions)]

    static let clientMethods: [APIFunction] = [
        APIFunction("client:contacts",
                    returns: [.init("contacts", "kehu.Contact[]", "a list of " + rowFields(.contacts).dropLast(2) + ", last_contact, days_since_contact }")],
                    summary: "The client's people, with when each was last contacted.",
                    example: "for _, p in ipairs(c:contacts()) do print(p.name, p.role) end"),
        APIFunction("client:orders", parameters: [.init("window", "table?", "{ from = date, to = date }")],
                    returns: [.init("iterator", "fun(): kehu.Order?", rowFields(.orders) + ", oldest first")],
                    summary: "The client's orders up to the as-of date, in a date window.",
                    example: "for o in c:orders{ from = kehu.add_days(kehu.today(), -90) } do total = total + o.amount end"),
        APIFunction("client:payments", parameters: [.init("window", "table?", "{ from = date, to = date }")],
                    returns: [.init("iterator", "fun(): kehu.Payment?", rowFields(.payments) + ", oldest first")],
                    summary: "The client's payments up to the as-of date, in a date window.",
                    example: "for p in c:payments{} do print(p.date, kehu.money(p.amount)) end"),
        APIFunction("client:interactions",
                    parameters: [.init("window", "table?", "{ from = date, to = date, kind = \"complaint\" }")],
                    returns: [.init("iterator", "fun(): kehu.Interaction?", rowFields(.interactions) + ", oldest first")],
                    summary: "Visits, calls, complaints and the rest, oldest first, in a window and of a kind.",
                    example: "for i in c:interactions{ kind = \"complaint\" } do print(i.date, i.resolved) end"),
        APIFunction("client:totals", parameters: [.init("window", "table?", "{ from = date, to = date }")],
                    returns: [.init("totals", "kehu.Totals", "{ sales, orders, payments, payment_count }: order amounts (yuan) and count, payments (yuan) and count")],
                    summary: "The client's sales, orders and payments in a date window (both ends included, never past the as-of date), summed by the database: no per-order loop in Lua.",
                    example: "local spring = c:totals{ from = \"2026-02-01\", to = \"2026-07-31\" }; print(spring.sales, spring.orders)"),
        APIFunction("client:score",
                    returns: [.init("score", "table?", "{ loyalty, strength, quadrant, reason, abc, as_of, run }")],
                    summary: "The client's scores in the latest stored score run, or nil.",
                    example: "local s = c:score(); if s and s.quadrant == \"key\" then … end"),
        APIFunction("client:history",
                    returns: [.init("scores", "table", "a list of { loyalty, strength, quadrant, reason, abc, as_of, run }")],
                    summary: "The client's scores in every stored score run, oldest first.",
                    example: "for _, s in ipairs(c:history()) do print(s.as_of, s.quadrant) end"),
    ]

    // MARK: Argument helpers

    static func str(_ s: String) -> LuaValue { .string(LuaString(s)) }

    /// `kehu.model()`'s table.
    static func modelTable(_ m: BuyingModel) -> LuaTable {
        func fit(_ f: BGNBD.Fit) -> LuaValue {
            var t = LuaTable()
            t["r"] = .number(f.model.r); t["alpha_days"] = .number(f.model.alpha)
            t["a"] = .number(f.model.a); t["b"] = .number(f.model.b)
            t["log_likelihood"] = .number(f.logLikelihood); t["clients"] = .integer(Int64(f.clients))
            return .table(t)
        }
        func optional(_ s: String?) -> LuaValue { s.map(str) ?? .nil }
        var t = LuaTable()
        t["as_of"] = str(m.asOf)
        t["horizon_days"] = .integer(Int64(m.horizonDays))
        t["bgnbd"] = m.bgnbd.map(fit) ?? .nil
        t["bgnbd_problem"] = optional(m.bgnbdProblem)
        t["base_rhythm_days"] = m.baseRhythm.map(LuaValue.number) ?? .nil
        t["quiet_problem"] = optional(m.quietProblem)
        if let q = m.quiet {
            var quiet = LuaTable()
            quiet["cut"] = str(q.cut)
            quiet["clients"] = .integer(Int64(q.clients))
            quiet["went_quiet"] = .integer(Int64(q.wentQuiet))
            quiet["intercept"] = .number(q.regression.weights[0])
            var weights = LuaTable()
            for (i, name) in q.regression.names.enumerated() { weights[name] = .number(q.regression.weights[i + 1]) }
            quiet["weights"] = .table(weights)
            quiet["bgnbd_at_cut"] = fit(q.bgnbdAtCut)
            if let c = q.check {
                var check = LuaTable()
                check["fitted_at"] = str(c.fittedAt); check["checked_at"] = str(c.at)
                check["clients"] = .integer(Int64(c.clients)); check["went_quiet"] = .integer(Int64(c.wentQuiet))
                check["predictors"] = .table(LuaTable(array: c.rows.map { r in
                    var row = LuaTable()
                    row["predictor"] = str(r.predictor); row["accuracy"] = .number(r.accuracy)
                    row["precision"] = r.precision.map(LuaValue.number) ?? .nil; row["recall"] = .number(r.recall)
                    row["called_quiet"] = .integer(Int64(r.calledQuiet))
                    return .table(row)
                }))
                quiet["check"] = .table(check)
            }
            quiet["check_problem"] = optional(q.checkProblem)
            t["quiet"] = .table(quiet)
        }
        return t
    }

    static var rangeText: String { "\(Day.supported.lowerBound)…\(Day.supported.upperBound)" }

    /// A date argument: `YYYY-MM-DD` within ``Day/supported``.
    static func day(_ args: LuaArguments, _ i: Int) throws -> Day {
        let text = try args.string(i)
        guard let d = Day(iso: text), Day.supported.contains(d) else {
            throw LuaArgumentError(position: i, "date like 2026-11-25 within \(rangeText) expected, got \"\(String(text.prefix(40)).escapedForTerminal)\"")
        }
        return d
    }

    static func fen(_ args: LuaArguments, _ i: Int) throws -> Int64 {
        let y = try args.number(i)
        guard y.isFinite, abs(y) < 9e16 else { throw LuaArgumentError(position: i, "finite amount expected") }
        return Int64((y * 100).rounded())
    }

    static func variables(_ args: LuaArguments, _ i: Int) throws -> [String: String] {
        guard let t = try args.optionalTable(i) else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in t.hash { if let key = k.stringValue { out[key] = describe(v) } }
        for (n, v) in t.array.enumerated() { out[String(n + 1)] = describe(v) }
        return out
    }

    /// As `tostring` shows a value.
    static func describe(_ v: LuaValue) -> String {
        switch v {
        case .string(let s): return s.description
        case .integer(let i): return String(i)
        case .number(let d):
            if d.rounded() == d && abs(d) < 1e15 { return String(format: "%.1f", d) }
            return String(format: "%.14g", d)
        default: return v.description
        }
    }
}
