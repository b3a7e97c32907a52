import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook
import LuaEngine

/// `--as-of DATE` for every command that shows metrics.
struct AsOfOption: ParsableArguments {
    @Option(help: ArgumentHelp("The date metrics are computed as of (default: today).", valueName: "date"), transform: Day.argument)
    var asOf: Day?

    /// The as-of day: the option's, else today.
    var day: Day { asOf ?? Day.today }
}

extension Kehu {
    struct Clients: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List clients with their sales, receivables and ABC class.",
            discussion: """
            Examples:
              kehu clients --limit 20                       # the 20 largest by trailing-year sales
              kehu clients --kind channel --region 浙江 --abc A
              kehu clients --owner 王伟 --sort overdue
              kehu clients --tag 回款慢 --json
              kehu clients --playbook agri --sort harvest_debt   # sort by a playbook's own measure

            Receivables are aged by the playbook in effect: its `due` decides when each order \
            falls due (default: the client's payment terms). Its own measures (`metrics` in its \
            init.lua) show as extra columns and under "playbook_metrics" in --json.
            """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @Option(help: "upstream, partner, channel or terminal.") var kind: String?
        @Option(help: "Region (matches part of it, e.g. 浙江).") var region: String?
        @Option(help: "The sales rep.") var owner: String?
        @Option(help: "A tag.") var tag: String?
        @Option(help: "ABC class: A, B or C.") var abc: String?
        @Option(help: "active, dormant or phased_out.") var status: String?
        @Option(help: "sales, code, name, receivable, overdue, or one of the playbook's own measures (largest first).") var sort: String = "sales"
        @OptionGroup var playbook: PlaybookChoice
        @Option(help: "Show at most N clients (0: all, the default).") var limit: Int?
        @Flag(help: "Machine-readable output.") var json = false

        func validate() throws {
            if let abc, !["A", "B", "C"].contains(abc.uppercased()) { throw ValidationError("--abc expects A, B or C, found '\(abc)'") }
        }

        func run() throws {
          try reportingPlaybookErrors(stores: false) {
            let store = try database.open()
            let session = try playbook.session(asOf: asOf.day, store: store)
            let measures = session.playbookMetricNames
            let bySort = ClientSort(rawValue: sort)
            guard bySort != nil || measures.contains(sort) else {
                let all = ClientSort.allCases.map(\.rawValue) + measures
                throw ValidationError("--sort expects one of \(all.joined(separator: ", ")), found '\(sort)'"
                    + (PlaybookCheck.nearest(sort, among: all).map { " — did you mean '\($0)'?" } ?? ""))
            }
            let filter = ClientFilter(kind: kind, region: region, owner: owner, tag: tag, abc: abc, status: status)
            let shown = limit.flatMap { $0 > 0 ? $0 : nil }
            var rows: [(summary: ClientSummary, measures: [(name: String, value: LuaValue)])] = []
            try store.read { db in
                try session.runtime.using(db) {
                    // Sorting by a measure needs it for every client listed; otherwise only
                    // the clients shown compute theirs.
                    let list = try ClientDirectory.list(db, asOf: asOf.day.description, filter: filter, sort: bySort ?? .code,
                                                        limit: bySort == nil ? nil : shown, terms: session.dueTerms,
                                                        dormancy: session.dormancy)
                    rows = try list.map { ($0, try session.playbookMetrics($0.client, $0.metrics)) }
                }
            }
            if bySort == nil {
                rows = PlaybookMeasures.sorted(rows, by: sort)
                if let shown { rows = Array(rows.prefix(shown)) }
            }
            if json {
                try JSONOutput.printList(rows) { row -> [String: Any] in
                    var out = JSONOutput.summary(row.summary)
                    if !measures.isEmpty { out["playbook_metrics"] = PlaybookMeasures.json(row.measures) }
                    return out
                }
                return
            }
            var table = TextTable(headers: ["编号 code", "名称 name", "类型 kind", "区域 region", "业务员 rep", "ABC",
                                            "近一年销售 sales 365d", "应收 receivable", "逾期 overdue"] + measures)
            table.rightAligned = [6, 7, 8]
            for (s, m) in rows {
                table.rows.append([s.client.code, s.client.name, s.client.kind, s.client.region, s.client.owner, s.metrics.abc,
                                   Money.yuan(s.metrics.sales365), Money.yuan(s.metrics.receivable), Money.yuan(s.metrics.overdue)]
                                  + PlaybookMeasures.cells(m, names: measures))
            }
            print(table.render())
            print("\(rows.count) client\(rows.count == 1 ? "" : "s") as of \(asOf.day)"
                  + (session.dueTerms != nil ? ", debt due by \(session.playbook.name)'s rule" : ""))
          }
        }
    }

    struct Client: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one client's file: profile, contacts, metrics, recent orders, payments and contacts made.",
            discussion: """
            Examples:
              kehu client C000042
              kehu client C000042 --as-of 2026-06-30 --json
            """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @Argument(help: "The client's code.") var code: String
        @OptionGroup var playbook: PlaybookChoice
        @Flag(help: "Machine-readable output.") var json = false

        func run() throws {
          try reportingPlaybookErrors(stores: false) {
            let store = try database.open()
            let session = try playbook.session(asOf: asOf.day, store: store)
            var measures: [(name: String, value: LuaValue)] = []
            let file = try store.read { db in
                try session.runtime.using(db) {
                    let file = try ClientFile.load(db, code: code, asOf: asOf.day.description, terms: session.dueTerms,
                                                   dormancy: session.dormancy)
                    measures = try session.playbookMetrics(file.summary.client, file.summary.metrics)
                    return file
                }
            }
            if json {
                var out = JSONOutput.file(file)
                if !session.playbookMetricNames.isEmpty { out["playbook_metrics"] = PlaybookMeasures.json(measures) }
                try JSONOutput.print(out)
                return
            }
            var text = ClientFileView(file: file, asOf: asOf.day.description).render()
            if session.dueTerms != nil || !session.playbookMetricNames.isEmpty {
                var lines = ["", "\(session.playbook.name) \(session.playbook.version):"]
                if session.dueTerms != nil { lines.append("  overdue and ageing above follow its due rule (init.lua's due)") }
                for name in session.playbookMetricNames {
                    lines.append("  \(name) = " + (measures.first { $0.name == name }.map { PlaybookMeasures.text($0.value) } ?? "nil"))
                }
                text += lines.joined(separator: "\n")
            }
            print(text)
          }
        }
    }
}

/// `--playbook` for a command that shows metrics: whose `due` ages debt, whose measures show.
struct PlaybookChoice: ParsableArguments {
    @Option(help: ArgumentHelp("The playbook whose due rule and own measures apply: a folder, an installed NAME[@VERSION] or a shipped name (default: the active installed one, else standard).", valueName: "playbook"))
    var playbook: String?

    func session(asOf: Day, store: KehuDatabase) throws -> PlaybookSession {
        try PlaybookOptions.session(playbook, asOf: asOf, language: "zh", store: store, seed: 0)
    }
}

/// A playbook's own measures as commands show them.
enum PlaybookMeasures {
    static func text(_ v: LuaValue) -> String {
        switch v {
        case .string(let s): return s.description.escapedForTerminal
        case .nil: return "nil"
        default: return v.description
        }
    }

    static func cells(_ m: [(name: String, value: LuaValue)], names: [String]) -> [String] {
        names.map { name in m.first { $0.name == name }.map { text($0.value) } ?? "" }
    }

    static func json(_ m: [(name: String, value: LuaValue)]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (name, v) in m {
            switch v {
            case .integer(let i): out[name] = i
            case .number(let d): out[name] = d
            case .boolean(let b): out[name] = b
            case .string(let s): out[name] = s.description
            default: continue
            }
        }
        return out
    }

    /// Rows by a measure: numbers largest first, then strings, then false/true, then none;
    /// client code breaks ties.
    typealias Row = (summary: ClientSummary, measures: [(name: String, value: LuaValue)])

    static func sorted(_ rows: [Row], by name: String) -> [Row] {
        func key(_ r: Row) -> (Int, Double, String) {
            switch r.measures.first(where: { $0.name == name })?.value {
            case .integer(let i)?: return (0, -Double(i), "")
            case .number(let d)?: return (0, -d, "")
            case .string(let s)?: return (1, 0, s.description)
            case .boolean(let b)?: return (2, b ? -1 : 0, "")
            default: return (3, 0, "")
            }
        }
        let keys = rows.map(key)
        return rows.indices.sorted { i, j in
            keys[i] != keys[j] ? keys[i] < keys[j] : rows[i].summary.client.code < rows[j].summary.client.code
        }.map { rows[$0] }
    }
}
