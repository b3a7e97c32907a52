import Foundation
import Testing

/// Runs the built `kehu` binary as a person would, capturing what it prints.
enum Kehu {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")] {
            let url = dir.appendingPathComponent("kehu")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/kehu")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: Data
    }

    /// Runs `executable` (default: kehu) with arguments in `cwd`, feeding `stdin`; gives up
    /// after `timeout` seconds (the process group is killed and an issue recorded).
    ///
    /// Spawned with `posix_spawn` and reaped with our own `waitpid`, its output going to files
    /// rather than pipes: a program that leaves a daemon behind (tmux starts its server this
    /// way) can then neither hold our reads open nor hide its exit from us.
    static func run(_ args: [String], executable: URL? = nil, stdin: String? = nil, cwd: URL? = nil,
                    environment: [String: String] = [:], timeout: TimeInterval = 60) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inFile = scratch.appendingPathComponent("in"), outFile = scratch.appendingPathComponent("out"),
            errFile = scratch.appendingPathComponent("err")
        try Data((stdin ?? "").utf8).write(to: inFile)

        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let program = (executable ?? binary).path
        // `env -C DIR` changes directory in the child without touching ours.
        let argv = cwd.map { ["/usr/bin/env", "-C", $0.path, program] + args } ?? [program] + args
        let envp = env.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inFile.path, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (so a timeout kills all of it), no blocked signals, default handlers.
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGCHLD, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let spawned = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnv in posix_spawn(&pid, argv[0], &actions, &attributes, cArgv, cEnv) }
        }
        guard spawned == 0 else {
            throw NSError(domain: NSPOSIXErrorDomain, code: Int(spawned),
                          userInfo: [NSLocalizedDescriptionKey: "cannot start \(argv[0]): \(String(cString: strerror(spawned)))"])
        }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r == -1 && errno != EINTR { Issue.record("waitpid failed for \(args): errno \(errno)"); break }
            if Date() >= deadline {
                Issue.record("\(args) did not finish within \(timeout) s")
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                break
            }
            usleep(5_000)
        }
        // Exit code, or 128 + signal as shells report it.
        let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? Data(contentsOf: outFile)) ?? Data(), err = (try? Data(contentsOf: errFile)) ?? Data()
        return Result(status: exit, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self), stdoutBytes: out)
    }

    /// Calls `body` with a NULL-terminated C array of the strings, valid for the call.
    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

