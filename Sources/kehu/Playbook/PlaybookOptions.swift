import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook

/// `--lang`: the language of drafted messages, reasons and reports.
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: ArgumentHelp("The language of messages, reasons and reports: zh or en.", valueName: "lang"))
    var language: String = "zh"

    func validate() throws {
        guard ["zh", "en"].contains(language) else { throw ValidationError("--lang expects zh or en, found '\(language)'") }
    }
}

/// `--resources`: what a budget is spent on.
struct ResourcesOption: ParsableArguments {
    @Option(help: ArgumentHelp("Resources to spend on, comma-separated.", valueName: "list"))
    var resources: String = AllocateRun.defaultResources.joined(separator: ",")

    var list: [String] { resources.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    func validate() throws {
        guard !list.isEmpty else { throw ValidationError("--resources needs at least one resource") }
    }
}

/// A `--budget` in yuan (`500000`, `¥500,000.00`, `50万`), in fen.
func budgetFen(_ text: String) throws -> Int64 {
    guard let fen = try? FieldParsers.fen(text), fen >= 0 else {
        throw ValidationError("--budget expects an amount like 500000, ¥500,000.00 or 50万, found '\(text)'")
    }
    return fen
}

/// `--seed`: what `math.random` is seeded with, so that a run draws the same numbers every time.
struct SeedOption: ParsableArguments {
    @Option(help: ArgumentHelp("Seed math.random with N (default 0: every run draws the same numbers; a trusted 'kehu run' seeds at random, as lua5.4 does).", valueName: "N"))
    var seed: Int64?

    /// The seed a playbook run uses: --seed, else 0.
    var run: Int64 { seed ?? 0 }
}

/// `--playbook` and `--lang`: which policy a run uses and the language it drafts in.
struct PlaybookOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A playbook folder, an installed NAME[@VERSION], or a shipped name (default: the active installed version, else standard).", valueName: "playbook"))
    var playbook: String?

    @OptionGroup var lang: LanguageOption
    var language: String { lang.language }

    @OptionGroup var seedOption: SeedOption

    /// Loads the playbook (falling back to the standard one hook by hook) for a run as of
    /// `asOf`: the one `--playbook` names, else the version active in the database.
    func session(asOf: Day, store: KehuDatabase) throws -> PlaybookSession {
        try Self.session(playbook, asOf: asOf, language: language, store: store, seed: seedOption.run)
    }

    /// A session for the playbook `spec` names (nil: the active installed one, else the
    /// standard one).
    static func session(_ spec: String?, asOf day: Day, language: String, store: KehuDatabase?, seed: Int64) throws -> PlaybookSession {
        try PlaybookSession(playbook: try load(spec, store: store), asOf: day, language: language, seed: seed, log: { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        })
    }

    /// Finds a playbook: a folder with a manifest.lua, else a version installed in the
    /// database (`NAME` for its latest, `NAME@VERSION`), else a shipped one by name. Without
    /// a name: the active installed version, or nil for the shipped standard playbook.
    static func load(_ spec: String?, store: KehuDatabase?) throws -> Playbook? {
        guard let spec else {
            guard let store, let active = try store.read({ try InstalledPlaybooks.active($0) }) else { return nil }
            return try PlaybookPack.folder(of: active, in: store)
        }
        let direct = URL(fileURLWithPath: spec)
        if FileManager.default.fileExists(atPath: direct.appendingPathComponent("manifest.lua").path) {
            return try PlaybookPack.identify(try Playbook.load(folder: direct), in: store)
        }
        if let store, let installed = try? store.read({ try InstalledPlaybooks.find($0, spec) }) {
            return try PlaybookPack.folder(of: installed, in: store)
        }
        return try PlaybookPack.identify(try Playbook.load(folder: try Playbook.locate(spec)), in: store)
    }
}

/// Runs a playbook command body; a playbook error is printed as `kehu: …` with its Lua
/// traceback, and the exit status is 1 (nothing was stored).
func reportingPlaybookErrors(stores: Bool = true, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as PlaybookError {
        try fail(e.description, traceback: e.traceback)
    } catch let e as ReportError {
        try fail(e.description, traceback: nil)
    }
    func fail(_ message: String, traceback: String?) throws -> Never {
        // Messages carry data and playbook text: control characters are shown, not obeyed.
        var text = "\(Style.red("kehu:", on: Style.stderr)) \(message.escapedForTerminalKeepingLines)\n"
        if let tb = traceback, !tb.isEmpty { text += tb.escapedForTerminalKeepingLines + "\n" }
        if stores { text += "nothing was stored\n" }
        FileHandle.standardError.write(Data(text.utf8))
        throw ExitCode(1)
    }
}

/// Scores with one decimal, as reports show them.
func scoreText(_ d: Double) -> String { String(format: "%.1f", d) }

/// A quadrant as the command tables show it: the standard playbook's Chinese name, then the
/// code (`重点 key`); the names are the playbook's (messages/zh.txt), not the host's.
func quadrantLabel(_ q: String, _ names: Names? = PlaybookNames.chinese) -> String {
    let name = names?.quadrant(q) ?? q
    return name == q ? q : "\(name) \(q)"
}

/// A resource or follow-up kind as tables show it: the playbook's name, then the code.
func nameLabel(_ name: String, code: String) -> String { name == code ? code : "\(name) \(code)" }

/// The standard playbook's names in Chinese, read once, for labels in tables. Should its
/// message files be unreadable, every playbook run stops with their FILE:LINE; a table
/// showing stored quadrants then shows the codes.
enum PlaybookNames {
    static let chinese: Names? = try? Names.of(nil, language: "zh")
}
