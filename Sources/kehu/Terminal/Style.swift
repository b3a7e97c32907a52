import Foundation

/// Colour for people at a terminal: only when the stream is a terminal, never when `NO_COLOR`
/// is set (https://no-color.org's convention) or `TERM` is `dumb`.
enum Style {
    static func enabled(_ fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard isatty(fd) == 1 else { return false }
        if let no = environment["NO_COLOR"], !no.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    static let stdout = enabled(STDOUT_FILENO)
    static let stderr = enabled(STDERR_FILENO)

    static func paint(_ s: String, _ code: String, on: Bool) -> String { on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    static func red(_ s: String, on: Bool = stdout) -> String { paint(s, "31", on: on) }
    static func green(_ s: String, on: Bool = stdout) -> String { paint(s, "32", on: on) }
    static func yellow(_ s: String, on: Bool = stdout) -> String { paint(s, "33", on: on) }
    static func bold(_ s: String, on: Bool = stdout) -> String { paint(s, "1", on: on) }
}
