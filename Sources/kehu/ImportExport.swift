import ArgumentParser
import Foundation
import KehuCore

extension ImportTable: ExpressibleByArgument {}

extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument.lowercased() {
        case "utf8", "utf-8": self = .utf8
        case "gbk", "gb18030", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }

    public static var allValueStrings: [String] { ["utf8", "gbk"] }
}

extension Kehu {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a CSV file into one table: all of it, or nothing.",
            discussion: """
            Tables: clients, contacts, orders, payments, interactions (import clients first). \
            Headers may be the canonical names (code,name,kind,…) or what Chinese software \
            exports (客户编号, 客户名称, 类型, 信用额度, 订单号, 日期, 金额, …), in any order. \
            UTF-8 (with or without BOM) and GB18030/GBK are detected; a file that reads as \
            both (no Chinese in three-byte UTF-8, every other character also a GBK one) is \
            refused until --encoding says which. Dates like 2026-11-23, \
            2026/11/23, 2026年11月23日; amounts like 1,234.50, ¥1,234.50, 12.5万 (below 10¹² yuan).

            Rows upsert by code (contacts by client and name). A row that matches an existing \
            record changes only the columns the file has: a column the file leaves out keeps \
            its value, and a column that is there with an empty cell clears that field (text \
            to empty, a number or date to none, credit limit and terms to 0, stage and status \
            to their defaults). --replace resets the left-out columns too. A client's \
            attributes (属性) are a JSON object merged into the stored one: keys it gives are \
            set, a key given as null is removed, the others stay (an empty cell changes \
            nothing, even with --replace); a column attr.NAME (or 属性.NAME) sets that one \
            attribute as text, and an empty cell in it removes the attribute. Interactions are added; one identical to an \
            interaction already stored is skipped and counted.

            The file is one encoding throughout: a damaged or mixed file is refused at its \
            first bad byte. Any bad row rejects the whole file, listing every problem as \
            FILE:LINE:COLUMN; nothing is written.

            Examples:
              kehu import clients 客户.csv
              kehu import orders orders.csv --dry-run        # check only, and show what would change
              kehu import clients 标签.csv                    # code,name,kind,tags: the other fields stay
              kehu import payments 回款.csv --as-of 2026-11-23
            """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "clients, contacts, orders, payments or interactions.") var table: ImportTable
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Ignore columns Kehu does not know instead of rejecting the file.") var ignoreUnknown = false
        @Flag(help: "Check the file and say what it would change; write nothing.") var dryRun = false
        @Flag(help: "Replace matching records whole: columns the file leaves out are reset to their defaults.") var replace = false
        @Flag(help: "Add interactions even when the same one is already stored.") var keepDuplicates = false
        @Option(help: ArgumentHelp("Payments after this day are an error (default: today).", valueName: "date"), transform: Day.argument) var asOf: Day?
        @Option(help: ArgumentHelp("The file's encoding, utf8 or gbk (GB18030, GBK, GB2312); detected when left out.", valueName: "name")) var encoding: TextEncoding?
        @Flag(help: "Print nothing but errors.") var quiet = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            let store = try database.open()
            var options = ImportOptions(asOf: (asOf ?? Day.today).description, ignoreUnknown: ignoreUnknown, dryRun: dryRun,
                                        replace: replace, keepDuplicates: keepDuplicates)
            options.encoding = encoding
            do {
                // Rows are about lines; a quoted field with a line break only makes the bar finish early.
                let progress = Progress(label: "import \(table.rawValue)", total: data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }, quiet: quiet)
                let report = try Importer.run(table, data: data, fileName: file, into: store, options: options) { progress.update($0) }
                progress.finish()
                if !quiet {
                    let enc = report.encoding == .gb18030 ? " (GB18030)" : ""
                    if dryRun {
                        print("\(file)\(enc): \(report.rows) \(table.rawValue) rows are valid; they would make "
                              + "\(report.summary(table)); nothing written (--dry-run)")
                        for example in report.examples { print("  " + example.description) }
                        if report.updated > report.examples.count, !report.examples.isEmpty {
                            print("  … and \(report.updated - report.examples.count) more updated rows")
                        }
                    } else {
                        print("imported \(report.rows) \(table.rawValue) rows from \(file)\(enc): \(report.summary(table))")
                    }
                }
            } catch let e as ImportError {
                FileHandle.standardError.write(Data((e.description + "\n").utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a table as CSV (canonical columns; importing it back gives the same data).",
            discussion: """
            Examples:
              kehu export clients                 # to stdout
              kehu export orders orders.csv
            """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "clients, contacts, orders, payments or interactions.") var table: ImportTable
        @Argument(help: "Where to write (default: stdout).") var file: String?

        func run() throws {
            let store = try database.open()
            let data = try store.read { try Exporter.csv(table, from: $0) }
            if let file {
                try OutputFile.write(data, to: file)
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}
