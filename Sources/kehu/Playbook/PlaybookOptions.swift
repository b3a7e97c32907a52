import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook

/// `--playbook` and `--lang`: which policy a run uses and the language it drafts in.
struct PlaybookOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A playbook folder, or a shipped playbook's name (default: standard).", valueName: "dir"))
    var playbook: String?

    @Option(name: .customLong("lang"), help: ArgumentHelp("The language of drafted messages and reasons: zh or en.", valueName: "lang"))
    var language: String = "zh"

    func validate() throws {
        guard ["zh", "en"].contains(language) else { throw ValidationError("--lang expects zh or en, found '\(language)'") }
    }

    /// Loads the playbook (falling back to the standard one hook by hook) for a run as of `asOf`.
    func session(asOf: String) throws -> PlaybookSession {
        try Self.session(playbook, asOf: asOf, language: language)
    }

    /// A session for the playbook named by a folder or a shipped name (nil: the standard one).
    static func session(_ playbook: String?, asOf: String, language: String) throws -> PlaybookSession {
        guard let day = Day(iso: asOf) else { throw ValidationError("--as-of expects a date like 2026-11-25, found '\(asOf)'") }
        let pb = try playbook.map { try Playbook.load(folder: try Playbook.locate($0)) }
        return try PlaybookSession(playbook: pb, asOf: day, language: language, log: { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        })
    }
}

/// Runs a playbook command body; a playbook error is printed as `kehu: …` with its Lua
/// traceback, and the exit status is 1 (nothing was stored).
func reportingPlaybookErrors(stores: Bool = true, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as PlaybookError {
        var text = "kehu: \(e.description)\n"
        if let tb = e.traceback, !tb.isEmpty { text += tb + "\n" }
        if stores { text += "nothing was stored\n" }
        FileHandle.standardError.write(Data(text.utf8))
        throw ExitCode(1)
    }
}

/// Scores with one decimal, as reports show them.
func scoreText(_ d: Double) -> String { String(format: "%.1f", d) }

/// 重点 key, 发展 develop, 观察 watch, 淘汰 phase_out.
func quadrantLabel(_ q: String) -> String {
    switch q {
    case "key": return "重点 key"
    case "develop": return "发展 develop"
    case "watch": return "观察 watch"
    case "phase_out": return "淘汰 phase_out"
    default: return q
    }
}
