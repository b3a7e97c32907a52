import ArgumentParser
import Foundation
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

            Examples:
              kehu run report.lua 2026-11                 # arg[1] == "2026-11"
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

        @Option(help: ArgumentHelp("Seed math.random with N (reproducible runs).", valueName: "N"))
        var seed: Int64?

        @Argument(help: ArgumentHelp("The script: a path, or - for stdin.", valueName: "script"))
        var script: String?

        @Argument(parsing: .captureForPassthrough,
                  help: ArgumentHelp("Arguments for the script, in 'arg' and '...'.", valueName: "args"))
        var scriptArguments: [String] = []

        var scriptAndArgs: [String] { script.map { [$0] + scriptArguments } ?? [] }

        func validate() throws {
            if execute.isEmpty && scriptAndArgs.isEmpty {
                throw ValidationError("give a script to run, '-' to read one from stdin, or -e CODE")
            }
            _ = try limits.resolved(base: .unlimited)
        }

        func run() throws {
            let base: LuaLimits = trust ? .unlimited : .default
            let lua = try LuaState(profile: trust ? .trusted : .sandboxed,
                                   limits: try limits.resolved(base: base), seed: seed)
            defer { lua.close() }
            let status = ScriptRunner(lua: lua).run(execute: execute, scriptAndArgs: scriptAndArgs)
            if status != 0 { throw ExitCode(status) }
        }
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
            FileHandle.standardError.write(Data("kehu: \(error)\n".utf8))
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
        var text = "kehu: \(error.message)"
        switch error.kind {
        case .memory: text += " (raise it with --max-memory)"
        case .instructions: text += " (raise it with --max-instructions)"
        case .time: text += " (raise it with --timeout)"
        default: break
        }
        text += "\n"
        if !error.traceback.isEmpty { text += error.traceback + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
