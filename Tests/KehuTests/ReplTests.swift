import Foundation
import Testing

/// The REPL as a person uses it: in a terminal (tmux), typing, pressing Tab, Ctrl-C, Ctrl-D.
@Suite(.serialized) struct ReplTests {
    /// A tmux session running `kehu repl` on a small sample dealer.
    final class Terminal {
        let name = "kehu-test-\(UUID().uuidString.prefix(8))"
        let history: String

        /// Each terminal has a tmux server of its own (its socket beside the database, no
        /// user configuration), so no test meets another's server or one left from a crash.
        let socket: String

        /// `kehu repl` on `database`, ready for typing.
        convenience init(database: URL, history: String) throws {
            try self.init(folder: database.deletingLastPathComponent(), history: history,
                          command: "env KEHU_HISTORY='\(history)' LANG=C.UTF-8 '\(Kehu.binary.path)' repl --db '\(database.path)' --as-of 2026-11-25")
            try wait(for: "Ctrl-D leaves.")
        }

        /// Any shell command in a terminal of 150 × 50, its tmux socket in `folder`.
        init(folder: URL, history: String = "", command: String) throws {
            self.history = history
            socket = folder.appendingPathComponent("tmux-\(name).sock").path
            let r = try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "150", "-y", "50", command])
            #expect(r.status == 0, "\(r.stderr)")
        }

        @discardableResult
        func tmux(_ args: [String]) throws -> Kehu.Result {
            try Kehu.run(["-S", socket] + args, executable: URL(fileURLWithPath: "/usr/bin/tmux"),
                         environment: ["TERM": "xterm-256color"], timeout: 60)
        }

        func keys(_ keys: String...) throws {
            try tmux(["send-keys", "-t", name] + keys)
        }

        func type(_ line: String) throws {
            try tmux(["send-keys", "-t", name, "-l", line])
            try keys("Enter")
        }

        /// Starts `while true do end` and presses Ctrl-C while it runs.
        func interruptALoop() throws {
            try type("while true do end")
            Thread.sleep(forTimeInterval: 0.4)
            try keys("C-c")
        }

        /// The screen with its colours, as escape sequences.
        var colouredScreen: String {
            (try? tmux(["capture-pane", "-t", name, "-p", "-e", "-S", "-200"]).stdout) ?? ""
        }

        var screen: String {
            (try? tmux(["capture-pane", "-t", name, "-p", "-S", "-200"]).stdout) ?? ""
        }

        /// Waits until the screen shows `text`; the limit only guards against a hang (a loaded
        /// machine may take seconds to start a process), so it is generous.
        @discardableResult
        func wait(for text: String, timeout: TimeInterval = 60, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let s = screen
                if s.contains(text) { return s }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Issue.record("the screen never showed \(text.debugDescription):\n\(screen)", sourceLocation: sourceLocation)
            return screen
        }

        var isRunning: Bool {
            (try? tmux(["has-session", "-t", name]).status) == 0
        }

        func close() { _ = try? tmux(["kill-server"]) }
    }

    static let tmuxAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

    @Test(.enabled(if: tmuxAvailable))
    func aSessionEditsPrintsCompletesRecoversAndIsInterrupted() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 60)
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try Terminal(database: dir.appendingPathComponent("kehu.db"), history: dir.appendingPathComponent("history").path)
        defer { t.close() }

        // Multi-line input continues on a second prompt.
        try t.type("function twice(x)")
        try t.wait(for: "\n>>")
        try t.type("return 2 * x end")
        try t.type("twice(21)")
        try t.wait(for: "\n42\n")

        // Completion: kehu.cli<Tab> gives the common prefix kehu.client; a second Tab lists both.
        try t.keys("kehu.cli", "Tab")
        try t.wait(for: "> kehu.client")
        try t.keys("Tab")
        try t.wait(for: "kehu.clients")
        try t.keys("C-u")
        try t.keys("kehu.add_d", "Tab")
        try t.wait(for: "> kehu.add_days")
        try t.keys("C-u")

        // A client prints as a short file.
        try t.type("kehu.client(\"C000002\")")
        try t.wait(for: "C000002 ")
        try t.wait(for: "c:contacts(), c:orders{}")

        // A cyclic table prints with the cycle marked.
        try t.type("t = { 1, 2, name = \"华东\" }; t.self = t")
        try t.type("t")
        try t.wait(for: "<cycle: table")
        #expect(t.screen.contains("{ 1, 2, name = \"华东\", self = <cycle: table"))

        // An error, and the REPL goes on.
        try t.type("error(\"boom\")")
        try t.wait(for: "stdin:1: boom")
        try t.type("6 * 7")
        try t.wait(for: "> 6 * 7\n42\n>")

        // Ctrl-C during an infinite loop returns to the prompt.
        try t.interruptALoop()
        try t.wait(for: "(interrupted)")
        try t.type("\"still here\"")
        try t.wait(for: "\"still here\"\n>")

        // Ctrl-D right after an interrupt still leaves (the interrupt's Ctrl-C is spent) —
        // checked at the end; first, Ctrl-C cancels an unfinished chunk.
        try t.type("local a = {")
        try t.wait(for: "{\n>>")
        try t.keys("C-c")
        try t.type("1 + 2")
        try t.wait(for: "\n3\n>")
        try t.interruptALoop()
        try t.wait(for: "> 1 + 2\n3\n> while true do end\n^C\n(interrupted)\n>")
        // After .asof (a new Lua state) Ctrl-C still stops a statement.
        try t.type(".asof 2026-06-30")
        try t.wait(for: "as of 2026-06-30")
        try t.interruptALoop()
        try t.wait(for: "as of 2026-06-30; hooks")
        try t.wait(for: "(interrupted)\n>")
        #expect(t.screen.components(separatedBy: "(interrupted)").count == 4)
        // Completion after Chinese text on the line.
        try t.keys("print(\"华东\", kehu.add_d", "Tab")
        try t.wait(for: "> print(\"华东\", kehu.add_days")
        try t.keys("C-u")

        // Ctrl-D on an empty line leaves.
        try t.keys("C-d")
        let deadline = Date().addingTimeInterval(60)   // a hang guard, not a speed test
        while t.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!t.isRunning)
    }

    @Test(.enabled(if: tmuxAvailable))
    func historySurvivesIntoTheNextSession() throws {
        let dir = try DataCommandTests.sampleDealer(clients: 20)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("kehu.db"), history = dir.appendingPathComponent("history").path
        let first = try Terminal(database: db, history: history)
        try first.type("answer = 40 + 2")
        try first.type(".quit")
        let deadline = Date().addingTimeInterval(60)   // a hang guard, not a speed test
        while first.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        first.close()

        let second = try Terminal(database: db, history: history)
        defer { second.close() }
        try second.keys("Up", "Up")          // .quit, then the line before it
        try second.wait(for: "> answer = 40 + 2")
        try second.keys("Enter")
        try second.type("answer")
        try second.wait(for: "\n42\n>")
        // Ctrl-R searches the history.
        try second.keys("C-u", "C-r")
        try second.keys("-l", "40 +")
        try second.wait(for: "answer = 40 + 2")
        try second.keys("Enter")
        try second.type(".timer on")
        try second.type("answer")
        try second.wait(for: " s)")
    }

    @Test(.enabled(if: tmuxAvailable))
    func progressShowsOnATerminalAndNotInAPipe() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // On a terminal: the bar, with its rate and time left, while the work goes on; then
        // only the result. A second pane line records how it ended.
        let t = try Terminal(folder: dir, command: "cd '\(dir.path)' && '\(Kehu.binary.path)' gen --clients 6000 --as-of 2026-11-25 --db t.db; echo exit=$?; sleep 30")
        defer { t.close() }
        let during = try t.wait(for: "gen  [", timeout: 60)
        #expect(during.contains("/s") && during.contains("left"), "\(during)")
        let after = try t.wait(for: "exit=0", timeout: 120)
        #expect(after.contains("wrote 6000 clients"))
        #expect(!after.contains("gen  ["), "the bar is erased when done: \(after)")

        // With --quiet, on the same terminal: nothing.
        let q = try Terminal(folder: dir, command: "cd '\(dir.path)' && '\(Kehu.binary.path)' gen --clients 3000 --as-of 2026-11-25 --db q.db --quiet; echo exit=$?; sleep 30")
        defer { q.close() }
        var seen = ""
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            seen = q.screen
            #expect(!seen.contains("gen  ["), "\(seen)")
            if seen.contains("exit=0") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(seen.contains("exit=0"))

        // Standard error to a file or a pipe: no bar, no escape codes.
        let piped = try Kehu.run(["gen", "--clients", "3000", "--as-of", "2026-11-25", "--db", "p.db"], cwd: dir)
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty, "\(piped.stderr)")
        let score = try Kehu.run(["score", "--db", "p.db", "--as-of", "2026-11-25"], cwd: dir)
        #expect(score.stderr.isEmpty && !score.stdout.contains("\u{1B}"), "\(score.stderr)")
    }

    @Test(.enabled(if: tmuxAvailable))
    func coloursOnATerminalButNotWithNoColorOrInAPipe() throws {
        let dir = try Kehu.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plugins = Kehu.packageRoot.appendingPathComponent("Plugins").path
        let coloured = try Terminal(folder: dir, command: "env -u NO_COLOR KEHU_PLUGINS='\(plugins)' '\(Kehu.binary.path)' playbook test fmcg; echo done; sleep 30")
        defer { coloured.close() }
        _ = try coloured.wait(for: "done", timeout: 60)
        #expect(coloured.colouredScreen.contains("\u{1B}[32m✓"), "\(coloured.colouredScreen)")

        let plain = try Terminal(folder: dir, command: "NO_COLOR=1 KEHU_PLUGINS='\(plugins)' '\(Kehu.binary.path)' playbook test fmcg; echo done; sleep 30")
        defer { plain.close() }
        let screen = try plain.wait(for: "done", timeout: 60)
        #expect(screen.contains("✓ hooks_test.lua"))
        #expect(!plain.colouredScreen.contains("\u{1B}[32m"), "\(plain.colouredScreen)")

        let piped = try Kehu.run(["playbook", "test", "fmcg"])
        #expect(piped.stdout.contains("✓ hooks_test.lua") && !piped.stdout.contains("\u{1B}["))
    }
}
