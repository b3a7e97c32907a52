import ArgumentParser
import CEdit
import Foundation
import KehuCore
import KehuPlaybook
import LuaEngine

extension Kehu {
    struct Repl: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explore the dealer's data in Lua, interactively.",
            discussion: """
            Type Lua; an expression prints its value (a client prints as a short file). Unfinished \
            input (an open function, table or string) continues on the next line. Tab completes \
            globals, kehu functions and fields; Ctrl-R searches the history (~/.kehu_history); \
            Ctrl-C cancels the input or stops a running statement; Ctrl-D leaves.

            Dot-commands: .help [name], .db, .playbook DIR, .asof DATE, .timer on|off, .quit

            Examples:
              kehu repl
              kehu repl --db dealer.db --as-of 2026-06-30 --playbook fmcg
              kehu repl --trust                  # every standard library, no limits
            """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @OptionGroup var playbook: PlaybookOptions
        @Flag(help: "A person's own session: every standard library (io, os, debug), no limits.") var trust = false

        func run() throws {
            let path = database.resolvedPath
            let store = FileManager.default.fileExists(atPath: path) ? try KehuDatabase.open(path: path) : nil
            let day = asOf.day
            let pb = try PlaybookOptions.load(playbook.playbook, store: store)
            let console = try Console(store: store, playbook: pb, asOf: day, language: playbook.language, trusted: trust,
                                      seed: playbook.seedOption.seed ?? (trust ? nil : 0),
                                      output: { FileHandle.standardOutput.write(Data($0.utf8)) })
            try ReplLoop(console: console, databasePath: store == nil ? nil : path).run()
        }
    }
}

/// The terminal half of the REPL: libedit for editing, history and completion; SIGINT
/// through a pipe to a watcher thread that interrupts running Lua.
final class ReplLoop {
    let console: Console
    let databasePath: String?
    var timer = false
    let historyPath = (ProcessInfo.processInfo.environment["KEHU_HISTORY"]).flatMap { $0.isEmpty ? nil : $0 }
        ?? (NSHomeDirectory() + "/.kehu_history")
    static let historySize: Int32 = 1000

    init(console: Console, databasePath: String?) {
        self.console = console
        self.databasePath = databasePath
    }

    func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

    func run() throws {
        // libedit reads multibyte (Chinese) input only under a UTF-8 locale.
        setlocale(LC_CTYPE, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        cedit_set_name("kehu")
        cedit_limit_history(Self.historySize)
        _ = cedit_read_history(historyPath)
        let context = Unmanaged.passUnretained(self).toOpaque()
        cedit_set_completer(replComplete, context)
        let fd = cedit_install_sigint()
        if fd >= 0 { startInterruptWatcher(fd) }

        let where_ = databasePath.map { "database \($0)" } ?? "no database (kehu.client and the like need --db)"
        say("kehu \(KehuAPI.version) · Lua 5.4 · \(where_) · as of \(console.asOf) · playbook \(console.playbook.name)"
            + (console.session.runtime.language == "en" ? " · en" : ""))
        say("Type Lua, or .help. Ctrl-D leaves.")
        while true {
            let prompt = console.isContinuing ? ">> " : "> "
            _ = cedit_take_sigint()   // a Ctrl-C that stopped the last statement is spent
            guard let raw = cedit_readline(prompt) else {
                if cedit_take_sigint() != 0 {
                    // Ctrl-C at the prompt: give up this input, stay.
                    console.cancelInput()
                    say("^C")
                    continue
                }
                say("")
                break
            }
            let line = String(cString: raw)
            free(raw)
            if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                cedit_add_history(line)
                _ = cedit_write_history(historyPath)
            }
            if !console.isContinuing, line.hasPrefix(".") {
                if !dotCommand(line) { break }
                continue
            }
            _ = cedit_take_sigint()
            switch console.feed(line) {
            case .more: continue
            case .done(let output, let seconds):
                if !output.isEmpty { say(output) }
                if timer { say(String(format: "(%.3f s)", seconds)) }
            case .failed(let message):
                // After an interrupt the terminal has echoed ^C on the prompt's line.
                let text = message == "interrupted" ? "\n(interrupted)" : message.escapedForTerminalKeepingLines
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
        }
        _ = cedit_write_history(historyPath)
    }

    /// Runs a dot-command; false to leave.
    func dotCommand(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch parts[0] {
        case ".quit", ".exit", ".q":
            return false
        case ".help":
            if arg.isEmpty {
                say("""
                    .help [name]      this list, or a kehu function's signature, description and example
                    .db               which database this session reads
                    .playbook DIR     load a playbook; its hooks become globals (loyalty(c), …)
                    .asof DATE        see the data as of another date
                    .timer on|off     time each statement
                    .quit             leave (or Ctrl-D)
                    help()            the kehu functions; help(kehu.clients) for one
                    """)
            } else {
                say(console.help(arg))
            }
        case ".db":
            say(databasePath.map { "\($0) (read-only in the REPL)" } ?? "no database: start with --db PATH or set KEHU_DB")
        case ".timer":
            guard ["on", "off"].contains(arg) else { say("usage: .timer on|off"); return true }
            timer = arg == "on"
        case ".asof":
            if let problem = Day.asOfProblem(arg) { say("usage: .asof 2026-11-25 — \(problem)"); return true }
            let day = Day(iso: arg)!
            reload(playbook: console.playbook.name == "standard" ? nil : console.playbook, asOf: day)
        case ".playbook":
            guard !arg.isEmpty else { say("usage: .playbook DIR (or a shipped playbook's name)"); return true }
            do {
                let pb = try Playbook.load(folder: try Playbook.locate(arg))
                reload(playbook: pb, asOf: console.asOf)
            } catch {
                say("\(error)")
            }
        default:
            say("unknown command \(parts[0]) — .help lists them")
        }
        return true
    }

    func reload(playbook: Playbook?, asOf: Day) {
        do {
            try console.reload(playbook: playbook, asOf: asOf)
            say("playbook \(console.playbook.name) \(console.playbook.version) as of \(console.asOf); hooks loyalty, strength, quadrant, allocate, followups are globals (other globals start afresh)")
        } catch {
            say("\(error)")
        }
    }

    /// Reads the SIGINT pipe on its own thread; a byte while a statement runs interrupts it.
    func startInterruptWatcher(_ fd: Int32) {
        let target = console.target
        let thread = Thread {
            cedit_unblock_sigint()
            var byte: UInt8 = 0
            while true {
                // The handler may run on this very thread and interrupt the read: read again.
                let n = read(fd, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                target.interruptIfRunning()
            }
        }
        thread.start()
    }

    /// Candidates for the word libedit is completing.
    func candidates(word: String) -> [String] { console.completions(word: word) }
}

/// libedit's completion callback: asks the REPL and returns readline's malloc'd list.
private func replComplete(_ context: UnsafeMutableRawPointer?,
                          _ word: UnsafePointer<CChar>?) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard let context, let word else { return nil }
    let loop = Unmanaged<ReplLoop>.fromOpaque(context).takeUnretainedValue()
    let found = loop.candidates(word: String(cString: word))
    guard !found.isEmpty else { return nil }
    // The replacement: the longest common prefix of the candidates.
    var common = found[0]
    for c in found.dropFirst() {
        while !c.hasPrefix(common) { common.removeLast() }
    }
    let list = [common] + (found.count > 1 ? found : [])
    let out = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: list.count + 1)
    for (i, s) in list.enumerated() { out[i] = cedit_strdup(s) }
    out[list.count] = nil
    // readline frees the list with free(): hand it memory from malloc.
    let size = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (list.count + 1)
    guard let raw = malloc(size) else { out.deallocate(); return nil }
    let copy = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: list.count + 1)
    for i in 0...list.count { copy[i] = out[i] }
    out.deallocate()
    return copy
}
