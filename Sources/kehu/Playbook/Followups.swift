import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook

extension Kehu {
    struct Followups: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft follow-ups with a playbook, list them, and mark them done or skipped.",
            discussion: """
            Drafting asks the playbook's followups hook about every active client and stores what it \
            proposes as open tasks — never a second open one of the same client, kind and contact.

            Examples:
              kehu followups draft --as-of 2026-11-25          # or just: kehu followups
              kehu followups draft --lang en --client C000042
              kehu followups list --owner 王伟
              kehu followups done 12 15
              kehu followups skip 13
            """,
            subcommands: [Draft.self, List.self, Done.self, Skip.self],
            defaultSubcommand: Draft.self
        )

        struct Draft: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Draft follow-ups for every active client (the default).",
                discussion: """
                Examples:
                  kehu followups draft --as-of 2026-11-25
                  kehu followups draft --client C000042 --lang en --dry-run
                """)

            @OptionGroup var database: DatabaseOptions
            @OptionGroup var asOf: AsOfOption
            @OptionGroup var playbook: PlaybookOptions
            @Option(help: "Only this client.") var client: String?
            @Flag(help: "Show what would be drafted without storing it.") var dryRun = false
            @Flag(help: "Go on past a client whose hook fails, then list every failing client (nothing is stored).") var keepGoing = false
            @Flag(help: "Machine-readable output.") var json = false
            @Flag(help: "Print only the summary line.") var quiet = false

            func run() throws {
                try reportingPlaybookErrors {
                    let store = try database.open()
                    let session = try playbook.session(asOf: asOf.day, store: store)
                    let bar = Progress(label: "followups", total: 1, quiet: quiet || json)
                    let r = try FollowupRun.run(store, session: session, client: client, dryRun: dryRun, keepGoing: keepGoing, progress: bar.tracker)
                    bar.finish()
                    if json {
                        try JSONOutput.print(r.drafted.map(FollowupView.json))
                        return
                    }
                    if !quiet { print(FollowupView.table(r.drafted, withId: false)) }
                    let stored = dryRun ? "dry run: nothing stored"
                        : "stored \(r.stored) as open tasks\(r.drafted.count > r.stored ? ", \(r.drafted.count - r.stored) already open" : "") (run \(r.run!))"
                    let superseded = r.superseded.isEmpty ? ""
                        : "; \(r.superseded.count) open follow-up\(r.superseded.count == 1 ? "" : "s") no longer drafted \(dryRun ? "would be" : "superseded") (kehu followups list --status superseded)"
                    print("drafted \(r.drafted.count) follow-ups as of \(asOf.day) with \(session.playbook.name); \(stored)\(superseded)")
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List follow-ups (open ones by default).",
                discussion: """
                Examples:
                  kehu followups list --owner 王伟
                  kehu followups list --status all --json
                """)

            @OptionGroup var database: DatabaseOptions
            @Option(help: "open, done, skipped, superseded or all.") var status: String = "open"
            @Option(help: "The sales rep.") var owner: String?
            @Option(help: "One client's code.") var client: String?
            @Option(help: ArgumentHelp("Due on or before this date.", valueName: "date")) var due: String?
            @Flag(help: "Machine-readable output.") var json = false

            func validate() throws {
                guard status == "all" || Followup.Status(rawValue: status) != nil else {
                    throw ValidationError("--status expects open, done, skipped, superseded or all, found '\(status)'")
                }
            }

            func run() throws {
                let store = try database.open()
                let filter = FollowupFilter(status: Followup.Status(rawValue: status), owner: owner, client: client, dueBy: due)
                let list = try store.read { try FollowupStore.list($0, filter) }
                if json {
                    try JSONOutput.print(list.map(FollowupView.json))
                    return
                }
                print(FollowupView.table(list, withId: true))
                print("\(list.count) follow-up\(list.count == 1 ? "" : "s")")
            }
        }

        struct Done: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Mark open follow-ups done.",
                discussion: """
                By id, or every open follow-up of a kind, a client or a drafting run (the \
                conditions together). All of them change, or none when an id is not open.

                Examples:
                  kehu followups done 12 15 16
                  kehu followups done --kind preseason_stocking --client C000042
                  kehu followups done --run 7                 # everything run 7 drafted that is still open
                """)
            @OptionGroup var database: DatabaseOptions
            @OptionGroup var asOf: AsOfOption
            @Argument(help: "Follow-up ids, as 'kehu followups list' shows them.") var ids: [Int64] = []
            @OptionGroup var select: FollowupSelection
            func validate() throws { try select.validate(ids: ids) }
            func run() throws { try close(database, ids, select, .done, asOf.day.description) }
        }

        struct Skip: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Mark open follow-ups skipped.",
                discussion: """
                By id, or every open follow-up of a kind, a client or a drafting run (the \
                conditions together). All of them change, or none when an id is not open.

                Examples:
                  kehu followups skip 12 15 16
                  kehu followups skip --kind preseason_stocking --client C000042
                  kehu followups skip --run 7                 # everything run 7 drafted that is still open
                """)
            @OptionGroup var database: DatabaseOptions
            @OptionGroup var asOf: AsOfOption
            @Argument(help: "Follow-up ids, as 'kehu followups list' shows them.") var ids: [Int64] = []
            @OptionGroup var select: FollowupSelection
            func validate() throws { try select.validate(ids: ids) }
            func run() throws { try close(database, ids, select, .skipped, asOf.day.description) }
        }
    }
}

/// `--kind`, `--client`, `--run`: which open follow-ups to close, besides ids.
struct FollowupSelection: ParsableArguments {
    @Option(help: "Every open follow-up of this kind.") var kind: String?
    @Option(help: "Every open follow-up of this client (its code).") var client: String?
    @Option(help: ArgumentHelp("Every open follow-up this run drafted ('kehu runs' lists them).", valueName: "id")) var run: Int64?

    var isEmpty: Bool { kind == nil && client == nil && run == nil }

    func validate(ids: [Int64]) throws {
        if ids.isEmpty && isEmpty { throw ValidationError("give follow-up ids, or --kind, --client or --run") }
        if !ids.isEmpty && !isEmpty { throw ValidationError("give either ids or --kind/--client/--run, not both") }
    }
}

/// Marks follow-ups done or skipped in one transaction: all of them, or none when one id is
/// not an open follow-up.
private func close(_ database: DatabaseOptions, _ ids: [Int64], _ select: FollowupSelection, _ status: Followup.Status, _ day: String) throws {
    let store = try database.open()
    var count = ids.count
    do {
        try store.write { db in
            var chosen = ids
            if !select.isEmpty {
                chosen = try FollowupStore.openIds(db, kind: select.kind, client: select.client, run: select.run)
                guard !chosen.isEmpty else {
                    let what = [select.kind.map { "of kind \($0)" }, select.client.map { "of client \($0)" }, select.run.map { "drafted by run \($0)" }].compactMap { $0 }
                    throw ValidationError("no open follow-up \(what.joined(separator: " ")) — nothing changed")
                }
            }
            count = chosen.count
            let missing = try FollowupStore.close(db, ids: chosen, as: status, on: day)
            if !missing.isEmpty { throw ValidationError("no open follow-up with id \(missing.map(String.init).joined(separator: ", ")) — nothing changed") }
        }
    } catch let e as ValidationError {
        FileHandle.standardError.write(Data("kehu: \(e.message.escapedForTerminal)\n".utf8))
        throw ExitCode(1)
    }
    print("marked \(count) follow-up\(count == 1 ? "" : "s") \(status.rawValue)")
}

enum FollowupView {
    static func table(_ list: [Followup], withId: Bool) -> String {
        var t = TextTable(headers: (withId ? ["id"] : []) + ["到期 due", "优先 pri", "客户 client", "类型 kind", "方式 channel",
                                                             "联系人 contact", "内容 message"])
        if withId { t.rightAligned = [0] }
        for f in list {
            t.rows.append((withId ? [f.id.map(String.init) ?? ""] : [])
                          + [f.due, String(f.priority), f.code, f.kind, f.channel, f.contact, oneLine(f.message)])
        }
        return t.render()
    }

    static func oneLine(_ s: String, max: Int = 60) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: " ")
        return flat.count > max ? String(flat.prefix(max)) + "…" : flat
    }

    static func json(_ f: Followup) -> [String: Any] {
        ["id": f.id as Any, "client": f.code, "kind": f.kind, "due": f.due, "channel": f.channel, "contact": f.contact,
         "message": f.message, "priority": f.priority, "status": f.status.rawValue, "drafted_on": f.draftedOn,
         "closed_on": f.closedOn as Any]
    }
}
