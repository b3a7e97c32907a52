import ArgumentParser
import LuaEngine

/// `--max-memory`, `--max-instructions`, `--timeout`: shared by every command that runs Lua.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Memory cap for the Lua state, e.g. 64MB, 1GB, or 'none'.", valueName: "size"))
    var maxMemory: String?

    @Option(help: ArgumentHelp("Instruction budget (deterministic), e.g. 1000000, or 'none'.", valueName: "n"))
    var maxInstructions: String?

    @Option(help: ArgumentHelp("Wall-clock deadline, e.g. 500ms, 2s, 1m, or 'none'.", valueName: "duration"))
    var timeout: String?

    /// The limits these flags give on top of `base`.
    func resolved(base: LuaLimits) throws -> LuaLimits {
        var l = base
        if let m = maxMemory { l.memory = try Self.parseSize(m, flag: "--max-memory") }
        if let n = maxInstructions {
            if n == "none" { l.instructions = nil }
            else if let v = Int64(n.replacingOccurrences(of: "_", with: "")), v > 0 { l.instructions = v }
            else { throw ValidationError("--max-instructions expects a positive whole number like 1000000, found '\(n)'") }
        }
        if let t = timeout { l.timeout = try Self.parseDuration(t) }
        return l
    }

    static func parseSize(_ text: String, flag: String) throws -> Int? {
        if text == "none" { return nil }
        let units: [(String, Int)] = [("GB", 1 << 30), ("G", 1 << 30), ("MB", 1 << 20), ("M", 1 << 20),
                                      ("KB", 1 << 10), ("K", 1 << 10), ("B", 1)]
        let upper = text.uppercased()
        for (suffix, factor) in units where upper.hasSuffix(suffix) {
            if let v = Double(upper.dropLast(suffix.count)), v > 0 { return Int(v * Double(factor)) }
        }
        if let v = Int(text), v > 0 { return v }
        throw ValidationError("\(flag) expects a size like 64MB or 1GB, found '\(text)'")
    }

    static func parseDuration(_ text: String) throws -> Duration? {
        if text == "none" { return nil }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let v = Double(text.dropLast(suffix.count)), v > 0 { return .milliseconds(Int64(v * factor * 1000)) }
        }
        if let v = Double(text), v > 0 { return .milliseconds(Int64(v * 1000)) }
        throw ValidationError("--timeout expects a duration like 500ms, 2s or 1m, found '\(text)'")
    }
}
