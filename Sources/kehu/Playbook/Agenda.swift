import ArgumentParser
import KehuCore
import KehuPlaybook

extension Kehu {
    struct Agenda: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A rep's day, big rocks first: key clients and risks before the rest.",
            discussion: """
            Lists open follow-ups due on or before the date. Those of key-quadrant clients and those of \
            priority 1 (credit, overdue payments, complaints past their standard) come first. A \
            follow-up whose contact was reached more recently than they like waits, and says until when \
            (a risk, priority 1, never waits).

            Examples:
              kehu agenda --owner 王伟
              kehu agenda --owner 王伟 --limit 10
              kehu agenda --owner 王伟 --date 2026-11-26 --json
            """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The sales rep (default: every rep).") var owner: String?
        @Option(help: ArgumentHelp("The day (default: today).", valueName: "date"), transform: Day.argument) var date: Day?
        @Option(help: "Show at most N follow-ups per section, the rest counted (0: all, the default).") var limit: Int?
        @Option(help: ArgumentHelp("The playbook whose names of follow-up kinds the agenda uses (default: the active installed one, else standard).", valueName: "playbook"))
        var playbook: String?
        @Flag(help: "Machine-readable output.") var json = false

        func run() throws {
            let store = try database.open()
            let day = date ?? Day.today
            let a = try store.read { try Reports.agenda($0, owner: owner, date: day) }
            if json {
                func row(_ e: AgendaEntry) -> [String: Any] {
                    var r = FollowupView.json(e.followup)
                    r["quadrant"] = e.quadrant as Any
                    return r
                }
                try JSONOutput.print(["date": a.date, "owner": a.owner as Any, "big_rocks": a.bigRocks.map(row), "rest": a.rest.map(row),
                                      "waiting": a.waiting.map { var r = row($0.entry); r["until"] = $0.until; return r }])
                return
            }
            // Follow-up kinds as the playbook in effect names them (its messages/zh.txt).
            let names = try Names.of(try PlaybookOptions.load(playbook, store: store), language: "zh")
            print("\(a.owner.map { "\($0)'s" } ?? "Everyone's") day, \(a.date)\n")
            section("大石头 big rocks — key clients and risks first", a.bigRocks, names)
            section("其余 the rest", a.rest, names)
            if !a.waiting.isEmpty {
                print("等待 waiting — the contact was reached recently:")
                for (e, until) in a.waiting { print("  #\(e.followup.id ?? 0) \(e.followup.code) \(e.followup.contact) \(e.followup.kind): not before \(until)") }
            }
        }

        func section(_ title: String, _ entries: [AgendaEntry], _ names: Names) {
            print(title)
            guard !entries.isEmpty else { print("  (nothing)\n"); return }
            var t = TextTable(headers: ["id", "到期 due", "优先 pri", "象限 quadrant", "客户 client", "名称 name", "类型 kind",
                                        "方式 channel", "联系人 contact"])
            t.rightAligned = [0]
            let shown = limit.flatMap { $0 > 0 ? Array(entries.prefix($0)) : nil } ?? entries
            for e in shown {
                let f = e.followup
                t.rows.append([f.id.map(String.init) ?? "", f.due, String(f.priority), e.quadrant ?? "", f.code, f.clientName,
                               names.kind(f.kind) == f.kind ? f.kind : "\(names.kind(f.kind)) \(f.kind)", f.channel, f.contact])
            }
            print(t.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            if shown.count < entries.count { print("  … and \(entries.count - shown.count) more") }
            for e in entries.prefix(3) {
                print("  #\(e.followup.id ?? 0) \(FollowupView.oneLine(e.followup.message, max: 120))")
            }
            print("")
        }
    }
}
