import ArgumentParser
import Foundation
import KehuCore
import KehuPlaybook
import LuaEngine

extension Kehu {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a Lua script, as lua5.4 does, in the sandbox by default.",
            discussion: """
            The script gets its arguments in the global 'arg' (arg[0] is the script, \
            arg[1]… the arguments) and as '...', as lua5.4 gives them. Errors print \
            'FILE:LINE: message' and a traceback on stderr and exit with status 1.

            Scripts run sandboxed unless --trust is given: no io, no os but its clock, \
            no debug, no C modules, text chunks only, a 256 MiB memory cap and a \
            30-second deadline. --trust opens every standard library with no limits \
            unless you set them.

            The kehu module is there as a global: kehu.clients{…}, kehu.client(code), kehu.out.table(rows), \
            … as of --as-of, on the database of --db (or $KEHU_DB, or ./kehu.db when it exists). \
            Scripts read; with --allow-write they may also tag clients, add interactions and notes \
            and close follow-ups, all in one transaction that an error rolls back. A read-only script \
            reads one snapshot of the database; a writing one takes the write lock at its first \
            write (other writers wait until it ends), and what it reads before then is read as it \
            stands at each read.

            Shipped scripts run by name: kehu run toolbox/ageing; kehu run --list shows them.

            Examples:
              kehu run toolbox/ageing                     # receivables ageing by rep
              kehu run --list
              kehu run report.lua 2026-11                 # arg[1] == "2026-11"
              kehu run --allow-write tag-slow-payers.lua  # writes land together, or not at all
              kehu run -e 'print(("经销商"):len())'        # 9
              echo 'print(1+1)' | kehu run -               # read the script from stdin
              kehu run --trust --timeout 5s tool.lua      # all libraries, 5 s deadline
              kehu run --max-instructions 1000000 t.lua   # deterministic budget
            """
        )

        @Option(name: .customShort("e"), help: ArgumentHelp("Run CODE (before the script, if any); may repeat.", valueName: "CODE"))
        var execute: [String] = []

        @Flag(help: "Trusted profile: every standard library (io, os, debug, package), no limits by default.")
        var trust = false

        @OptionGroup var limits: LimitOptions

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @OptionGroup var playbook: PlaybookOptions

        @Flag(help: "Let the script write (kehu.tag, kehu.add_interaction, …), in one transaction.")
        var allowWrite = false

        @Flag(help: "List the shipped scripts (Plugins/*/*.lua) and exit.")
        var list = false

        @Argument(help: ArgumentHelp("The script: a path, or - for stdin.", valueName: "script"))
        var script: String?

        @Argument(parsing: .captureForPassthrough,
                  help: ArgumentHelp("Arguments for the script, in 'arg' and '...'.", valueName: "args"))
        var scriptArguments: [String] = []

        var scriptAndArgs: [String] { script.map { [$0] + scriptArguments } ?? [] }

        func validate() throws {
            if list { return }
            if execute.isEmpty && scriptAndArgs.isEmpty {
                throw ValidationError("give a script to run, '-' to read one from stdin, or -e CODE")
            }
            _ = try limits.resolved(base: .unlimited)
        }

        func run() throws {
            if list {
                print(ShippedScripts.listing())
                return
            }
            let base: LuaLimits = trust ? .unlimited : .default
            let day = asOf.day
            // The database when there is one: --db, $KEHU_DB, or ./kehu.db if present.
            let path = database.resolvedPath
            let store = database.path != nil || FileManager.default.fileExists(atPath: path) ? try KehuDatabase.open(path: path) : nil
            let pb = try PlaybookOptions.load(playbook.playbook, store: store)
            let session = try PlaybookSession(playbook: pb, asOf: day, language: playbook.language,
                                              limits: try limits.resolved(base: base), seed: playbook.seedOption.seed ?? (trust ? nil : 0), trusted: trust,
                                              standardOutput: true, realClock: true,
                                              log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
            session.runtime.allowWrite = allowWrite
            // As lua5.4 does at exit: close the state, so pending finalizers run (bounded in the
            // sandbox; one that is stopped is named on stderr, never cut silently).
            defer { session.luaState.close() }
            let own = ["--db", "--as-of", "--playbook", "--lang", "--allow-write", "--trust", "--seed", "--timeout",
                       "--max-memory", "--max-instructions"]
            if let misplaced = scriptArguments.first(where: { a in own.contains { a == $0 || a.hasPrefix($0 + "=") } }) {
                FileHandle.standardError.write(Data("kehu: note: \(misplaced) after the script's name goes to the script; kehu run's own options come before it\n".utf8))
            }
            var args = scriptAndArgs
            if let first = args.first { args[0] = ShippedScripts.resolve(first) }
            let runner = ScriptRunner(lua: session.luaState)
            guard let store else {
                let status = runner.run(execute: execute, scriptAndArgs: args)
                if status != 0 { throw ExitCode(status) }
                return
            }
            var status: Int32 = 0
            if allowWrite {
                // No transaction until the script's first write takes one (the write lock
                // is held only from then on); its end commits or rolls back what it wrote.
                try store.writeWhenNeeded { db in
                    status = session.runtime.using(db) { runner.run(execute: execute, scriptAndArgs: args) }
                    if db.isInsideTransaction {
                        try db.endTransaction(keep: status == 0)
                    }
                }
                if status != 0 { FileHandle.standardError.write(Data("kehu: the script failed; nothing it wrote was kept\n".utf8)) }
            } else {
                status = try store.read { db in session.runtime.using(db) { runner.run(execute: execute, scriptAndArgs: args) } }
            }
            if status != 0 { throw ExitCode(status) }
        }
    }
}

/// The scripts shipped in `Plugins/` (folders that are not playbooks), runnable by name.
enum ShippedScripts {
    /// `toolbox/ageing` → the shipped file, when `name` is not a file of its own.
    static func resolve(_ name: String) -> String {
        guard name != "-", !FileManager.default.fileExists(atPath: name), let plugins = Playbook.pluginsFolder() else { return name }
        let file = plugins.appendingPathComponent(name.hasSuffix(".lua") ? name : name + ".lua")
        return FileManager.default.fileExists(atPath: file.path) ? file.path : name
    }

    /// Every shipped script with the first line of its leading comment.
    static func listing() -> String {
        guard let plugins = Playbook.pluginsFolder(),
              let folders = try? FileManager.default.contentsOfDirectory(atPath: plugins.path) else {
            return "no shipped scripts found (set KEHU_PLUGINS to the Plugins folder)"
        }
        var rows: [[String]] = []
        for folder in folders.sorted() {
            let dir = plugins.appendingPathComponent(folder)
            guard !FileManager.default.fileExists(atPath: dir.appendingPathComponent("manifest.lua").path),
                  let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".lua") {
                let text = (try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)) ?? ""
                let about = text.split(separator: "\n").first { $0.hasPrefix("--") }
                    .map { $0.dropFirst(2).trimmingCharacters(in: .whitespaces) } ?? ""
                rows.append(["\(folder)/\(file.dropLast(4))", about])
            }
        }
        var table = TextTable(headers: ["script", "what it does"])
        table.rows = rows
        return table.render() + "\n\nrun one with: kehu run NAME [args]   (e.g. kehu run \(rows.first?[0] ?? "toolbox/ageing"))"
    }
}

/// Runs `-e` chunks and a script the way `lua.c` does, reporting errors on stderr.
struct ScriptRunner {
    let lua: LuaState

    /// Returns the exit status: 0, or 1 after an error was printed.
    func run(execute: [String], scriptAndArgs: [String]) -> Int32 {
        do {
            if let script = scriptAndArgs.first {
                try lua.setGlobal("arg", argTable(script: script, args: Array(scriptAndArgs.dropFirst())))
            }
            // -e chunks and the script share their globals, as in lua.c.
            let env = try lua.newEnvironment()
            for code in execute {
                try lua.run(code, chunkName: "=(command line)", env: env)
            }
            guard let script = scriptAndArgs.first else { return 0 }
            let (bytes, name) = try readScript(script)
            let chunk = try lua.load(bytes: bytes, chunkName: name, env: env)
            try lua.call(chunk, scriptAndArgs.dropFirst().map { .string(LuaString($0)) })
            return 0
        } catch let error as LuaError {
            report(error)
            return 1
        } catch {
            FileHandle.standardError.write(Data("kehu: \(String(describing: error).escapedForTerminalKeepingLines)\n".utf8))
            return 1
        }
    }

    /// `arg` as lua.c builds it: the script at 0, its arguments after, the command before.
    func argTable(script: String, args: [String]) -> LuaValue {
        var t = LuaTable()
        let all = CommandLine.arguments
        if let at = all.lastIndex(of: script), Array(all[(at + 1)...]) == args {
            for (i, a) in all.enumerated() { t[.integer(Int64(i - at))] = .string(LuaString(a)) }
        } else {
            t[.integer(0)] = .string(LuaString(script))
            for (i, a) in args.enumerated() { t[.integer(Int64(i + 1))] = .string(LuaString(a)) }
        }
        return .table(t)
    }

    /// The script's bytes and chunk name; a first line starting with '#' is skipped, as lua.c does.
    func readScript(_ path: String) throws -> ([UInt8], String) {
        var bytes: [UInt8]
        let name: String
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            name = "=stdin"
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LuaError(kind: .runtime, message: "cannot open \(path)")
            }
            bytes = Array(data)
            name = "@" + path
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.first == UInt8(ascii: "#") {
            let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            bytes.removeSubrange(0..<end)
        }
        return (bytes, name)
    }

    func report(_ error: LuaError) {
        // Messages carry data and script text: control characters are shown, not obeyed.
        var text = "kehu: \(error.message.escapedForTerminalKeepingLines)"
        switch error.kind {
        case .memory: text += " (raise it with --max-memory)"
        case .instructions: text += " (raise it with --max-instructions)"
        case .time: text += " (raise it with --timeout)"
        default: break
        }
        text += "\n"
        if !error.traceback.isEmpty { text += error.traceback.escapedForTerminalKeepingLines + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
