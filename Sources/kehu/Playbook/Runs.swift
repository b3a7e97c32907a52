import ArgumentParser
import Foundation
import KehuCore

extension Kehu {
    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List stored runs: which playbook (name, version, content hash) ran on which date, and when; prune old runs' detail.",
            discussion: """
            Examples:
              kehu runs
              kehu runs --kind score --limit 5 --json
              kehu runs prune --keep 30              # keep the parts of the newest 30 score runs
              kehu runs prune --older-than 90d       # drop the parts of score runs made over 90 days ago
            """,
            subcommands: [List.self, Prune.self],
            defaultSubcommand: List.self
        )
    }
}

extension Kehu.Runs {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List stored runs, newest first, with about how much each keeps in the database (the default).",
            discussion: """
            Examples:
              kehu runs list --kind score --limit 5
              kehu runs --json
            """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "score, allocate or followups.") var kind: String?
        @Option(help: "Show at most N runs (newest first).") var limit: Int = 20
        @Flag(help: "Machine-readable output.") var json = false

        func validate() throws {
            if let kind, RunInfo.Kind(rawValue: kind) == nil {
                throw ValidationError("--kind expects score, allocate or followups, found '\(kind)'")
            }
        }

        func run() throws {
            let store = try database.open()
            let (runs, sizes) = try store.read { db in
                let runs = try RunStore.list(db, kind: kind.flatMap(RunInfo.Kind.init(rawValue:)), limit: limit)
                return (runs, try RunStore.sizes(db, runs: runs.map(\.id)))
            }
            if json {
                try JSONOutput.print(runs.map { r -> [String: Any] in
                    ["id": r.id, "kind": r.kind.rawValue, "playbook": r.playbook, "version": r.version, "hash": r.hash,
                     "as_of": r.asOf, "created_at": r.createdAt, "clients": r.clients, "params": JSONOutput.raw(r.params),
                     "bytes": sizes[r.id] ?? 0, "pruned_on": r.prunedOn ?? NSNull()]
                })
                return
            }
            var table = TextTable(headers: ["run", "kind", "playbook", "version", "hash", "as of", "ran at (UTC)", "clients", "size"])
            table.rightAligned = [0, 7, 8]
            table.rows = runs.map { r in
                [String(r.id), r.kind.rawValue, r.playbook, r.version, String(r.hash.prefix(12)), r.asOf, r.createdAt,
                 String(r.clients), Self.size(sizes[r.id] ?? 0) + (r.prunedOn != nil ? " (pruned)" : "")]
            }
            print(table.render())
            let total = sizes.values.reduce(0, +)
            print("\(runs.count) run\(runs.count == 1 ? "" : "s"), about \(Self.size(total)) of stored rows"
                  + " (values only; SQLite's pages add some; kehu runs prune drops old runs' detail)")
        }

        /// "212 KB", "1.4 MB": decimal units, as `ls -h --si` and `du --si` write them.
        static func size(_ bytes: Int64) -> String {
            let units = ["B", "KB", "MB", "GB", "TB"]
            var v = Double(bytes), u = 0
            while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
            return u == 0 ? "\(bytes) B" : (v < 10 ? String(format: "%.1f %@", v, units[u]) : String(format: "%.0f %@", v, units[u]))
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop old score runs' detail — the parts lists that explain a score — keeping every run's summary and every client's scores and quadrants.",
            discussion: """
            What stays: each run (kehu runs), each client's loyalty, strength, quadrant, ABC class and reason in \
            every run (its history, kehu quadrant, kehu report). What goes: the parts behind the scores of the \
            pruned runs, so kehu explain cannot show them (it compares with the newest run that kept them). \
            Allocation and follow-up runs are not touched.

            The database file does not shrink by itself: SQLite reuses the freed pages for the next runs. To give \
            the space back to the disk, run VACUUM when nothing else uses the database (it rewrites the file and \
            needs as much free space again): sqlite3 kehu.db 'VACUUM'

            Examples:
              kehu runs prune --keep 30
              kehu runs prune --older-than 90d --dry-run
              kehu runs prune --keep 7 --older-than 2026-06-30
            """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Keep the detail of the newest N score runs.", valueName: "N")) var keep: Int?
        @Option(help: ArgumentHelp("Prune only runs made before this date (YYYY-MM-DD) or this long ago (90d, 12w, 6m, 1y).",
                                   valueName: "date|span")) var olderThan: String?
        @Flag(help: "Say what would be pruned; change nothing.") var dryRun = false

        func validate() throws {
            if keep == nil && olderThan == nil {
                throw ValidationError("say which runs keep their detail: --keep N, --older-than DATE|SPAN, or both")
            }
            if let keep, keep < 0 { throw ValidationError("--keep expects a count of 0 or more, found \(keep)") }
            if let olderThan { _ = try Self.cutoff(olderThan, today: Day.today) }
        }

        /// The date before which runs are pruned: a date, or a span back from today (counted
        /// as `playbook backtest --horizon` counts it: a month is 30 days, a year 365).
        static func cutoff(_ text: String, today: Day) throws -> String {
            if let day = Day(iso: text) { return day.description }
            guard let days = Kehu.PlaybookCommand.Backtest.days(text) else {
                throw ValidationError("--older-than expects a date like 2026-06-30 or a span like 90d, 12w, 6m or 1y, found '\(text)'")
            }
            return today.adding(days: -days).description
        }

        func run() throws {
            let store = try database.open()
            let today = Day.today
            let since = try olderThan.map { try Self.cutoff($0, today: today) }
            let pruned: [Int64]
            if dryRun {
                pruned = try store.read { db in try RunStore.pruneCandidates(db, keep: keep, olderThan: since) }
            } else {
                pruned = try store.write { db in try RunStore.prune(db, keep: keep, olderThan: since, today: today.description) }
            }
            let what = pruned.isEmpty ? "no score run" : "\(pruned.count) score run\(pruned.count == 1 ? "" : "s") ("
                + (pruned.count <= 8 ? pruned.map(String.init).joined(separator: ", ") : "\(pruned.first!)…\(pruned.last!)") + ")"
            if dryRun {
                print("would prune the detail of \(what); nothing was changed")
            } else {
                print("pruned the detail of \(what); their scores and quadrants are kept")
                if !pruned.isEmpty {
                    print("the file keeps its size until VACUUM (when nothing else uses it): sqlite3 \(store.path ?? "kehu.db") 'VACUUM'")
                }
            }
        }
    }
}
