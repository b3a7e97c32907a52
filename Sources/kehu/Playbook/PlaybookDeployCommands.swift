import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook

/// Who is doing this, for the installation and activation records: `--by`, else the login name.
func currentUser(_ by: String?) -> String {
    if let by, !by.isEmpty { return by }
    let env = ProcessInfo.processInfo.environment
    if let user = env["USER"] ?? env["LOGNAME"], !user.isEmpty { return user }
    if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
    return "unknown"
}

/// Runs a deployment command, turning a store refusal into `kehu: …` and exit status 1.
func reportingDeployErrors(_ body: () throws -> Void) throws {
    try reportingPlaybookErrors(stores: false) {
        do { try body() } catch let e as KehuError { throw PlaybookError.run(e.description) }
    }
}

extension Kehu.PlaybookCommand {
    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pack a playbook into one file to send to a dealer.",
            discussion: """
            The pack holds the playbook's name, version, content hash and its .lua and .txt files. \
            A playbook that fails 'kehu playbook check' is not packed.

            Examples:
              kehu playbook pack ./acme                      # writes acme-0.1.0.kehupack
              kehu playbook pack ./acme --out /tmp/acme.kehupack
            """)
        @Argument(help: "The playbook folder (or a shipped playbook's name).") var playbook: String
        @Option(help: ArgumentHelp("Where to write the pack (default: ./NAME-VERSION.kehupack).", valueName: "file")) var out: String?

        func run() throws {
            try reportingPlaybookErrors(stores: false) {
                let folder = try Playbook.locate(playbook)
                let errors = PlaybookCheck.run(folder: folder).filter { $0.severity == .error }
                guard errors.isEmpty else {
                    throw PlaybookError.run("\(folder.path) fails its check, so it was not packed:\n" + errors.map { "  \($0)" }.joined(separator: "\n"))
                }
                let pack = try PlaybookPack.make(from: try Playbook.load(folder: folder))
                let url = URL(fileURLWithPath: out ?? pack.fileName)
                try OutputFile.write(try pack.encoded(), to: url.path)
                print("packed \(pack.name) \(pack.version) (\(pack.hash.prefix(12))), \(pack.files.count) files → \(url.path)")
                print("next, on the dealer's machine: kehu playbook install \(url.lastPathComponent) && kehu playbook use \(pack.name)@\(pack.version)")
            }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a pack (or a folder) and store it in the dealer's database.",
            discussion: """
            The pack's files must hash to the hash it carries (a pack damaged or edited after packing \
            is refused; compare the printed hash with the one 'pack' printed to know it is the \
            consultant's) and pass 'kehu playbook check'. Installing never runs the playbook on the data \
            and does not make it active: 'kehu playbook use' does. Who installed which version and \
            when is recorded.

            Examples:
              kehu playbook install acme-0.1.0.kehupack
              kehu playbook install ./acme --by 王顾问 --use
            """)
        @Argument(help: "A .kehupack file, or a playbook folder.") var source: String
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Who installs it (default: your login name).", valueName: "name")) var by: String?
        @Flag(help: "Make it the active playbook too.") var use = false

        func run() throws {
            try reportingDeployErrors {
                let store = try database.open()
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir) else {
                    throw PlaybookError.run("no pack or folder at \(source)")
                }
                let data = isDir.boolValue
                    ? try PlaybookPack.make(from: try Playbook.load(folder: URL(fileURLWithPath: source))).encoded()
                    : try Data(contentsOf: URL(fileURLWithPath: source))
                let who = currentUser(by)
                let installed: InstalledPlaybook
                switch try PlaybookPack.install(data, source: source, into: store, by: who, use: use) {
                case .installed(let p):
                    installed = p
                    print("installed \(p.label) (\(p.hash.prefix(12))) by \(p.installedBy) at \(p.installedAt)")
                case .alreadyInstalled(let p):
                    installed = p
                    print("\(p.label) (\(p.hash.prefix(12))) is installed already, since \(p.installedAt) by \(p.installedBy)")
                }
                if use {
                    print("now using \(installed.label) for score, allocate and followups")
                } else if !installed.active {
                    print("make it active with: kehu playbook use \(installed.label)")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The playbooks installed in this database, and the active one.",
            discussion: """
            Examples:
              kehu playbook list
              kehu playbook list --history      # who made which version active, and rollbacks
            """)
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Show the activation history too.") var history = false

        func run() throws {
            try reportingDeployErrors {
                let store = try database.open()
                let (all, events) = try store.read { db in (try InstalledPlaybooks.list(db), try InstalledPlaybooks.history(db)) }
                if all.isEmpty {
                    print("no playbook is installed: runs use the shipped standard playbook (kehu playbook install FILE)")
                    return
                }
                var table = TextTable(headers: ["", "playbook", "version", "hash", "installed (UTC)", "by", "description"])
                for p in all {
                    table.rows.append([p.active ? "*" : "", p.name, p.version, String(p.hash.prefix(12)), p.installedAt, p.installedBy, p.description])
                }
                print(table.render())
                if let active = all.first(where: \.active) {
                    print("active: \(active.label) (score, allocate and followups use it when no --playbook is given)")
                } else {
                    print("active: the shipped standard playbook (kehu playbook use NAME[@VERSION] to change)")
                }
                if history {
                    print("")
                    var log = TextTable(headers: ["when (UTC)", "action", "playbook", "by", ""])
                    for e in events { log.rows.append([e.at, e.action, e.playbook, e.by, e.undone ? "rolled back" : ""]) }
                    print(events.isEmpty ? "no version has been made active yet" : log.render())
                }
            }
        }
    }

    struct Use: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an installed playbook the one runs use when no --playbook is given.",
            discussion: """
            Examples:
              kehu playbook use acme             # its latest installed version
              kehu playbook use acme@0.1.0
            """)
        @Argument(help: "NAME or NAME@VERSION of an installed playbook.") var playbook: String
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Who makes the change (default: your login name).", valueName: "name")) var by: String?

        func run() throws {
            try reportingDeployErrors {
                let store = try database.open()
                let chosen = try store.write { db -> InstalledPlaybook in
                    let p = try InstalledPlaybooks.find(db, playbook)
                    try InstalledPlaybooks.use(db, p, by: currentUser(by))
                    return p
                }
                print("now using \(chosen.label) (\(chosen.hash.prefix(12))) for score, allocate and followups")
            }
        }
    }

    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Go back to the playbook version that was active before the current one.",
            discussion: """
            Each 'use' is a step forward; each rollback undoes the latest one still in force. Past \
            the first, runs use the shipped standard playbook again.

            Examples:
              kehu playbook rollback
              kehu playbook list --history
            """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Who makes the change (default: your login name).", valueName: "name")) var by: String?

        func run() throws {
            try reportingDeployErrors {
                let store = try database.open()
                let (from, to) = try store.write { db -> (InstalledPlaybook?, InstalledPlaybook?) in
                    let from = try InstalledPlaybooks.active(db)
                    return (from, try InstalledPlaybooks.rollback(db, by: currentUser(by)))
                }
                let target = to.map { "\($0.label) (\($0.hash.prefix(12)))" } ?? "the shipped standard playbook"
                print("rolled back from \(from?.label ?? "?") to \(target)")
            }
        }
    }
}
