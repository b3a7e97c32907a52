import KehuCore
import LuaEngine

/// Installs the `kehu` module in a state: the Swift functions of ``KehuAPI``, and the Lua
/// prelude that builds iterators and the client methods over a few host helpers.
struct KehuModule {
    let table: LuaRef
    /// The metatable every client table gets (methods, `tostring`).
    let clientMetatable: LuaRef
    /// What every client table is made with; a session adds its playbook's measures.
    let box: MetatableBox

    static func install(in lua: LuaState, runtime: KehuRuntime) throws -> KehuModule {
        var module = LuaTable()
        for f in KehuAPI.functions {
            guard let body = f.body else { continue }
            module[f.key] = try lua.function(f.name) { args in try body(runtime, args) }
        }
        var host = LuaTable()
        let box = MetatableBox()
        for (name, body) in helpers(runtime: runtime, lua: lua, metatable: box) {
            host[name] = try lua.function("kehu." + name) { args in try body(args) }
        }
        let prelude = try lua.load(Self.prelude, chunkName: "=kehu")
        guard let kehu = try lua.callForReference(prelude, [.table(module), .table(host)]), let mt = box.ref else {
            throw LuaError(kind: .runtime, message: "the kehu prelude did not return the module")
        }
        return KehuModule(table: kehu, clientMetatable: mt, box: box)
    }

    /// The Lua half of the module. Receives the Swift functions and the host helpers;
    /// returns the module and the client metatable.
    static let prelude = #"""
    local kehu, host = ...

    local function each(list)
      local i = 0
      return function()
        i = i + 1
        return list[i]
      end
    end

    local function code_of(self, name)
      if type(self) ~= "table" or type(self.code) ~= "string" then
        error("call it as c:" .. name .. "(…), with a colon", 3)
      end
      return self.code
    end

    -- Host helpers answer a misuse with nil and what is wrong; the error is raised here, at
    -- level 3, so that it names the user's call and points at the user's line, not this file.
    local function checked(name, list, problem)
      if list == nil then error("bad argument #1 to '" .. name .. "' (" .. problem .. ")", 3) end
      return list
    end

    local methods = {}
    function methods:contacts() return host.contacts(code_of(self, "contacts")) end
    function methods:orders(window) return each(checked("orders", host.orders(code_of(self, "orders"), window))) end
    function methods:payments(window) return each(checked("payments", host.payments(code_of(self, "payments"), window))) end
    function methods:interactions(window)
      return each(checked("interactions", host.interactions(code_of(self, "interactions"), window)))
    end
    function methods:totals(window)
      local code, from, to = code_of(self, "totals"), nil, nil
      if window ~= nil and type(window) ~= "table" then
        error("bad argument #1 to 'totals' (table expected, got " .. type(window) .. ")", 2)
      end
      if window ~= nil then
        for k in next, window do
          if k ~= "from" and k ~= "to" then
            local shown = type(k) == "string" and ('"' .. k .. '"') or type(k)
            error("bad argument #1 to 'totals' (unknown window field " .. shown .. " (use from, to))", 2)
          end
        end
        from, to = window.from, window.to
      end
      local sales, orders, payments, count = host.totals(code, from, to)
      if sales == nil then error("bad argument #1 to 'totals' (" .. orders .. ")", 2) end
      return { sales = sales, orders = orders, payments = payments, payment_count = count }
    end
    function methods:score() return host.score(code_of(self, "score")) end
    function methods:history() return host.history(code_of(self, "history")) end

    local client_mt = {
      __index = methods,
      __name = "kehu.client",
      __metatable = "kehu.client",
      __tostring = function(c) return "client " .. c.code .. " " .. c.name end,
    }
    host.set_client_metatable(client_mt)

    function kehu.clients(filter)
      local codes = checked("kehu.clients", host.client_codes(filter))
      local i = 0
      return function()
        i = i + 1
        local code = codes[i]
        if code then return host.client(code) end
      end
    end

    function kehu.client(code)
      return host.client(code)
    end

    -- How values show: money fields as yuan with fen, other numbers plainly. Which fields are
    -- money is declared in the registries (client fields, metrics, method rows), not guessed.
    local money_fields = {}
    for _, name in ipairs(host.money_fields()) do money_fields[name] = true end
    local function is_money(key, extra)
      return money_fields[key] == true or (extra ~= nil and extra[key] == true)
    end

    local function format(v, key, extra)
      local t = type(v)
      if t == "number" then
        if is_money(key, extra) then return kehu.money(v) end
        if math.type(v) == "integer" then return tostring(v) end
        if v ~= v or v == math.huge or v == -math.huge then return tostring(v) end
        if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%.1f", v) end
        return (string.format("%.4f", v):gsub("0+$", ""))
      end
      if t == "nil" then return "" end
      return tostring(v)
    end

    function kehu.format(v, key) return format(v, key) end

    -- Output for data scripts.
    local function columns_of(rows, options)
      if options and options.columns then return options.columns end
      local first = rows[1]
      if type(first) ~= "table" then return {} end
      if #first > 0 then
        local cols = {}
        for i = 1, #first do cols[i] = i end
        return cols
      end
      local cols = {}
      for k in pairs(first) do cols[#cols + 1] = k end
      table.sort(cols, function(a, b) return tostring(a) < tostring(b) end)
      return cols
    end

    local function check_rows(rows, name, options)
      if options ~= nil and ((options.columns ~= nil and type(options.columns) ~= "table")
          or (options.money ~= nil and type(options.money) ~= "table")) then
        local what = (options.columns ~= nil and type(options.columns) ~= "table") and ("field 'columns' must be a list of column names, got " .. type(options.columns))
          or ("field 'money' must be a list of column names, got " .. type(options.money))
        error("bad argument #2 to 'kehu.out." .. name .. "' (" .. what .. ")", 3)
      end
      for i, row in ipairs(rows) do
        if type(row) ~= "table" then
          error("bad argument #1 to 'kehu.out." .. name .. "' (row " .. i .. " is a " .. type(row) .. ", not a table)", 3)
        end
      end
    end

    local out = {}
    -- The columns a call says are money too (options.money), as a set.
    local function extra_money(options)
      if options == nil or options.money == nil then return nil end
      local set = {}
      for _, name in ipairs(options.money) do set[name] = true end
      return set
    end

    function out.table(rows, options)
      check_rows(rows, "table", options)
      local cols = columns_of(rows, options)
      local money = extra_money(options)
      local cells, widths, right = {}, {}, {}
      for j, c in ipairs(cols) do widths[j] = kehu.width(tostring(c)) end
      for i, row in ipairs(rows) do
        cells[i] = {}
        for j, c in ipairs(cols) do
          local v = row[c]
          local text = format(v, c, money)
          if type(v) == "number" then right[j] = true end
          cells[i][j] = text
          widths[j] = math.max(widths[j], kehu.width(text))
        end
      end
      local function line(values)
        local parts = {}
        for j, text in ipairs(values) do
          local gap = string.rep(" ", widths[j] - kehu.width(text))
          parts[j] = right[j] and (gap .. text) or (text .. gap)
        end
        return (table.concat(parts, "  "):gsub("%s+$", ""))
      end
      local head, rule = {}, {}
      for j, c in ipairs(cols) do head[j] = tostring(c); rule[j] = string.rep("─", widths[j]) end
      local lines = { line(head), table.concat(rule, "  ") }
      for i = 1, #cells do lines[#lines + 1] = line(cells[i]) end
      print(table.concat(lines, "\n"))
    end

    local function csv_field(v, key, money)
      local text = type(v) == "number" and (is_money(key, money) and string.format("%.2f", v) or format(v, key)) or format(v, key)
      if text:find('[,"\r\n]') then text = '"' .. text:gsub('"', '""') .. '"' end
      return text
    end

    function out.csv(rows, options)
      check_rows(rows, "csv", options)
      local cols = columns_of(rows, options)
      local money = extra_money(options)
      local lines = {}
      local head = {}
      for j, c in ipairs(cols) do head[j] = csv_field(tostring(c)) end
      lines[1] = table.concat(head, ",")
      for _, row in ipairs(rows) do
        local f = {}
        for j, c in ipairs(cols) do f[j] = csv_field(row[c], c, money) end
        lines[#lines + 1] = table.concat(f, ",")
      end
      print(table.concat(lines, "\n"))
    end

    function out.json(value)
      print(checked("kehu.out.json", host.json(value)))
    end
    kehu.out = out

    -- The functions written here check their arguments against their declarations in the API
    -- registry: the declared parameter types are the check ("bad argument #1 to 'kehu.client'
    -- (string expected, got number)"), raised at the caller's line. The wrapper calls the
    -- function in tail position, so errors the function raises keep their levels.
    local select, math_type = select, math.type
    local function typed(name, params, f, method)
      local first = method and 1 or 0
      local n = #params
      return function(...)
        for i = 1, n do
          local want, optional = params[i][1], params[i][2]
          local v = select(first + i, ...)
          local got = type(v)
          if not (want == "any" or got == want or (v == nil and optional)
                  or (want == "integer" and math_type(v) == "integer")) then
            local shown = (v == nil and select("#", ...) < first + i) and "no value" or got
            error("bad argument #" .. i .. " to '" .. name .. "' (" .. want .. " expected, got " .. shown .. ")", 2)
          end
        end
        return f(...)
      end
    end
    for name, params in pairs(host.signatures()) do
      local owner, key, method
      if name:sub(1, 9) == "kehu.out." then owner, key = out, name:sub(10)
      elseif name:sub(1, 7) == "client:" then owner, key, method = methods, name:sub(8), true
      else owner, key = kehu, name:sub(6) end
      -- As Lua names a method in its messages: 'orders', not 'client:orders'.
      owner[key] = typed(method and key or name, params, assert(owner[key], name), method)
    end

    kehu.api_version = host.api_version()
    return kehu, client_mt
    """#

    /// The host helpers the prelude builds on (not part of the public API).
    static func helpers(runtime rt: KehuRuntime, lua: LuaState, metatable metatableBox: MetatableBox)
        -> [String: (LuaArguments) throws -> [LuaValue]] {
        func client(_ code: String) throws -> LuaValue {
            guard let id = try rt.clientId(code: code), let record = try ClientHistory.client(try rt.database(), code: code) else {
                return .nil
            }
            return .reference(try ClientTables.make(lua, record, try rt.metrics(for: id), metatable: metatableBox.ref,
                                                    attach: metatableBox.attach))
        }
        func id(_ args: LuaArguments) throws -> Int64 {
            let code = try args.string(1)
            guard let id = try rt.clientId(code: code) else { throw LuaRaise("no client with code \(code)") }
            return id
        }
        /// A misuse the prelude raises at the user's call (see `checked` there).
        struct Misuse: Error { var problem: String }
        /// How a value shows in a message: strings quoted and escaped, other values by type.
        func shown(_ v: LuaValue) -> String {
            if case .string(let s) = v { return "\"\(String(s.description.prefix(40)).escapedForTerminal)\"" }
            return v.typeName
        }
        /// An options table's keys, each known and a string: `{ kind = 1 }` or `{ knd = … }`
        /// would otherwise be a filter silently ignored.
        func options(_ t: LuaTable, _ known: [String], what: String) throws {
            if !t.array.isEmpty { throw Misuse(problem: "\(what) has a list part; it takes named fields \(known.joined(separator: ", "))") }
            for k in t.hash.keys.sorted(by: { $0.description < $1.description }) {
                guard let key = k.stringValue, known.contains(key) else {
                    throw Misuse(problem: "unknown \(what) field \(shown(k)) (use \(known.joined(separator: ", ")))")
                }
                guard case .string = t[k] else {
                    throw Misuse(problem: "\(what) field '\(key)' must be a string, got \(shown(t[k]))")
                }
            }
        }
        func window(_ args: LuaArguments, _ i: Int, extra: [String] = []) throws -> ClientHistory.Window {
            guard case .table(let t) = try args.value(i) else {
                if try args.value(i) == .nil { return ClientHistory.Window() }
                throw Misuse(problem: "table expected, got \(try args.value(i).typeName)")
            }
            try options(t, ["from", "to"] + extra, what: "window")
            func date(_ key: String) throws -> String? {
                switch t[key] {
                case .nil: return nil
                case .string(let s) where Day(iso: s.description).map(Day.supported.contains) == true: return s.description
                case let v: throw Misuse(problem: "field '\(key)' must be a date like 2026-11-25, got \(shown(v))")
                }
            }
            return ClientHistory.Window(from: try date("from"), to: try date("to"))
        }
        /// Runs a helper; a misuse becomes `nil, problem` for the prelude to raise.
        func misuse(_ body: () throws -> [LuaValue]) throws -> [LuaValue] {
            do { return try body() } catch let e as Misuse { return [.nil, s(e.problem)] }
        }
        func rows(_ list: [[String: LuaValue]]) -> LuaValue {
            .table(LuaTable(array: list.map { row in
                var t = LuaTable()
                for (k, v) in row { t[k] = v }
                return .table(t)
            }))
        }
        func s(_ v: String?) -> LuaValue { v.map { .string(LuaString($0)) } ?? .nil }
        func scoreRow(_ run: RunInfo, _ score: ClientScore) -> [String: LuaValue] {
            ["loyalty": .number(score.loyalty), "strength": .number(score.strength), "quadrant": s(score.quadrant), "reason": s(score.reason),
             "abc": s(score.abc), "as_of": s(run.asOf), "run": .integer(run.id)]
        }
        return [
            "set_client_metatable": { args in
                guard args.count == 1, case .table = try args.value(1) else { throw LuaArgumentError(position: 1, "table expected") }
                metatableBox.ref = args.state.ref(at: 1)
                return []
            },
            "api_version": { _ in [.integer(Int64(KehuAPI.version))] },
            "signatures": { _ in
                var t = LuaTable()
                for f in KehuAPI.functions where f.body == nil {
                    t[f.name] = .table(LuaTable(array: f.parameters.map { p in
                        let (type, optional) = p.checkedType
                        return .table(LuaTable(array: [s(type), .boolean(optional)]))
                    }))
                }
                return [.table(t)]
            },
            "money_fields": { _ in [.table(LuaTable(array: APIDocs.moneyFields.map { s($0) }))] },
            "json": { args in
                do { return [s(try args.json(1))] } catch let e as LuaError { return [.nil, s(e.message)] }
            },
            "client": { args in
                let code = try args.string(1)
                let c = try client(code)
                return c == .nil ? [.nil, s("no client with code \(String(code.prefix(40)).escapedForTerminal)")] : [c]
            },
            "client_codes": { args in try misuse {
                let t = try args.optionalTable(1) ?? LuaTable()
                try options(t, ["kind", "region", "owner", "tag", "abc", "status"], what: "filter")
                let filter = ClientFilter(kind: t["kind"].stringValue, region: t["region"].stringValue, owner: t["owner"].stringValue,
                                          tag: t["tag"].stringValue, abc: t["abc"].stringValue, status: t["status"].stringValue)
                let list = try ClientDirectory.codes(try rt.database(), asOf: rt.asOfString, filter: filter)
                return [.table(LuaTable(array: list.map { .string(LuaString($0)) }))]
            } },
            // A client's people: the registry's contact fields, and when each was last contacted.
            "contacts": { args in
                let people = try ClientHistory.contactRows(try rt.database(), clientId: try id(args), asOf: rt.asOfString)
                var list = ClientTables.rows(.contacts, people.map(\.fields))
                for (i, p) in people.enumerated() {
                    list[i]["last_contact"] = s(p.lastContact)
                    list[i]["days_since_contact"] = p.lastContact.flatMap(Day.init(iso:)).map { .integer(Int64($0.days(to: rt.asOf))) } ?? .nil
                }
                return [rows(list)]
            },
            // A client's rows, with the fields the registry declares for each table.
            "orders": { args in try misuse {
                let list = try ClientHistory.rows(try rt.database(), .orders, clientId: try id(args), asOf: rt.asOfString, window: try window(args, 2))
                return [.reference(try ClientTables.list(lua, .orders, list))]
            } },
            "payments": { args in try misuse {
                let list = try ClientHistory.rows(try rt.database(), .payments, clientId: try id(args), asOf: rt.asOfString, window: try window(args, 2))
                return [.reference(try ClientTables.list(lua, .payments, list))]
            } },
            "interactions": { args in try misuse {
                let w = try window(args, 2, extra: ["kind"])
                let kind = try args.optionalTable(2)?["kind"].stringValue
                let list = try ClientHistory.rows(try rt.database(), .interactions, clientId: try id(args), asOf: rt.asOfString,
                                                  window: w, kind: kind)
                return [.reference(try ClientTables.list(lua, .interactions, list))]
            } },
            // A window's sums as four values (the prelude makes the table): a seasonal
            // measure calls this several times per client.
            "totals": { args in try misuse {
                let client = try id(args)
                func date(_ i: Int, _ key: String) throws -> String? {
                    switch try args.value(i) {
                    case .nil: return nil
                    case .string(let s) where Day(iso: s.description).map(Day.supported.contains) == true: return s.description
                    case let v: throw Misuse(problem: "field '\(key)' must be a date like 2026-11-25, got \(shown(v))")
                    }
                }
                let w = ClientHistory.Window(from: try date(2, "from"), to: try date(3, "to"))
                let t: (sales: Int64, orders: Int, payments: Int64, paymentCount: Int)
                if let ledger = try rt.ledger() {
                    let (from, to) = w.days(asOf: rt.asOfString)
                    t = ledger.totals(clientId: client, from: from, to: to)
                } else {
                    t = try ClientHistory.totals(try rt.database(), clientId: client, asOf: rt.asOfString, window: w)
                }
                return [.number(ClientTables.yuan(t.sales)), .integer(Int64(t.orders)),
                        .number(ClientTables.yuan(t.payments)), .integer(Int64(t.paymentCount))]
            } },
            "score": { args in
                let history = try RunStore.history(try rt.database(), clientId: try id(args))
                guard let last = history.last else { return [.nil] }
                return [rows([scoreRow(last.run, last.score)]).tableValue?[1] ?? .nil]
            },
            "history": { args in
                let history = try RunStore.history(try rt.database(), clientId: try id(args))
                return [rows(history.map { scoreRow($0.run, $0.score) })]
            },
        ]
    }

    final class MetatableBox {
        var ref: LuaRef?
        /// Gives a client table's `metrics` the playbook's own measures (nil: it has none).
        var attach: LuaRef?
    }
}
