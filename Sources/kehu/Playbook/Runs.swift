import ArgumentParser
import KehuCore

extension Kehu {
    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List stored runs: which playbook (name, version, content hash) ran on which date, and when.",
            discussion: """
            Examples:
              kehu runs
              kehu runs --kind score --limit 5 --json
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
            let runs = try store.read { try RunStore.list($0, kind: kind.flatMap(RunInfo.Kind.init(rawValue:)), limit: limit) }
            if json {
                try JSONOutput.print(runs.map { r -> [String: Any] in
                    ["id": r.id, "kind": r.kind.rawValue, "playbook": r.playbook, "version": r.version, "hash": r.hash,
                     "as_of": r.asOf, "created_at": r.createdAt, "clients": r.clients, "params": JSONOutput.raw(r.params)]
                })
                return
            }
            var table = TextTable(headers: ["run", "kind", "playbook", "version", "hash", "as of", "ran at (UTC)", "clients"])
            table.rightAligned = [0, 7]
            table.rows = runs.map { [String($0.id), $0.kind.rawValue, $0.playbook, $0.version, String($0.hash.prefix(12)),
                                     $0.asOf, $0.createdAt, String($0.clients)] }
            print(table.render())
            print("\(runs.count) run\(runs.count == 1 ? "" : "s")")
        }
    }
}
