import Foundation
import KehuCore

/// A progress bar on standard error for long commands: shown only when standard error is a
/// terminal (and not with `--quiet` or `TERM=dumb`), redrawn at most ten times a second, with
/// the rate and the time left; erased when the work is done, so that only results remain.
///
/// ```
/// score  [##########··········]  52%  1,560/3,000  2,310/s  0:01 left
/// ```
final class Progress {
    let label: String
    var total: Int
    private(set) var done = 0
    let visible: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast

    /// Whether progress may be drawn at all: standard error is a terminal that can redraw a line.
    static var terminal: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    init(label: String, total: Int, quiet: Bool = false) {
        self.label = label
        self.total = max(total, 1)
        visible = !quiet && Self.terminal
    }

    func advance(by n: Int = 1) { update(done + n) }

    /// For work that reports `(done, total)`, learning its total as it goes.
    var tracker: (Int, Int) -> Void {
        { [self] done, total in
            self.total = max(total, 1)
            update(done)
        }
    }

    func update(_ value: Int) {
        done = min(value, total)
        guard visible else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || done == total else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r" + Self.line(label: label, done: done, total: total,
                                                                elapsed: now.timeIntervalSince(started)) + "\u{1B}[K").utf8))
    }

    /// Erases the bar.
    func finish() {
        guard visible else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func line(label: String, done: Int, total: Int, elapsed: TimeInterval) -> String {
        let fraction = Double(done) / Double(max(total, 1))
        let filled = Int((fraction * 20).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: 20 - filled)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var text = "\(label)  [\(bar)]  \(String(format: "%3.0f", fraction * 100))%  \(grouped(done))/\(grouped(total))"
        if rate > 0 {
            text += "  \(grouped(Int(rate)))/s"
            let left = Int((Double(total - done) / rate).rounded(.up))
            text += "  \(left / 60):\(String(format: "%02d", left % 60)) left"
        }
        return text
    }

    static func grouped(_ n: Int) -> String { Money.grouped(Int64(n)) }
}
