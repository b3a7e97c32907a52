import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook

extension Kehu.PlaybookCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two playbooks over this database: quadrant moves, allocation, follow-ups.",
            discussion: """
            Both playbooks score every active client as of the same date, plan the same budget and \
            draft follow-ups; nothing is stored. Shown: the quadrant transition matrix (rows: A, \
            columns: B), the clients whose quadrant changes ranked by trailing-year sales, the \
            allocation per quadrant and per resource under each, and the follow-ups B adds or drops \
            (by client, kind and contact).

            Examples:
              kehu playbook diff standard fmcg
              kehu playbook diff standard ./acme --as-of 2026-06-30 --budget 50万
              kehu playbook diff standard ./acme --json > diff.json
            """)

        @Argument(help: "The playbook in use (a folder or a shipped name).") var a: String
        @Argument(help: "The playbook to compare it with.") var b: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @Option(help: ArgumentHelp("The budget both plans split, in yuan: 100000, ¥100,000.00 or 10万.", valueName: "amount"))
        var budget: String = "100000"
        @OptionGroup var resources: ResourcesOption
        @OptionGroup var lang: LanguageOption
        @OptionGroup var seed: SeedOption
        @Option(help: "Moved clients and follow-ups listed (0: all).") var limit: Int = 20
        @Flag(help: "No progress bar (it shows only on a terminal anyway).") var quiet = false
        @Flag(help: "Everything as JSON, every moved client and follow-up included.") var json = false

        func validate() throws {
            _ = try budgetFen(budget)
            guard limit >= 0 else { throw ValidationError("--limit expects 0 (all) or more") }
        }

        func run() throws {
            try reportingPlaybookErrors(stores: false) {
                let store = try database.open()
                let left = try PlaybookOptions.session(a, asOf: asOf.day, language: lang.language, store: store, seed: seed.run)
                let right = try PlaybookOptions.session(b, asOf: asOf.day, language: lang.language, store: store, seed: seed.run)
                let bar = Progress(label: "diff", total: 1, quiet: quiet)
                let d = try PlaybookDiff.run(store, a: left, b: right, budget: try budgetFen(budget), resources: resources.list, progress: bar.tracker)
                bar.finish()
                // Named as the playbook being tried names things (its message files), falling back to the other's.
                let names = try Names.of(right.playbook, language: lang.language)
                if json { try JSONOutput.print(Self.json(d, asOf: asOf.day.description)) } else { print(render(d, names: names), terminator: "") }
            }
        }

        static func identity(_ p: Playbook) -> String { "\(p.name) \(p.version) (\(p.hash.prefix(12)))" }

        func render(_ d: PlaybookDiff.Result, names: Names) -> String {
            let pa = d.a.playbook, pb = d.b.playbook
            var out = "\(Self.identity(pa)) → \(Self.identity(pb)) as of \(asOf.day), \(d.a.scores.count) active clients\n"
            if d.isEmpty { return out + "no change: the same quadrants, plan and follow-ups\n" }
            let quadrants = Quadrant.allCases.map(\.rawValue)
            out += "\n象限迁移 quadrants (rows: \(pa.name), columns: \(pb.name))\n"
            var matrix = TextTable(headers: [""] + quadrants.map { quadrantLabel($0, names) } + ["合计 total"])
            matrix.rightAligned = Set(1...quadrants.count + 1)
            for from in quadrants {
                let row = quadrants.map { d.matrix[from]?[$0] ?? 0 }
                matrix.rows.append([quadrantLabel(from, names)] + row.map(String.init) + [String(row.reduce(0, +))])
            }
            let totals = quadrants.map { to in quadrants.reduce(0) { $0 + (d.matrix[$1]?[to] ?? 0) } }
            matrix.rows.append(["合计 total"] + totals.map(String.init) + [String(totals.reduce(0, +))])
            out += matrix.render() + "\n"

            out += "\n换象限的客户 clients changing quadrant: \(d.moves.count), largest sales first\n"
            if !d.moves.isEmpty {
                var moves = TextTable(headers: ["客户 client", "名称 name", "象限 quadrant", "忠诚 loyalty", "实力 strength", "近一年销售 sales 365d"])
                moves.rightAligned = [3, 4, 5]
                for m in shown(d.moves) {
                    moves.rows.append([m.code, m.name, "\(m.from) → \(m.to)",
                                       "\(scoreText(m.loyalty.a)) → \(scoreText(m.loyalty.b))",
                                       "\(scoreText(m.strength.a)) → \(scoreText(m.strength.b))", Money.yuan(m.sales365)])
                }
                out += moves.render() + "\n" + more(d.moves.count)
            }

            out += "\n资源分配 allocation of \(Money.yuan(d.budget))\n"
            var plan = TextTable(headers: ["", pa.name, pb.name, "变化 change"])
            plan.rightAligned = [1, 2, 3]
            for s in d.byQuadrant { plan.rows.append([quadrantLabel(s.key, names), Money.yuan(s.a), Money.yuan(s.b), Self.signed(s.change)]) }
            for s in d.byResource { plan.rows.append([nameLabel(names.resource(s.key), code: s.key), Money.yuan(s.a), Money.yuan(s.b), Self.signed(s.change)]) }
            out += plan.render() + "\n"

            out += "\n跟进 follow-ups: \(d.added.count) added, \(d.removed.count) removed, \(d.changed.count) changed (by client, kind and contact)\n"
            let changes = d.added.map { ("+", $0, "") } + d.removed.map { ("-", $0, "") }
                + d.changed.map { c in
                    ("~", c.b, c.fields.map { f in
                        f == "due" ? "due \(c.a.due) → \(c.b.due)" : f == "priority" ? "priority \(c.a.priority) → \(c.b.priority)" : f
                    }.joined(separator: ", "))
                }
            if !changes.isEmpty {
                var list = TextTable(headers: ["", "客户 client", "名称 name", "类型 kind", "联系人 contact", "到期 due", "变化 what changed"])
                for (sign, f, what) in shown(changes) { list.rows.append([sign, f.code, f.clientName, nameLabel(names.kind(f.kind), code: f.kind), f.contact, f.due, what]) }
                out += list.render() + "\n" + more(changes.count)
            }
            return out
        }

        func shown<T>(_ list: [T]) -> ArraySlice<T> { limit == 0 ? list[...] : list.prefix(limit) }

        func more(_ count: Int) -> String {
            limit > 0 && count > limit ? "… \(count - limit) more (--limit 0 lists all, --json gives everything)\n" : ""
        }

        static func signed(_ fen: Int64) -> String { fen == 0 ? "0" : (fen > 0 ? "+" : "−") + Money.yuan(abs(fen)) }

        static func json(_ d: PlaybookDiff.Result, asOf: String) -> [String: Any] {
            func playbook(_ p: Playbook) -> [String: Any] { ["name": p.name, "version": p.version, "hash": p.hash] }
            func shifts(_ list: [PlaybookDiff.Shift], key: String) -> [[String: Any]] {
                list.map { [key: $0.key, "a": JSONOutput.yuan($0.a), "b": JSONOutput.yuan($0.b), "change": JSONOutput.yuan($0.change)] }
            }
            func followup(_ f: Followup) -> [String: Any] {
                ["client": f.code, "name": f.clientName, "kind": f.kind, "contact": f.contact, "due": f.due,
                 "channel": f.channel, "priority": f.priority, "message": f.message]
            }
            return [
                "a": playbook(d.a.playbook), "b": playbook(d.b.playbook), "as_of": asOf, "clients": d.a.scores.count,
                "budget": JSONOutput.yuan(d.budget), "resources": d.resources, "matrix": d.matrix,
                "moves": d.moves.map { m -> [String: Any] in
                    ["client": m.code, "name": m.name, "from": m.from, "to": m.to, "loyalty_a": m.loyalty.a, "loyalty_b": m.loyalty.b,
                     "strength_a": m.strength.a, "strength_b": m.strength.b, "sales_365d": JSONOutput.yuan(m.sales365)]
                },
                "allocation": ["by_quadrant": shifts(d.byQuadrant, key: "quadrant"), "by_resource": shifts(d.byResource, key: "resource")],
                "followups": ["added": d.added.map(followup), "removed": d.removed.map(followup),
                              "changed": d.changed.map { ["a": followup($0.a), "b": followup($0.b), "fields": $0.fields] as [String: Any] }],
            ]
        }
    }
}
