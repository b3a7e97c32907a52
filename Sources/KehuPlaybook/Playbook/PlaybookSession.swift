import Foundation
import KehuCore
import LuaEngine

/// The playbook's `due` as the metrics take it.
final class DueTerms: ReceivableTerms {
    unowned let session: PlaybookSession
    init(session: PlaybookSession) { self.session = session }
    func dueDays(_ connection: StoreConnection, client: ClientRecord, metrics: ClientMetrics, unpaid: [UnpaidOrder],
                 orders: [[FieldValue]]) throws -> [Int] {
        try session.dueDays(connection, client, metrics, unpaid, orders)
    }
}

/// A playbook loaded into a fresh sandboxed state for one run: its hooks, falling back to
/// the standard playbook's, and the `kehu` module bound to the run's date and language.
///
/// ```swift
/// let session = try PlaybookSession(playbook: fmcg, asOf: Day(iso: "2026-11-25")!)
/// let (score, parts) = try session.loyalty(clientTable, code: "C0001")
/// ```
public final class PlaybookSession {
    /// The hooks a playbook may implement, in the order a run calls them.
    public enum Hook: String, CaseIterable, Sendable {
        case due, loyalty, strength, quadrant, allocate, followups
    }

    public let playbook: Playbook
    public let standard: Playbook
    public let runtime: KehuRuntime
    let lua: LuaState
    let module: KehuModule
    private var hooks: [Hook: LuaRef] = [:]
    /// Which playbook each hook comes from (for error messages and `explain`).
    public private(set) var hookOwner: [Hook: String] = [:]
    /// What the playbook's `init.lua` returned: each key (in sorted order) with its value's type.
    public private(set) var returnedKeys: [(key: String, type: String)] = []
    /// How a budget is split between quadrants, from the playbook or the standard one.
    public private(set) var allocationShares: [String: Double] = [:]

    /// Loads `playbook` (the standard one when nil) for a run as of `asOf`.
    /// - Parameters:
    ///   - language: the language messages are drafted in (`zh`, `en`).
    ///   - limits: the sandbox limits each hook call runs under.
    ///   - seed: seeds `math.random`, so a run is reproducible (nil: Lua's own seed).
    ///   - realClock: `os.time` and `os.clock` tell the real time (scripts), instead of noon of
    ///     the as-of date (runs).
    ///   - log: where `kehu.log` lines go (besides ``KehuRuntime/log``).
    ///   - trusted: a person's own session (`--trust`): every standard library (pass the
    ///     limits it should have, usually `.unlimited`).
    ///   - lenientMessages: load the templates a message file has despite its problems (for
    ///     `playbook check`, which reports them).
    ///   - output: where `print` writes (default: the log); `standardOutput` sends it to the
    ///     process's standard output as `lua5.4` does.
    public init(playbook: Playbook? = nil, asOf: Day, language: String = "zh", limits: LuaLimits = .default,
                seed: Int64? = 0, trusted: Bool = false, output: ((String) -> Void)? = nil, standardOutput: Bool = false,
                realClock: Bool = false, log: ((String) -> Void)? = nil, lenientMessages: Bool = false) throws {
        let standard = try Playbook.load(folder: try Playbook.standardFolder())
        let playbook = playbook ?? standard
        self.playbook = playbook
        self.standard = standard
        var messages = MessageBook()
        // `playbook check` reports every problem of the message files itself, and goes on.
        if lenientMessages { try messages.addReporting(folder: playbook.folder) } else { try messages.add(folder: playbook.folder) }
        if playbook.folder != standard.folder { try messages.add(folder: standard.folder) }
        runtime = KehuRuntime(asOf: asOf, language: language, messages: messages, log: log)
        // The clock a playbook sees is noon of its as-of date: os.time/os.date agree with kehu.today().
        let noon = Double(asOf.ordinal) * 86_400 + 43_200
        lua = try LuaState(profile: trusted ? .trusted : .sandboxed, limits: limits, seed: seed,
                           clock: realClock ? nil : .fixed(noon), output: standardOutput ? nil : (output ?? log), moduleLoader: LuaModuleLoader(roots: [playbook.folder], namesFromRootFolder: true))
        module = try KehuModule.install(in: lua, runtime: runtime)
        // Shared by every hook of the run, so nobody may change it.
        let kehu = try lua.readOnly(module.table, name: "kehu")
        try lua.setGlobal("kehu", .reference(kehu))
        try lua.preload("kehu", .reference(kehu))

        // `kehu.out` is shared too; freeze it like the module.
        if let out = try lua.callForReference(try lua.load("return rawget(..., 'out')", chunkName: "=host"), [.reference(module.table)]) {
            let frozen = try lua.readOnly(out, name: "kehu.out")
            try lua.call(try lua.load("local t, v = ...; rawset(t, 'out', v)", chunkName: "=host"), [.reference(module.table), .reference(frozen)])
        }
        let standardHooks = try load(standard)
        // Other playbooks may call and wrap the standard hooks and retune `settings`, but not
        // replace the hooks themselves (a fallback must run the standard playbook's code).
        try lua.preload("standard", .reference(try lua.readOnly(standardHooks, name: "standard")))
        var custom: LuaRef?
        if playbook.folder != standard.folder { custom = try load(playbook) }
        let keys = try lua.call(try lua.load("""
            local t = ...
            local out = {}
            for k, v in next, t do out[#out + 1] = { type(k) == "string" and k or ("[" .. tostring(k) .. "]"), type(v) } end
            table.sort(out, function(a, b) return a[1] < b[1] end)
            return out
            """, chunkName: "=hooks"), [.reference(custom ?? standardHooks)])
        returnedKeys = (keys.first?.tableValue?.array ?? []).compactMap { pair in
            guard let t = pair.tableValue, let k = t[1].stringValue, let type = t[2].stringValue else { return nil }
            return (k, type)
        }
        for hook in Hook.allCases {
            if let custom, let f = try field(custom, hook.rawValue, of: playbook) {
                hooks[hook] = f
                hookOwner[hook] = playbook.name
            } else if let f = try field(standardHooks, hook.rawValue, of: standard) {
                hooks[hook] = f
                hookOwner[hook] = standard.name
            }
        }
        allocationShares = try shares(custom, of: playbook) ?? shares(standardHooks, of: standard) ?? [:]
        dormancy = try dormancyRule(standardHooks, of: standard, over: .standard)
        dormancy = try dormancyRule(custom, of: playbook, over: dormancy)
        runtime.dormancy = dormancy
        try defineMetrics(standard: standardHooks, custom: custom)
        outcomes = try readOutcomes(standard: standardHooks, custom: custom)
        if hooks[.due] != nil {
            dueTerms = DueTerms(session: self)
            runtime.terms = dueTerms
        }
    }

    /// What a backtest counts as a hit (`outcomes` in init.lua: the playbook's, key by key over
    /// the standard playbook's).
    public struct Outcomes {
        /// Per quadrant: `stayed`, `grew`, `stopped`, or `rule` (the playbook's function).
        public var expected: [String: String]
        var rules: [String: LuaRef] = [:]
        /// The follow-up kinds that flag a credit risk.
        public var creditFlags: [String]
        /// The playbook's test of a flag coming true (nil: overdue, by `due`, at the horizon's end).
        var flagRule: LuaRef?
        public var flagRuleIsThePlaybooks: Bool { flagRule != nil }
    }
    public private(set) var outcomes = Outcomes(expected: [:], creditFlags: [])

    static let outcomeNames = ["stayed", "grew", "stopped"]

    private func readOutcomes(standard: LuaRef, custom: LuaRef?) throws -> Outcomes {
        let getter = try lua.load("local t = ...; return rawget(t, 'outcomes')", chunkName: "=hooks")
        let lister = try lua.load("""
            local t = ...
            local out = {}
            for k, v in next, t do out[#out + 1] = { tostring(k), type(k), type(v), v } end
            table.sort(out, function(a, b) return a[1] < b[1] end)
            return out
            """, chunkName: "=hooks")
        var result = Outcomes(expected: [:], creditFlags: [])
        for (table, pb) in [(standard, self.standard), (custom, playbook)] {
            guard let table, let ref = try lua.callForReference(getter, [.reference(table)]) else { continue }
            func bad(_ text: String) -> Error {
                PlaybookError.invalid(folder: pb.folder.path, "\(pb.name): outcomes\(text)")
            }
            guard ref.typeName == "table" else { throw bad(" must be a table ({ key = \"stayed\", …, credit_flags = { … } }), found a \(ref.typeName)") }
            let quadrants = Quadrant.allCases.map(\.rawValue)
            for entry in try lua.call(lister, [.reference(ref)]).first?.tableValue?.array ?? [] {
                guard let e = entry.tableValue, let key = e[1].stringValue, let type = e[3].stringValue else { continue }
                if quadrants.contains(key) {
                    switch e[4] {
                    case .string(let s) where Self.outcomeNames.contains(s.description):
                        result.expected[key] = s.description
                        result.rules[key] = nil
                    case .function(let f):
                        result.expected[key] = "rule"
                        result.rules[key] = f
                    default:
                        throw bad(".\(key) must be \(Self.outcomeNames.map { "\"\($0)\"" }.joined(separator: ", ")) or a function of the client's horizon, found \(type == "string" ? "\"\(e[4].description.escapedForTerminal)\"" : "a " + type)")
                    }
                } else if key == "credit_flags" {
                    guard case .table(let list) = e[4], list.hash.isEmpty, list.array.allSatisfy({ $0.stringValue != nil }) else {
                        throw bad(".credit_flags must be a list of follow-up kinds ({ \"credit_guard\", … })")
                    }
                    result.creditFlags = list.array.compactMap(\.stringValue)
                } else if key == "credit_flag_came_true" {
                    guard case .function(let f) = e[4] else { throw bad(".credit_flag_came_true must be a function of the client's horizon, found a \(type)") }
                    result.flagRule = f
                } else {
                    let known = quadrants + ["credit_flags", "credit_flag_came_true"]
                    throw bad(" has a key \(key.escapedForTerminal)" + (PlaybookCheck.nearest(key, among: known).map { " — did you mean '\($0)'?" } ?? " (its keys: \(known.joined(separator: ", ")))"))
                }
            }
        }
        for q in Quadrant.allCases.map(\.rawValue) where result.expected[q] == nil { result.expected[q] = "stayed" }
        return result
    }

    /// Asks one of the playbook's outcome functions about a client's horizon: true or false.
    func judge(_ rule: LuaRef, _ horizon: LuaTable, what: String, client: String) throws -> Bool {
        let r: [LuaValue]
        do { r = try lua.call(rule, [.table(horizon)]) } catch let e as LuaError {
            note(e)
            throw PlaybookError.hook(playbook: playbook.name, hook: what, client: client, message: e.message, traceback: e.traceback)
        }
        guard case .boolean(let b)? = r.first else {
            throw PlaybookError.hook(playbook: playbook.name, hook: what, client: client,
                                     message: "returned \(r.first?.typeName ?? "nothing") — an outcome is true or false", traceback: nil)
        }
        return b
    }

    /// When unpaid orders fall due, by the playbook's `due` (nil: the payment terms).
    public private(set) var dueTerms: ReceivableTerms?

    /// The playbook's own measures (`metrics = { … }` in init.lua, the standard's and then the
    /// playbook's), by name, sorted.
    public private(set) var playbookMetricNames: [String] = []

    /// Reads `metrics` from the standard playbook's and the playbook's init.lua, checks them
    /// (a table of functions named as identifiers, none a kehu metric) and makes the function
    /// that gives each client table's `metrics` a metatable computing them on first read.
    private func defineMetrics(standard: LuaRef, custom: LuaRef?) throws {
        let getter = try lua.load("local t = ...; return rawget(t, 'metrics')", chunkName: "=hooks")
        var defs = LuaTable()
        var names: [String] = []
        let builtin = Set(ClientMetrics.fields.map(\.name))
        for (table, pb) in [(standard, self.standard), (custom, playbook)] {
            guard let table else { continue }
            guard let ref = try lua.callForReference(getter, [.reference(table)]) else { continue }
            guard ref.typeName == "table" else {
                throw PlaybookError.invalid(folder: pb.folder.path, "\(pb.name): 'metrics' in init.lua must be a table of functions (metrics = { name = function(c) … end }), found a \(ref.typeName)")
            }
            let listed = try lua.call(try lua.load("""
                local t = ...
                local out = {}
                for k, v in next, t do out[#out + 1] = { tostring(k), type(k), type(v), v } end
                table.sort(out, function(a, b) return a[1] < b[1] end)
                return out
                """, chunkName: "=hooks"), [.reference(ref)])
            for entry in listed.first?.tableValue?.array ?? [] {
                guard let e = entry.tableValue, let name = e[1].stringValue else { continue }
                let isName = e[2].stringValue == "string" && name.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil
                guard isName else {
                    throw PlaybookError.invalid(folder: pb.folder.path, "\(pb.name): metrics has a key \(name.escapedForTerminal) — each measure is named like a Lua variable (metrics = { harvest_debt = function(c) … end })")
                }
                guard e[3].stringValue == "function" else {
                    throw PlaybookError.invalid(folder: pb.folder.path, "\(pb.name): metrics.\(name) must be a function of the client, found a \(e[3].stringValue ?? "?")")
                }
                guard !builtin.contains(name) else {
                    throw PlaybookError.invalid(folder: pb.folder.path, "\(pb.name): metrics.\(name) would hide kehu's own c.metrics.\(name) — give the measure another name")
                }
                defs[name] = e[4]
                if !names.contains(name) { names.append(name) }
            }
        }
        playbookMetricNames = names.sorted()
        guard !names.isEmpty else { return }
        let make = try lua.load(Self.metricsAttacher, chunkName: "=metrics")
        module.box.attach = try lua.callForReference(make, [.table(defs)])
    }

    /// Gives a client table's `metrics` the playbook's measures: each computed on its first
    /// read, by its function called with the client, kept for the table's life (nil too).
    static let metricsAttacher = """
        local defs = ...
        local type, rawset, setmetatable, error, tostring, pcall = type, rawset, setmetatable, error, tostring, pcall
        local missing = {}
        return function(c)
          local m = c.metrics
          local done, busy = {}, {}
          setmetatable(m, { __index = function(t, k)
            local f = defs[k]
            if f == nil then return nil end
            local v = done[k]
            if v ~= nil then if v == missing then return nil end return v end
            if busy[k] then error("measure '" .. tostring(k) .. "' reads itself (c.metrics." .. tostring(k) .. " inside its own function)", 2) end
            busy[k] = true
            local ok
            ok, v = pcall(f, c)
            busy[k] = nil
            if not ok then error(v, 0) end   -- as it was raised (its FILE:LINE kept)
            local kind = type(v)
            if kind == "number" then
              if v ~= v or v == 1/0 or v == -1/0 then error("measure '" .. k .. "' returned " .. tostring(v) .. " for client " .. tostring(c.code) .. " — a measure is a finite number, a string, a boolean or nil", 2) end
            elseif kind ~= "string" and kind ~= "boolean" and kind ~= "nil" then
              error("measure '" .. k .. "' returned a " .. kind .. " for client " .. tostring(c.code) .. " — a measure is a number, a string, a boolean or nil", 2)
            end
            if v == nil then done[k] = missing else done[k] = v end
            return v
          end })
        end
        """

    /// The playbook's own measures of one client, by name (nil values left out), computed as
    /// hooks see them: for `kehu client`, `kehu clients` and `explain`.
    public func playbookMetrics(_ record: ClientRecord, _ metrics: ClientMetrics) throws -> [(name: String, value: LuaValue)] {
        guard !playbookMetricNames.isEmpty else { return [] }
        let table = try clientTable(record, metrics)
        if metricsReader == nil {
            metricsReader = try lua.load("local c, names = ...; local out = {}; for i = 1, #names do out[i] = c.metrics[names[i]] end; return out, #names", chunkName: "=metrics")
        }
        let names = LuaTable(array: playbookMetricNames.map { .string(LuaString($0)) })
        do {
            let r = try lua.call(metricsReader!, [.reference(table), .table(names)])
            let values = r.first?.tableValue ?? LuaTable()
            return playbookMetricNames.enumerated().compactMap { i, name in
                let v = values[.integer(Int64(i + 1))]
                return v == .nil ? nil : (name, v)
            }
        } catch let e as LuaError {
            note(e)
            throw PlaybookError.hook(playbook: playbook.name, hook: "metrics", client: record.code, message: e.message, traceback: e.traceback)
        }
    }
    private var metricsReader: LuaRef?

    /// Metrics of every client as of `asOf`, debt aged by the playbook's `due`.
    public func metrics(_ db: StoreConnection, asOf: String) throws -> [ClientMetrics] {
        try runtime.using(db) { try runtime.computeMetrics(db, asOf: asOf) }
    }

    /// Calls `due` for one client's unpaid orders: one call into Lua per client, which asks
    /// `due` about each order; every answer is then checked here.
    fileprivate func dueDays(_ db: StoreConnection, _ record: ClientRecord, _ metrics: ClientMetrics, _ unpaid: [UnpaidOrder],
                             _ rows: [[FieldValue]]) throws -> [Int] {
        try runtime.using(db) {
            let table = try clientTable(record, metrics)
            if dueCaller == nil {
                guard let f = hooks[.due] else { return [] }
                let wrap = try lua.load("""
                    local due = ...   -- named so that tracebacks say "in upvalue 'due'"
                    local unpack = table.unpack
                    return function(c, orders)
                      local out, n = {}, #orders
                      for i = 1, n do out[i] = due(c, orders[i]) end
                      return unpack(out, 1, n)
                    end
                    """, chunkName: "=due")
                dueCaller = try lua.callForReference(wrap, [.function(f)])
            }
            let fields = ClientHistory.rowFields(.orders)
            let orders = try lua.makeTable(arrayCount: rows.count) { list in
                for (row, o) in zip(rows, unpaid) {
                    try list.appendTable(fieldCount: fields.count + 1) { t in
                        for (field, value) in zip(fields, row) { try ClientTables.set(&t, field, value) }
                        t.set("outstanding", ClientTables.yuan(o.outstanding))
                    }
                }
            }
            // Each answer as the hook gave it: its text if a string, else its type (or, for a
            // number, the number) for the message.
            let answers: [(text: String?, shown: String)]
            do {
                answers = try lua.call(dueCaller!, [.reference(table), .reference(orders)]) { r in
                    (0..<rows.count).map { i in
                        let type = r.typeName(i + 1)
                        if type == "string" { return (r.string(i + 1), "") }
                        guard type == "number", let d = r.number(i + 1) else { return (nil, type) }
                        return (nil, d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : LuaValue.number(d).description)
                    }
                }
            } catch let e as LuaError {
                note(e)
                throw PlaybookError.hook(playbook: hookOwner[.due] ?? playbook.name, hook: "due", client: record.code,
                                         message: e.message, traceback: e.traceback)
            }
            let codeIndex = fields.firstIndex { $0.name == "code" }
            return try rows.indices.map { i in
                let code: String
                if let k = codeIndex, case .text(let c) = rows[i][k] { code = c } else { code = "#\(i + 1)" }
                func fail(_ text: String) -> Error { invalid(.due, record.code, "for order \(code): \(text)") }
                guard let s = answers[i].text else {
                    throw fail("returned \(answers[i].shown) — due returns \(Hook.due.spec.resultText)")
                }
                guard let day = Day(iso: s), Day.supported.contains(day) else {
                    throw fail("returned \"\(s)\", not a date like 2026-12-31 within \(Day.supported.lowerBound)…\(Day.supported.upperBound)")
                }
                return Int(day.ordinal)
            }
        }
    }
    private var dueCaller: LuaRef?

    /// Runs a playbook's `init.lua` in its own environment; returns the hooks table.
    private func load(_ pb: Playbook) throws -> LuaRef {
        let url = pb.folder.appendingPathComponent("init.lua")
        guard let source = FileManager.default.contents(atPath: url.path) else {
            throw PlaybookError.invalid(folder: pb.folder.path, "\(url.path) is missing: a playbook's hooks live in init.lua")
        }
        do {
            let env = try lua.newEnvironment()
            // Named by folder and file: Lua cuts chunk names at 60 bytes, so a full path would be lost.
            let chunk = try lua.load(bytes: Array(source), chunkName: "@" + pb.folder.lastPathComponent + "/init.lua", env: env)
            guard let table = try lua.callForReference(chunk), table.typeName == "table" else {
                throw PlaybookError.invalid(folder: pb.folder.path, "\(url.path) must return a table of hooks (return { loyalty = …, … })")
            }
            return table
        } catch let e as LuaError {
            throw PlaybookError.hook(playbook: pb.name, hook: "init.lua", client: nil, message: e.message, traceback: e.traceback)
        }
    }

    private func field(_ table: LuaRef, _ name: String, of pb: Playbook) throws -> LuaRef? {
        let getter = try lua.load("local t, k = ...; return rawget(t, k)", chunkName: "=hooks")
        guard let value = try lua.callForReference(getter, [.reference(table), .string(LuaString(name))]) else { return nil }
        guard value.typeName == "function" else {
            throw PlaybookError.invalid(folder: pb.folder.path, "\(pb.name): '\(name)' in init.lua must be a function, found a \(value.typeName)")
        }
        return value
    }

    /// What decides `metrics.dormant` and the horizon of `p_quiet` (`dormancy` in init.lua:
    /// the playbook's, key by key over the standard playbook's).
    public private(set) var dormancy = DormancyRule.standard

    private func dormancyRule(_ table: LuaRef?, of pb: Playbook, over base: DormancyRule) throws -> DormancyRule {
        guard let table else { return base }
        let getter = try lua.load("local t = ...; return rawget(t, 'dormancy')", chunkName: "=hooks")
        let value = try lua.call(getter, [.reference(table)]).first
        guard case .table(let t)? = value else {
            if let value, value != .nil {
                throw PlaybookError.invalid(folder: pb.folder.path, "\(pb.name): dormancy must be a table ({ p_alive = 0.5, rhythm_factor = 2, minimum_days = 60, horizon_days = 180 }), found \(value.description.escapedForTerminal)")
            }
            return base
        }
        func bad(_ key: String, _ want: String, _ v: LuaValue) -> Error {
            PlaybookError.invalid(folder: pb.folder.path, "\(pb.name): dormancy.\(key) must be \(want), found \(v.description.escapedForTerminal)")
        }
        func number(_ v: LuaValue) -> Double? {
            switch v {
            case .integer(let i): return Double(i)
            case .number(let d) where d.isFinite: return d
            default: return nil
            }
        }
        var rule = base
        let names = DormancyRule.settings.map(\.name)
        if let stray = (t.array.indices.map { LuaValue.integer(Int64($0 + 1)) } + t.hash.keys)
            .first(where: { !names.contains($0.stringValue ?? "") }) {
            throw PlaybookError.invalid(folder: pb.folder.path,
                "\(pb.name): dormancy has a key \(stray.description.escapedForTerminal) — its keys are \(names.joined(separator: ", "))")
        }
        let p = t["p_alive"], f = t["rhythm_factor"], d = t["minimum_days"], h = t["horizon_days"]
        if p != .nil { guard let x = number(p), (0...1).contains(x) else { throw bad("p_alive", "a number from 0 to 1", p) }; rule.pAliveBelow = x }
        if f != .nil { guard let x = number(f), x >= 0 else { throw bad("rhythm_factor", "a number ≥ 0", f) }; rule.rhythmFactor = x }
        if d != .nil {
            guard case .integer(let x) = d, x >= 0, x <= 36500 else { throw bad("minimum_days", "a whole number of days from 0 to 36500", d) }
            rule.minimumDays = Int(x)
        }
        if h != .nil {
            guard case .integer(let x) = h, x >= 1, x <= Int64(DormancyRule.maxHorizonDays) else {
                throw bad("horizon_days", "a whole number of days from 1 to \(DormancyRule.maxHorizonDays)", h)
            }
            rule.horizonDays = Int(x)
        }
        return rule
    }

    private func shares(_ table: LuaRef?, of pb: Playbook) throws -> [String: Double]? {
        guard let table else { return nil }
        let getter = try lua.load("local t = ...; return rawget(t, 'allocation_shares')", chunkName: "=hooks")
        guard case .table(let t)? = try lua.call(getter, [.reference(table)]).first else { return nil }
        var out: [String: Double] = [:]
        for q in Quadrant.allCases {
            switch t[q.rawValue] {
            case .nil: continue
            case .integer(let i) where i >= 0: out[q.rawValue] = Double(i)
            case .number(let d) where d >= 0 && d.isFinite: out[q.rawValue] = d
            case let v: throw PlaybookError.invalid(folder: pb.folder.path, "\(pb.name): allocation_shares.\(q.rawValue) must be a number ≥ 0, found \(v.description.escapedForTerminal)")
            }
        }
        let quadrants = Set(Quadrant.allCases.map(\.rawValue))
        if let stray = (t.array.indices.map { LuaValue.integer(Int64($0 + 1)) } + t.hash.keys)
            .first(where: { !quadrants.contains($0.stringValue ?? "") }) {
            throw PlaybookError.invalid(folder: pb.folder.path,
                "\(pb.name): allocation_shares has a key \(stray.description.escapedForTerminal) — its keys are \(Quadrant.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        // Shares are fractions of the whole budget: a sum other than 1 is a mistake, not a scale.
        let sum = out.values.reduce(0, +)
        guard abs(sum - 1) <= Self.sharesTolerance else {
            throw PlaybookError.invalid(folder: pb.folder.path,
                "\(pb.name): allocation_shares add up to \(LuaValue.number(sum).description), not 1 — each is the share of the budget its quadrant gets (\(Quadrant.allCases.map { "\($0.rawValue) \(out[$0.rawValue].map { LuaValue.number($0).description } ?? "0")" }.joined(separator: ", ")))")
        }
        return out
    }

    /// The hooks this session resolved (the playbook's, else the standard one's), as a table.
    public func hooksTable() throws -> LuaRef {
        var t = LuaTable()
        for (hook, f) in hooks { t[hook.rawValue] = .function(f) }
        return try lua.newTableRef(t)
    }

    /// The identity a run records, as JSON parameters: when any hook falls back to the
    /// standard playbook, its version and hash too (that code shaped the results).
    public func runParams(_ extra: [String: String] = [:]) -> String {
        var fields = extra
        if playbook.folder != standard.folder, hookOwner.values.contains(standard.name) {
            fields["standard_version"] = "\"\(standard.version)\""
            fields["standard_hash"] = "\"\(standard.hash)\""
        }
        return "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }

    /// A client's Lua table, as hooks get it.
    public func clientTable(_ record: ClientRecord, _ metrics: ClientMetrics?) throws -> LuaRef {
        try ClientTables.make(lua, record, metrics, metatable: module.clientMetatable, attach: module.box.attach)
    }

    /// Whether a hook ran into a sandbox limit (memory, instructions, time) or was interrupted:
    /// a run stops there even with --keep-going, since the next client would meet the same.
    public private(set) var hitLimit = false

    private func note(_ e: LuaError) {
        if [.memory, .instructions, .time, .interrupted].contains(e.kind) { hitLimit = true }
    }

    /// Calls a hook; a Lua error becomes ``PlaybookError/hook`` naming the playbook, hook and client.
    func call(_ hook: Hook, _ args: [LuaValue], client: String?) throws -> [LuaValue] {
        guard let f = hooks[hook] else {
            throw PlaybookError.hook(playbook: playbook.name, hook: hook.rawValue, client: client,
                                     message: "no such hook in this playbook or the standard one", traceback: nil)
        }
        do {
            return try lua.call(f, args)
        } catch let e as LuaError {
            note(e)
            throw PlaybookError.hook(playbook: hookOwner[hook] ?? playbook.name, hook: hook.rawValue, client: client,
                                     message: e.message, traceback: e.traceback)
        }
    }

    /// A hook's result refused. The message echoes what the hook returned (a kind, a code, a
    /// date): its control characters are escaped, so a result can neither hide nor fake the rest.
    func invalid(_ hook: Hook, _ client: String?, _ message: String) -> PlaybookError {
        .hook(playbook: hookOwner[hook] ?? playbook.name, hook: hook.rawValue, client: client?.escapedForTerminal,
              message: message.escapedForTerminal, traceback: nil)
    }

    /// A score hook's result: a number 0–100 and its parts (JSON text, written straight
    /// from the Lua table: a run does this twice per client).
    func score(_ hook: Hook, _ client: LuaRef, code: String) throws -> (Double, String) {
        guard let f = try scoreCaller(hook) else {
            throw invalid(hook, code, "no such hook in this playbook or the standard one")
        }
        let read: (value: Double?, type: String, parts: String?, partsType: String, sum: Double?, bad: Double?, badName: String?)
        do {
            read = try lua.call(f, [.reference(client)]) { r in
                let partsType = r.typeName(2)
                guard partsType == "table" else { return (r.number(1), r.typeName(1), nil, partsType, nil, nil, nil) }
                return (r.number(1), r.typeName(1), try r.json(2), partsType, r.number(3), r.number(4), r.string(5))
            }
        } catch let e as LuaError where e.kind == .conversion {
            throw invalid(hook, code, "its parts cannot be stored: \(e.message)")
        } catch let e as LuaError {
            note(e)
            throw PlaybookError.hook(playbook: hookOwner[hook] ?? playbook.name, hook: hook.rawValue, client: code,
                                     message: e.message, traceback: e.traceback)
        }
        guard case .score(let range, let parts, let sums) = hook.spec.result else { fatalError("\(hook) is not a score hook") }
        guard let value = read.value else {
            throw invalid(hook, code, "returned \(read.type) — a \(hook.rawValue) hook returns \(hook.spec.resultText)")
        }
        guard value.isFinite, range.contains(value) else {
            throw invalid(hook, code, "returned \(value) — a score must be between \(ResultCheck.spell(range).replacingOccurrences(of: "–", with: " and "))")
        }
        let shape = "parts are a list of { \(parts.map { "\($0.name) =" }.joined(separator: ", ")) } whose \(sums) add up to the score"
        switch read.partsType {
        case "nil": return (value, "[]")
        case "table":
            if let bad = read.bad {
                guard bad > 0 else { throw invalid(hook, code, "returned parts with keys besides their list — \(shape)") }
                throw invalid(hook, code, "part \(Int(bad))\(read.badName.map { " (\($0))" } ?? "") has no number '\(sums)' — \(shape)")
            }
            let sum = read.sum ?? 0
            guard abs(sum - value) <= Self.pointsTolerance || read.parts == "[]" || read.parts == "{}" else {
                throw invalid(hook, code, "returned \(value) but its parts' \(sums) add up to \(sum) — \(shape) (within \(Self.pointsTolerance))")
            }
            return (value, read.parts ?? "[]")
        default: throw invalid(hook, code, "returned parts of type \(read.partsType) — \(shape)")
        }
    }

    /// How far `allocation_shares` may add up from 1 (0.5 + 0.3 + 0.15 + 0.05 is not exactly 1 in binary).
    public static let sharesTolerance = 1e-9

    /// How far the parts' points may be from the score: rounding, not a missing part.
    public static let pointsTolerance = 0.05

    private var scoreCallers: [Hook: LuaRef] = [:]

    /// A score hook wrapped so that the same call also adds up its parts' points, in Lua
    /// (cheaper than converting every part to Swift for every client): it returns the score,
    /// the parts, their points' sum, and — when a part has no number `points` — its index and
    /// name (0 when the parts have keys besides their list). `explain` shows the parts as what
    /// the score is made of, so their points must add up to it.
    private func scoreCaller(_ hook: Hook) throws -> LuaRef? {
        if let f = scoreCallers[hook] { return f }
        guard let f = hooks[hook] else { return nil }
        guard case .score(_, _, let sums) = hook.spec.result else { return nil }
        let wrap = try lua.load("""
            local \(hook.rawValue) = ...   -- named so that tracebacks say "in upvalue 'loyalty'"
            local type, rawget, rawlen, next, tostring, huge = type, rawget, rawlen, next, tostring, math.huge
            return function(c)
              local score, parts = \(hook.rawValue)(c)
              if type(parts) ~= "table" then return score, parts end
              local n, sum = rawlen(parts), 0
              for i = 1, n do
                local p = rawget(parts, i)
                local points = type(p) == "table" and rawget(p, "\(sums)")
                if type(points) ~= "number" or points ~= points or points == huge or points == -huge then
                  local name = type(p) == "table" and rawget(p, "name") or nil
                  return score, parts, sum, i, name ~= nil and tostring(name) or nil
                end
                sum = sum + points
              end
              local count = 0
              for _ in next, parts do count = count + 1 end
              if count ~= n then return score, parts, sum, 0 end
              return score, parts, sum
            end
            """, chunkName: "=" + hook.rawValue)
        guard let caller = try lua.callForReference(wrap, [.function(f)]) else { return nil }
        scoreCallers[hook] = caller
        return caller
    }

    public func loyalty(_ client: LuaRef, code: String) throws -> (Double, String) { try score(.loyalty, client, code: code) }
    public func strength(_ client: LuaRef, code: String) throws -> (Double, String) { try score(.strength, client, code: code) }

    /// The client's quadrant, and the reason the hook gives for it (nil when it gives none).
    public func quadrant(loyalty: Double, strength: Double, _ client: LuaRef, code: String) throws -> (Quadrant, reason: String?) {
        let r = try call(.quadrant, [.number(loyalty), .number(strength), .reference(client)], client: code)
        let (name, reason) = try ResultCheck.choice(r, spec: Hook.quadrant.spec) { invalid(.quadrant, code, $0) }
        return (Quadrant(rawValue: name)!, reason)
    }

    private var scoreSetter: LuaRef?

    /// Adds a client's stored scores to its table (`c.loyalty`, `c.strength`) for `allocate`.
    func setScores(_ client: LuaRef, loyalty: Double, strength: Double) throws {
        if scoreSetter == nil {
            scoreSetter = try lua.load("local t, l, s = ...; rawset(t, 'loyalty', l); rawset(t, 'strength', s)", chunkName: "=host")
        }
        try lua.call(scoreSetter!, [.reference(client), .number(loyalty), .number(strength)])
    }

    /// Runs a chunk in the session's sandbox with its own globals (`kehu` and `require
    /// "standard"` available) and returns its results. For tools built on a session.
    @discardableResult
    public func run(_ source: String, chunkName: String, args: [LuaValue] = []) throws -> [LuaValue] {
        try lua.run(source, chunkName: chunkName, args: args, env: try lua.newEnvironment())
    }

    /// Which of `names` a chunk of this session can read as globals (the sandbox's libraries,
    /// `kehu`, `require`, …).
    public func globalsDefined(_ names: [String]) throws -> Set<String> {
        let r = try run("""
            local names = ...
            local out = {}
            for i = 1, #names do if _ENV[names[i]] ~= nil then out[#out + 1] = names[i] end end
            return out
            """, chunkName: "=check", args: [.table(LuaTable(array: names.map { .string(LuaString($0)) }))])
        return Set((r.first?.tableValue?.array ?? []).compactMap(\.stringValue))
    }

    /// The Lua state, for tools that run their own chunks in it (`kehu run`).
    public var luaState: LuaState { lua }

    /// The state's peak memory so far (bytes), for run statistics.
    public var peakMemory: Int { lua.peakMemory }
}
