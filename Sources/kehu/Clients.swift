import ArgumentParser
import Foundation
import KehuCore

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
        @Option(help: "sales, code, name, receivable or overdue.") var sort: String = "sales"
        @Option(help: "Show at most N clients (0: all, the default).") var limit: Int?
        @Flag(help: "Machine-readable output.") var json = false

        func validate() throws {
            guard ClientSort(rawValue: sort) != nil else {
                throw ValidationError("--sort expects one of \(ClientSort.allCases.map(\.rawValue).joined(separator: ", ")), found '\(sort)'")
            }
            if let abc, !["A", "B", "C"].contains(abc.uppercased()) { throw ValidationError("--abc expects A, B or C, found '\(abc)'") }
        }

        func run() throws {
            let store = try database.open()
            let filter = ClientFilter(kind: kind, region: region, owner: owner, tag: tag, abc: abc, status: status)
            let list = try store.read {
                try ClientDirectory.list($0, asOf: asOf.day.description, filter: filter, sort: ClientSort(rawValue: sort)!, limit: limit.flatMap { $0 > 0 ? $0 : nil })
            }
            if json {
                try JSONOutput.print(list.map(JSONOutput.summary))
                return
            }
            var table = TextTable(headers: ["编号 code", "名称 name", "类型 kind", "区域 region", "业务员 rep", "ABC",
                                            "近一年销售 sales 365d", "应收 receivable", "逾期 overdue"])
            table.rightAligned = [6, 7, 8]
            for s in list {
                table.rows.append([s.client.code, s.client.name, s.client.kind, s.client.region, s.client.owner, s.metrics.abc,
                                   Money.yuan(s.metrics.sales365), Money.yuan(s.metrics.receivable), Money.yuan(s.metrics.overdue)])
            }
            print(table.render())
            print("\(list.count) client\(list.count == 1 ? "" : "s") as of \(asOf.day)")
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
        @Flag(help: "Machine-readable output.") var json = false

        func run() throws {
            let store = try database.open()
            let file = try store.read { try ClientFile.load($0, code: code, asOf: asOf.day.description) }
            if json {
                try JSONOutput.print(JSONOutput.file(file))
                return
            }
            print(ClientFileView(file: file, asOf: asOf.day.description).render())
        }
    }
}
