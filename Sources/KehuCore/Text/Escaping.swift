/// Text from data or from a script, made safe to echo in a message on a terminal.
///
/// ```swift
/// "华东\u{1B}[2J".escapedForTerminal   // "华东\\x1b[2J"
/// "a\tb\n".escapedForTerminal          // "a\\tb\\n"
/// ```
extension String {
    /// Control characters (C0, DEL, C1) and the bidirectional overrides written as escapes
    /// (`\n`, `\t`, `\r`, `\x1b`, `\u{202e}`), so that a name or a code read from a file
    /// can neither move the cursor nor recolour or hide the rest of an error message. A
    /// backslash stays as it is; every other character, Chinese included, is kept.
    public var escapedForTerminal: String {
        guard unicodeScalars.contains(where: Self.needsEscape) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for u in unicodeScalars {
            guard Self.needsEscape(u) else { out.unicodeScalars.append(u); continue }
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                out += u.value < 0x100 ? "\\x" + hex(u.value, 2) : "\\u{" + hex(u.value, 4) + "}"
            }
        }
        return out
    }

    /// The same, but line breaks and tabs kept: for multi-line messages (a traceback, a list
    /// of reasons) that should still read as indented lines.
    public var escapedForTerminalKeepingLines: String {
        split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).escapedForTerminal }.joined(separator: "\t")
        }.joined(separator: "\n")
    }

    private static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true   // direction marks and overrides
        default: return false
        }
    }
}

private func hex(_ v: UInt32, _ width: Int) -> String {
    let digits = String(v, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
