import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook

extension Kehu {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the dealer's report as one self-contained HTML file, with charts.",
            discussion: """
            From the latest score run and the data as of its date: the loyalty × strength scatter \
            with the quadrant bars, the ABC Pareto curve with its 80 % and 95 % marks, receivables \
            by age and by rep with the clients over their credit limit, the moves since the \
            previous run, the latest allocation plan and this week's follow-ups, key clients first. \
            Charts are inline SVG: the file opens anywhere, offline, and reads on a phone.

            Examples:
              kehu score && kehu report --out report.html
              kehu report --out report-en.html --lang en
            """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("The HTML file to write.", valueName: "file")) var out: String = "report.html"
        @OptionGroup var lang: LanguageOption
        @Option(help: ArgumentHelp("The playbook whose due rule ages receivables and whose names of quadrants, follow-up kinds and resources the report uses (default: the active installed one, else standard).", valueName: "name|dir"))
        var playbook: String?
        @Flag(help: "Print nothing but errors.") var quiet = false

        func run() throws {
            try reportingPlaybookErrors(stores: false) {
                let store = try database.open()
                let progress = Progress(label: "report", total: 2, quiet: quiet)
                // Debt is aged by the playbook's due rule, as of the score run's date.
                let runDay = try store.read { try RunStore.latest($0, kind: .score) }.flatMap { Day(iso: $0.asOf) } ?? Day.today
                let session = try PlaybookOptions.session(playbook, asOf: runDay, language: lang.language, store: store, seed: 0)
                let report = try store.read { db in try session.runtime.using(db) { try DealerReport.load(db, terms: session.dueTerms) } }
                progress.advance()
                let names = try Names.of(session.playbook, language: lang.language)
                let html = HTMLReport(report: report, language: lang.language, database: URL(fileURLWithPath: database.resolvedPath).lastPathComponent,
                                      version: Kehu.version, names: names).render()
                let url = URL(fileURLWithPath: out)
                try OutputFile.write(Data(html.utf8), to: out)
                progress.finish()
                if !quiet {
                    print("wrote \(url.path): \(report.points.count) clients of score run \(report.run.id) as of \(report.run.asOf), \(html.utf8.count / 1024) KiB")
                }
            }
        }
    }
}
