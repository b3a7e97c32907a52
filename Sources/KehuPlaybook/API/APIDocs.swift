import KehuCore

/// The reference docs and the editor stub, generated from the one registry (``KehuAPI``).
/// `docs/lua-api.md` and `docs/kehu.d.lua` are checked-in copies; a test fails when they drift.
public enum APIDocs {
    /// The fields of a client table (see `ClientTables`); a test checks them against a built table.
    public static let clientFields: [APIParameter] = [
        .init("code", "string", "the dealer's code for the client"),
        .init("name", "string", "the client's name"),
        .init("kind", "string", "upstream, partner, channel or terminal"),
        .init("region", "string", "region"),
        .init("owner", "string", "the sales rep"),
        .init("credit_limit", "number", "credit limit, yuan"),
        .init("payment_terms_days", "integer", "payment terms, days"),
        .init("stage", "string", "awareness, recognition, relationship, community or advocacy"),
        .init("status", "string", "active, dormant or phased_out"),
        .init("staff", "integer?", "people (nil when unknown)"),
        .init("vehicles", "integer?", "vehicles"),
        .init("premises_m2", "number?", "premises, m²"),
        .init("warehouse_m2", "number?", "warehouse, m²"),
        .init("capital", "number?", "capital, yuan"),
        .init("ads", "string", "in-store and outdoor advertising"),
        .init("tags", "string[]", "tags"),
        .init("since", "string?", "the date on file"),
        .init("attributes", "table", "free attributes"),
        .init("metrics", "kehu.Metrics", "the numbers as of the run's date"),
    ]

    /// The fields of `c.metrics` (see `ClientTables.fill`).
    public static let metricsFields: [APIParameter] = [
        .init("sales_30", "number", "sales in the trailing 30 days, yuan"),
        .init("sales_90", "number", "sales in the trailing 90 days"),
        .init("sales_365", "number", "sales in the trailing year"),
        .init("sales_30_year_ago", "number", "the 30-day window a year earlier"),
        .init("sales_90_year_ago", "number", "the 90-day window a year earlier"),
        .init("sales_365_year_ago", "number", "the year before the trailing year"),
        .init("sales_previous_30", "number", "the 30 days before the trailing 30"),
        .init("growth_yoy", "number?", "year-on-year growth as a fraction"),
        .init("growth_mom", "number?", "month-on-month growth as a fraction"),
        .init("order_count_365", "integer", "orders in the trailing year"),
        .init("order_count", "integer", "orders ever"),
        .init("order_months_365", "integer", "months of the last twelve with an order"),
        .init("average_order", "number?", "average order in the trailing year"),
        .init("first_order", "string?", "date of the first order"),
        .init("last_order", "string?", "date of the last order"),
        .init("days_since_last_order", "integer?", "days since the last order"),
        .init("receivable", "number", "what is owed"),
        .init("overdue", "number", "what of it is past the payment terms"),
        .init("ageing", "kehu.Ageing", "overdue by days past terms"),
        .init("credit_utilisation", "number?", "receivable over the credit limit"),
        .init("credit_headroom", "number", "yuan left before the limit"),
        .init("abc", "string", "A, B or C by Pareto on trailing-year sales"),
        .init("abc_year_ago", "string", "the class a year earlier"),
        .init("dormant", "boolean", "ordered regularly, now quiet well past its rhythm"),
        .init("interactions_90", "table<string, integer>", "interactions by kind in the last 90 days"),
        .init("days_since_last_contact", "integer?", "days since the last interaction"),
        .init("contacts_due", "string[]", "contacts whose preferred interval has passed"),
        .init("entertainment_365", "number", "entertainment cost in the trailing year"),
        .init("entertainment_share", "number?", "entertainment over sales"),
        .init("open_complaints", "integer", "complaints not yet resolved"),
        .init("complaint_answer_hours", "number?", "mean hours to answer a complaint"),
        .init("complaint_resolve_hours", "number?", "mean hours to resolve one"),
        .init("contact_count", "integer", "people on file"),
        .init("roles", "string[]", "the roles they cover"),
        .init("special_days", "kehu.SpecialDay[]", "birthdays in the next 7 days"),
    ]

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
        for (title, fields) in [("A client's fields", clientFields), ("`c.metrics`", metricsFields)] {
            out += "## \(title)\n\n| field | type | meaning |\n|---|---|---|\n"
            out += fields.map { "| `\($0.name)` | `\($0.type)` | \($0.description) |" }.joined(separator: "\n") + "\n\n"
        }
        return out
    }

    static func signature(_ f: APIFunction) -> String {
        let params = f.parameters.map { $0.name == "..." ? "..." : $0.name }.joined(separator: ", ")
        let results = f.returns.map(\.type).joined(separator: ", ")
        return "\(f.name)(\(params))" + (results.isEmpty ? "" : " → \(results)")
    }

    /// `kehu api --luals`: a LuaLS `---@meta` file so editors complete and check playbooks.
    public static func luaLS() -> String {
        var out = """
            ---@meta kehu
            -- The kehu Lua API, version \(KehuAPI.version), for lua-language-server.
            -- Generated by `kehu api --luals` from the API registry; do not edit.


            """
        out += "---@class kehu.Ageing\n---@field d1_30 number\n---@field d31_60 number\n---@field d61_90 number\n---@field d90_plus number\n\n"
        out += "---@class kehu.SpecialDay\n---@field contact string\n---@field month_day string\n---@field in_days integer\n\n"
        out += "---@class kehu.Metrics\n" + metricsFields.map { "---@field \($0.name) \($0.type) \($0.description)" }.joined(separator: "\n") + "\n\n"
        out += "---@class kehu.Client\n" + clientFields.map { "---@field \($0.name) \($0.type) \($0.description)" }.joined(separator: "\n")
        out += "\nlocal Client = {}\n\n"
        out += "---@class kehu\nkehu = {}\n\n---@class kehu.out\nkehu.out = {}\n\n"
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
            -- The hooks a playbook's init.lua returns (every one optional).
            ---@class kehu.Hooks
            ---@field loyalty? fun(c: kehu.Client): number, table
            ---@field strength? fun(c: kehu.Client): number, table
            ---@field quadrant? fun(loyalty: number, strength: number, c: kehu.Client): "key"|"develop"|"watch"|"phase_out"
            ---@field allocate? fun(quadrant: string, clients: kehu.Client[], budget: number, resources: string[]): table
            ---@field followups? fun(c: kehu.Client, today: string): table
            ---@field allocation_shares? table<string, number>

            -- Globals of playbook test files (tests/*.lua, run by `kehu playbook test`).

            ---Replaces the test's data with these rows (the columns of `kehu import`; amounts in yuan).
            ---@param dataset { clients?: table[], contacts?: table[], orders?: table[], payments?: table[], interactions?: table[] }
            function fixture(dataset) end

            ---Scores one client of the fixture as `kehu score` does.
            ---@param code string
            ---@return { loyalty: number, strength: number, quadrant: string, abc: string }
            function score(code) end

            ---The hooks in effect: the playbook's, with the standard ones where it has none.
            ---@type kehu.Hooks
            playbook = {}

            ---Assertions that report the test's file and line and both values.
            expect = {}
            ---@param actual any
            ---@param expected any
            ---@param what? string
            function expect.eq(actual, expected, what) end
            ---@param actual number
            ---@param expected number
            ---@param tolerance? number
            ---@param what? string
            function expect.near(actual, expected, tolerance, what) end
            ---@param actual number
            ---@param bound number
            ---@param what? string
            function expect.at_least(actual, bound, what) end
            ---@param actual number
            ---@param bound number
            ---@param what? string
            function expect.at_most(actual, bound, what) end
            ---@param value any
            ---@param what? string
            function expect.truthy(value, what) end
            ---@param value any
            ---@param what? string
            function expect.falsy(value, what) end
            ---@param f fun()
            ---@param text? string
            ---@param what? string
            function expect.error(f, text, what) end

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
