import KehuCore
import LuaEngine

/// The reference docs and the editor stub, generated from the one registry (``KehuAPI``).
/// `docs/lua-api.md` and `docs/kehu.d.lua` are checked-in copies; a test fails when they drift.
public enum APIDocs {
    /// The fields of a client table: the registry's client fields (``ImportTable/shape``),
    /// then what the host adds. A test checks them against a built table.
    public static var clientFields: [APIParameter] {
        ImportTable.clients.shape.fields.map { APIParameter($0.name, luaType($0), luaDoc($0)) } + [
            .init("metrics", "kehu.Metrics", "the numbers as of the run's date"),
        ]
    }

    /// The Lua type a field's unit gives (with `?` where it may be nil).
    static func luaType(_ f: Field) -> String {
        let base: String
        switch f.unit {
        case .text, .day, .birthday, .moment, .choice, .client, .contact: base = "string"
        case .money, .measure: base = "number"
        case .count: base = "integer"
        case .tags: return "string[]"
        case .attributes: return "table"
        }
        return f.required || f.hasEmptyValue ? base : base + "?"
    }

    /// A field's one-line doc, with the codes of a choice and the unit of money.
    static func luaDoc(_ f: Field) -> String {
        switch f.unit {
        case .choice(let c):
            let codes = c.values.map(\.code)
            return f.doc + ": " + (codes.count > 1 ? codes.dropLast().joined(separator: ", ") + " or " + codes.last! : codes.joined())
        default:
            return f.doc
        }
    }

    /// The fields of `c.metrics`, as the metrics registry declares them (``ClientMetrics/fields``).
    public static var metricsFields: [APIParameter] {
        ClientMetrics.fields.map { APIParameter($0.name, $0.luaType, $0.doc) }
    }

    /// Every field name whose numbers are money (yuan), across the client, its metrics and
    /// the rows of its methods: how `kehu.format` and `kehu.out` know to show ¥ and fen.
    public static var moneyFields: [String] {
        var names = Set(ImportTable.allCases.flatMap { $0.shape.fields.filter(\.unit.isMoney).map(\.name) })
        for field in ClientMetrics.fields where field.isMoney {
            names.insert(field.name)
            if field.name == "ageing" { names.formUnion(ClientMetrics.ageingBuckets) }
        }
        names.remove("ageing")
        return names.sorted()
    }

    /// `docs/lua-api.md`.
    public static func markdown() -> String {
        var out = """
            # The `kehu` Lua module, version \(KehuAPI.version)

            Generated from the API registry (`Sources/KehuPlaybook/API/KehuAPI.swift`) by `kehu api --markdown`;
            do not edit. The guide to writing playbooks is `docs/playbooks.md`.

            Dates are `YYYY-MM-DD` strings from \(Day.supported.lowerBound) to \(Day.supported.upperBound): the date
            functions take and give only these, and raise an error naming the function for any other (catch it
            with `pcall`). An as-of date (`--as-of`, `kehu.today()`) lies from \(Day.asOfRange.lowerBound) to
            \(Day.asOfRange.upperBound), so that a year either side of it is still in range.


            """
        var section = ""
        for f in KehuAPI.functions {
            let group = f.isMethod ? "Client methods" : (f.name.split(separator: ".").count > 2 ? "Output" : "Functions")
            if group != section {
                out += "## \(group)\n\n"
                section = group
            }
            out += "### `\(signature(f))`\n\n\(f.summary)\n\n"
            if !f.parameters.isEmpty {
                out += f.parameters.map { "- `\($0.name)` (`\($0.type)`): \($0.description)" }.joined(separator: "\n") + "\n"
            }
            if !f.returns.isEmpty {
                out += f.returns.map { "- returns `\($0.name)` (`\($0.type)`): \($0.description)" }.joined(separator: "\n") + "\n"
            }
            out += "\n```lua\n\(f.example)\n```\n\n"
        }
        out += "## Values\n\n" + KehuAPI.values.map { "- `\($0.name)` (`\($0.type)`): \($0.description)" }.joined(separator: "\n") + "\n\n"
        for (title, fields) in [("A client's fields", clientFields), ("`c.metrics`", metricsFields)] {
            out += "## \(title)\n\n| field | type | meaning |\n|---|---|---|\n"
            out += fields.map { "| `\($0.name)` | `\($0.type)` | \($0.description) |" }.joined(separator: "\n") + "\n\n"
        }
        return out
    }

    /// The tables of the playbook guide (`docs/playbooks.md`) that the registries make, by
    /// the name of their markers.
    public static var guideSections: [(name: String, text: String)] {
        func table(_ fields: [APIParameter]) -> String {
            "| field | type | meaning |\n|---|---|---|\n" + fields.map { "| `\($0.name)` | `\($0.type)` | \($0.description) |" }.joined(separator: "\n") + "\n"
        }
        let tests = "| name | what it does |\n|---|---|\n" + KehuAPI.testGlobals.map { f in
            let params = f.parameters.map { $0.type.hasSuffix("?") ? "[, \($0.name)]" : $0.name }
            let call = "\(f.name)(" + params.enumerated().map { i, p in p.hasPrefix("[") ? " " + p : (i > 0 ? ", " : "") + p }.joined() + ")"
            return "| `\(call)` | \(f.summary) |"
        }.joined(separator: "\n") + "\n| `playbook` | the hooks in effect: this playbook's, with the standard ones where it has none |\n"
        let methods = "| call | gives |\n|---|---|\n" + KehuAPI.functions.filter(\.isMethod).map { f in
            let call = "c:\(f.key)(" + f.parameters.map(\.name).joined(separator: ", ") + ")"
            let window = f.parameters.first.map { "`\($0.name)`: `\($0.description)`; " } ?? ""
            return "| `\(call)` | \(f.summary) \(window)gives \(f.returns.map { "`\($0.description)`" }.joined(separator: ", ")) |"
        }.joined(separator: "\n") + "\n"
        return [("hooks", hooksTable()), ("hook-results", hookResults()), ("client-fields", table(clientFields)), ("metrics-fields", table(metricsFields)), ("client-methods", methods),
                ("test-globals", tests)]
    }

    /// The hooks, what each is called with and what it returns (``HookSpecs``).
    static func hooksTable() -> String {
        "| hook | called with | returns |\n|---|---|---|\n" + HookSpecs.all.map { h in
            let call = "\(h.name)(" + h.parameters.map(\.name).joined(separator: ", ") + ")"
            let with = h.parameters.map { "`\($0.name)` \($0.description)" }.joined(separator: "; ")
            let returns = h.resultText.replacingOccurrences(of: "\"", with: "`").replacingOccurrences(of: "{ ", with: "`{ ").replacingOccurrences(of: " }", with: " }`")
            return "| `\(call)` | \(with) | \(returns) |"
        }.joined(separator: "\n") + "\n"
    }

    /// The fields of what the hooks return: a score's parts, a plan's lines, a follow-up.
    static func hookResults() -> String {
        var seen: Set<String> = []
        return HookSpecs.all.compactMap { h -> String? in
            let title: String
            switch h.result {
            case .score(_, _, let sums):
                let hooks = HookSpecs.all.filter { if case .score = $0.result { true } else { false } }.map { "`\($0.name)`" }
                title = "A score's **parts** (the second result of \(ResultCheck.or(hooks)); the `\(sums)` add up to the score, within \(LuaValue.number(PlaybookSession.pointsTolerance).description)):"
            case .choice, .date: return nil
            case .list(let noun, _, _, let orNil, let closed):
                title = "A **\(noun)** (an entry of what `\(h.name)` returns\(orNil ? "; nil is an empty list" : "")\(closed ? "; a key not listed here is refused" : "; other keys are yours, and kehu does not read them")):"
            }
            let rows = h.fields.map { f in
                let missing = f.required ? "refused" : (f.absent ?? "—")
                let codes: String
                if case .oneOf(let c) = f.kind { codes = ": " + c.map { "`\($0)`" }.joined(separator: ", ") } else { codes = "" }
                return "| `\(f.name)` | `\(f.luaType.count > 30 ? "string" : f.luaType)` | \(missing) | \(f.doc)\(codes) |"
            }
            let table = "| field | type | if missing | meaning |\n|---|---|---|---|\n" + rows.joined(separator: "\n") + "\n"
            guard seen.insert(table).inserted else { return nil }
            return title + "\n\n" + table
        }.joined(separator: "\n")
    }

    /// `text` with each generated section — the lines between `<!-- generated: NAME -->` and
    /// `<!-- end: NAME -->` — made anew (`kehu api --fill docs/playbooks.md`); the rest as it was.
    public static func fill(_ text: String) -> String {
        var out = text
        for (name, body) in guideSections {
            let open = "<!-- generated: \(name) (kehu api --fill; do not edit) -->\n", close = "<!-- end: \(name) -->"
            guard let a = out.range(of: open), let b = out.range(of: close, range: a.upperBound..<out.endIndex) else { continue }
            out.replaceSubrange(a.upperBound..<b.lowerBound, with: body)
        }
        return out
    }

    /// The LuaLS declarations of the test files' functions (``KehuAPI/testGlobals``).
    static func testGlobalsStub() -> String {
        KehuAPI.testGlobals.map { f in
            var out = f.summary.split(separator: "\n").map { "---\($0)" }.joined(separator: "\n") + "\n"
            for p in f.parameters {
                let optional = p.type.hasSuffix("?")
                out += "---@param \(p.name)\(optional ? "?" : "") \(optional ? String(p.type.dropLast()) : p.type)\(p.description.isEmpty ? "" : " " + p.description)\n"
            }
            for r in f.returns { out += "---@return \(r.type)\n" }
            return out + "function \(f.name)(\(f.parameters.map(\.name).joined(separator: ", "))) end\n"
        }.joined(separator: "\n")
    }

    static func signature(_ f: APIFunction) -> String {
        let params = f.parameters.map { $0.name == "..." ? "..." : $0.name }.joined(separator: ", ")
        let results = f.returns.map(\.type).joined(separator: ", ")
        return "\(f.name)(\(params))" + (results.isEmpty ? "" : " → \(results)")
    }

    /// The `kehu.Hooks` class of the stub: what `init.lua` returns, every field optional.
    static func hooksStub() -> String {
        var out = "-- The hooks a playbook's init.lua returns (every one optional).\n---@class kehu.Hooks\n"
        for h in HookSpecs.all {
            let params = h.parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
            let result: String
            switch h.result {
            case .score: result = "number, table"
            case .choice(let codes, let reason): result = codes.map { "\"\($0)\"" }.joined(separator: "|") + (reason ? ", string?" : "")
            case .list(_, _, _, let orNil, _): result = "table" + (orNil ? "?" : "")
            case .date: result = "string"
            }
            out += "---@field \(h.name)? fun(\(params)): \(result) \(h.summary)\n"
        }
        for v in HookSpecs.settings { out += "---@field \(v.name)? \(v.type) \(v.description)\n" }
        return out
    }

    /// `kehu api --luals`: a LuaLS `---@meta` file so editors complete and check playbooks.
    public static func luaLS() -> String {
        var out = """
            ---@meta kehu
            -- The kehu Lua API, version \(KehuAPI.version), for lua-language-server.
            -- Generated by `kehu api --luals` from the API registry; do not edit.


            """
        out += "---@class kehu.Ageing\n---@field d1_30 number\n---@field d31_60 number\n---@field d61_90 number\n---@field d90_plus number\n\n"
        out += "---@class kehu.Totals\n---@field sales number order amounts, yuan\n---@field orders integer how many orders\n---@field payments number payments, yuan\n---@field payment_count integer how many payments\n\n"
        out += "---@class kehu.UnpaidOrder: kehu.Order\n---@field outstanding number what of the order is still owed, yuan\n\n"
        out += "---@class kehu.SpecialDay\n---@field contact string\n---@field month_day string\n---@field in_days integer\n\n"
        for (name, table) in KehuAPI.rowClasses {
            out += "---@class \(name)\n" + ClientHistory.rowFields(table).map { "---@field \($0.name) \(luaType($0)) \(luaDoc($0))" }.joined(separator: "\n") + "\n"
            if table == .contacts {
                out += "---@field last_contact string? the day of the last interaction with the contact, by the as-of date\n"
                out += "---@field days_since_contact integer? days since then\n"
            }
            out += "\n"
        }
        out += "---@class kehu.Metrics\n" + metricsFields.map { "---@field \($0.name) \($0.type) \($0.description)" }.joined(separator: "\n") + "\n\n"
        out += "---@class kehu.Client\n" + clientFields.map { "---@field \($0.name) \($0.type) \($0.description)" }.joined(separator: "\n")
        out += "\nlocal Client = {}\n\n"
        out += "---@class kehu\nkehu = {}\n\n---@class kehu.out\nkehu.out = {}\n\n"
        for v in KehuAPI.values {
            out += "---\(v.description)\n---@type \(v.type)\n\(v.name) = \(v.type == "integer" ? "0" : "nil")\n\n"
        }
        for f in KehuAPI.functions {
            out += f.summary.split(separator: "\n").map { "---\($0)" }.joined(separator: "\n") + "\n"
            out += f.example.split(separator: "\n").map { "---Example: `\($0)`" }.joined(separator: "\n") + "\n"
            for p in f.parameters {
                out += "---@param \(p.name) \(p.type) \(p.description)\n"
            }
            for r in f.returns {
                out += "---@return \(r.type) \(r.name) \(r.description)\n"
            }
            let params = f.parameters.map(\.name).joined(separator: ", ")
            let name = f.isMethod ? "Client:" + f.key : f.name
            out += "function \(name)(\(params)) end\n\n"
        }
        out += """
            """ + hooksStub() + """

            -- Globals of playbook test files (tests/*.lua, run by `kehu playbook test`).

            ---The hooks in effect: the playbook's, with the standard ones where it has none.
            ---@type kehu.Hooks
            playbook = {}

            ---Assertions that report the test's file and line and both values.
            expect = {}

            """ + testGlobalsStub() + """
            -- Not available in the Kehu sandbox (playbooks and scripts without --trust).
            ---@deprecated io is not available in the Kehu sandbox
            io = nil
            ---@deprecated debug is not available in the Kehu sandbox
            debug = nil
            ---@deprecated dofile is not available in the Kehu sandbox
            dofile = nil
            ---@deprecated loadfile is not available in the Kehu sandbox
            loadfile = nil

            """
        return out
    }
}
