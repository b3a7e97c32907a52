import Foundation
import KehuCore
import LuaEngine

/// What a playbook test file sees besides `kehu`: `fixture{…}` to declare a dataset, `score`
/// to score one of its clients as `kehu score` would, `playbook` (the hooks, with the
/// standard ones where this playbook has none) and `expect` for assertions that name the
/// test's file and line and show both values.
///
/// ```lua
/// fixture {
///   clients = { { code = "C1", name = "华东商贸", kind = "channel", credit_limit = 200000, since = "2023-05-01" } },
///   orders  = { { client = "C1", date = "2026-10-02", amount = 18000 } },
/// }
/// expect.eq(kehu.client("C1").metrics.sales_365, 18000)
/// expect.eq(score("C1").quadrant, "develop")
/// ```
enum PlaybookFixture {
    /// The dataset's parts, in the order they are loaded (contacts need their client, …).
    static let parts: [(key: String, table: ImportTable)] = [
        ("clients", .clients), ("contacts", .contacts), ("orders", .orders), ("payments", .payments), ("interactions", .interactions),
    ]

    /// Replaces the test database's data with the dataset `spec` declares. Rows go through the
    /// importer, so a fixture is checked as a CSV file would be; orders and payments without
    /// a `code` get one. A problem is reported as `clients[2].credit_limit: …`.
    static func load(_ spec: LuaTable, into db: StoreConnection, asOf: String) throws {
        let known = Set(parts.map(\.key))
        if !spec.array.isEmpty { throw LuaRaise("a fixture is a table of parts: { clients = {…}, orders = {…}, … }") }
        for (key, _) in spec.orderedHash {
            guard let name = key.stringValue, known.contains(name) else {
                throw LuaRaise("unknown part \"\(key.description)\" — a fixture has \(parts.map(\.key).joined(separator: ", "))")
            }
        }
        try ClientEdits.removeEverything(db)
        for (key, table) in parts {
            let value = spec[key]
            if case .nil = value { continue }
            guard case .table(let list) = value else { throw LuaRaise("\(key) must be a list of rows, found \(value.typeName)") }
            let (csv, headers) = try self.csv(list.array, key: key, table: table)
            do {
                _ = try Importer.run(table, data: csv, fileName: key, in: db, options: ImportOptions(asOf: asOf))
            } catch let e as ImportError {
                let first = e.problems.first.map { p in
                    let row = p.line > 1 ? "[\(p.line - 1)]" : ""
                    let column = p.column.flatMap { $0 >= 1 && $0 <= headers.count ? ".\(headers[$0 - 1])" : nil } ?? ""
                    return "\(key)\(row)\(column): \(p.message)"
                } ?? "\(key): rejected"
                throw LuaRaise(first + (e.total > 1 ? " (and \(e.total - 1) more)" : ""))
            }
        }
    }

    /// The rows as CSV with a header of every key they use, and that header.
    static func csv(_ rows: [LuaValue], key: String, table: ImportTable) throws -> (Data, [String]) {
        var headers: [String] = []
        var records: [[String: String]] = []
        let needsCode = table == .orders || table == .payments
        for (i, row) in rows.enumerated() {
            guard case .table(let t) = row else { throw LuaRaise("\(key)[\(i + 1)] must be a table, found \(row.typeName)") }
            if !t.array.isEmpty { throw LuaRaise("\(key)[\(i + 1)]: fields are named (code = \"C1\", …), found a list") }
            var record: [String: String] = [:]
            for (k, v) in t.orderedHash {
                guard let column = k.stringValue else { throw LuaRaise("\(key)[\(i + 1)]: field names are strings, found \(k.typeName)") }
                let place = "\(key)[\(i + 1)].\(column)"
                if table.shape.field(column)?.isAttributes == true, case .table = v {
                    record[column] = try json(v, at: place)
                } else {
                    record[column] = try text(v, at: place)
                }
            }
            if needsCode && record["code"] == nil { record["code"] = "\(key)-\(i + 1)" }
            for column in record.keys.sorted() where !headers.contains(column) { headers.append(column) }
            records.append(record)
        }
        if headers.isEmpty { headers = table.required }
        var writer = CSVWriter()
        writer.write(headers)
        for r in records { writer.write(headers.map { r[$0] ?? "" }) }
        return (writer.data, headers)
    }

    /// Attributes as a file writes them: a JSON object (`{ 渠道 = "线上" }` → `{"渠道":"线上"}`).
    static func json(_ v: LuaValue, at place: String) throws -> String {
        func plain(_ v: LuaValue) throws -> Any {
            switch v {
            case .string(let s): return s.description
            case .integer(let i): return i
            case .number(let d) where d.isFinite: return d
            case .boolean(let b): return b
            case .table(let t):
                if t.hash.isEmpty, !t.array.isEmpty { return try t.array.map(plain) }
                guard t.array.isEmpty else { throw LuaRaise("\(place): a table with both a list and named fields cannot be an attribute") }
                var out: [String: Any] = [:]
                for (k, x) in t.hash {
                    guard let name = k.stringValue else { throw LuaRaise("\(place): attribute names are strings, found \(k.typeName)") }
                    out[name] = try plain(x)
                }
                return out
            default: throw LuaRaise("\(place): a \(v.typeName) cannot be an attribute")
            }
        }
        let data = try JSONSerialization.data(withJSONObject: try plain(v), options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A field as the importer reads it: numbers as written, a list (tags) joined with `;`.
    static func text(_ v: LuaValue, at place: String) throws -> String {
        switch v {
        case .string(let s): return s.description
        case .integer(let i): return String(i)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .boolean(let b): return b ? "true" : "false"
        case .table(let t): return try t.array.map { try text($0, at: place) }.joined(separator: ";")
        default: throw LuaRaise("\(place): a \(v.typeName) cannot be a field")
        }
    }

    /// `expect`, and the Lua halves of `fixture` and `score` (so that their errors point at
    /// the test's line, not at the host).
    static let prelude = """
        local load_fixture, score_client, hooks = ...
        local format, type, tostring, pairs = string.format, type, tostring, pairs

        local function show(v, depth)
          depth = depth or 0
          if type(v) == "string" then return format("%q", v) end
          if type(v) ~= "table" then return tostring(v) end
          if depth > 2 then return "{…}" end
          local keys = {}
          for k in pairs(v) do keys[#keys + 1] = k end
          table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
          local parts = {}
          for i, k in ipairs(keys) do
            if i > 8 then parts[#parts + 1] = "…"; break end
            local name = math.type(k) == "integer" and "" or (tostring(k) .. " = ")
            parts[#parts + 1] = name .. show(v[k], depth + 1)
          end
          return "{ " .. table.concat(parts, ", ") .. " }"
        end

        -- nil when equal, else where they first differ.
        local function differ(a, b, path)
          if a == b then return nil end
          if type(a) ~= "table" or type(b) ~= "table" then return path end
          for k, v in pairs(b) do
            local d = differ(a[k], v, path .. "." .. tostring(k))
            if d then return d end
          end
          for k in pairs(a) do
            if b[k] == nil then return path .. "." .. tostring(k) end
          end
          return nil
        end

        local function lookup(t, path)
          for k in path:gmatch("[^.]+") do
            if type(t) ~= "table" then return t end
            local v = t[k]
            if v == nil then v = t[tonumber(k)] end
            t = v
          end
          return t
        end

        local function label(what) return what and (what .. ": ") or "" end

        local expect = {}

        function expect.eq(actual, expected, what)
          local d = differ(actual, expected, "")
          if d == nil then return end
          if d == "" then
            error(label(what) .. "expected " .. show(expected) .. ", got " .. show(actual), 2)
          end
          error(format("%sat %s: expected %s, got %s (whole value %s)", label(what), d:sub(2),
            show(lookup(expected, d)), show(lookup(actual, d)), show(actual)), 2)
        end

        function expect.near(actual, expected, tolerance, what)
          tolerance = tolerance or 1e-6
          if type(actual) ~= "number" or math.abs(actual - expected) > tolerance then
            error(format("%sexpected %s ± %s, got %s", label(what), show(expected), show(tolerance), show(actual)), 2)
          end
        end

        function expect.truthy(v, what)
          if not v then error(label(what) .. "expected a true value, got " .. show(v), 2) end
        end

        function expect.falsy(v, what)
          if v then error(label(what) .. "expected false or nil, got " .. show(v), 2) end
        end

        function expect.at_least(actual, bound, what)
          if type(actual) ~= "number" or actual < bound then
            error(format("%sexpected at least %s, got %s", label(what), show(bound), show(actual)), 2)
          end
        end

        function expect.at_most(actual, bound, what)
          if type(actual) ~= "number" or actual > bound then
            error(format("%sexpected at most %s, got %s", label(what), show(bound), show(actual)), 2)
          end
        end

        function expect.error(f, pattern, what)
          local ok, err = pcall(f)
          if ok then error(label(what) .. "expected an error, but it returned", 2) end
          if pattern and not tostring(err):find(pattern, 1, true) then
            error(format("%sexpected an error containing %s, got %s", label(what), show(pattern), show(tostring(err))), 2)
          end
        end

        local function fixture(spec)
          if type(spec) ~= "table" then error("fixture expects a table { clients = {…}, orders = {…}, … }", 2) end
          local ok, err = pcall(load_fixture, spec)
          if not ok then error("fixture: " .. tostring(err), 2) end
        end

        local function score(code)
          local ok, r = pcall(score_client, code)
          if not ok then error("score: " .. tostring(r), 2) end
          return r
        end

        return expect, fixture, score, hooks
        """
}

extension PlaybookSession {
    /// Puts `expect`, `fixture`, `score` and `playbook` into a test file's environment; they
    /// work on whatever database the runtime has while the test runs.
    func installTestHelpers(into env: LuaRef) throws {
        let runtime = self.runtime
        let loadFixture = try lua.function("fixture") { args in
            let spec = try args.table(1)
            let db = try runtime.database()
            try PlaybookFixture.load(spec, into: db, asOf: runtime.asOfString)
            runtime.forgetCaches()
            return []
        }
        let scoreClient = try lua.function("score") { [unowned self] args in
            let code = try args.string(1)
            let db = try runtime.database()
            guard let record = try ClientHistory.client(db, code: code), let id = record.id else {
                throw LuaRaise("no client \(code) in the fixture")
            }
            let m = try runtime.metrics(for: id)
            let table = try clientTable(record, m)
            let (loyalty, _) = try self.loyalty(table, code: code)
            let (strength, _) = try self.strength(table, code: code)
            let (quadrant, reason) = try self.quadrant(loyalty: loyalty, strength: strength, table, code: code)
            var out = LuaTable()
            out["loyalty"] = .number(loyalty)
            out["strength"] = .number(strength)
            out["quadrant"] = .string(LuaString(quadrant.rawValue))
            out["abc"] = .string(LuaString(m?.abc ?? "C"))
            if let reason { out["reason"] = .string(LuaString(reason)) }
            return [.table(out)]
        }
        let helpers = try lua.call(try lua.load(PlaybookFixture.prelude, chunkName: "=test helpers"),
                                   [loadFixture, scoreClient, .reference(try hooksTable())])
        let set = try lua.load("local env, expect, fixture, score, playbook = ...; env.expect, env.fixture, env.score, env.playbook = expect, fixture, score, playbook",
                               chunkName: "=test helpers")
        try lua.call(set, [.reference(env)] + helpers)
    }
}
