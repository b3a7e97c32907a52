extension String {
    /// The text with control characters shown as escapes (`\n`, `\t`, `\u{1B}` as `\x1b`,
    /// U+0080–U+009F and bidi overrides as `\u{…}`), so that data echoed in an error cannot
    /// move the cursor, retitle or clear the terminal. Everything else is kept as it is,
    /// Chinese included.
    public var escapedForTerminal: String {
        var needs = false
        for u in unicodeScalars where Self.isControl(u) { needs = true; break }
        guard needs else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for u in unicodeScalars {
            guard Self.isControl(u) else { out.unicodeScalars.append(u); continue }
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                let hex = String(u.value, radix: 16)
                out += u.value < 0x100 ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex : "\\u{\(hex)}"
            }
        }
        return out
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true   // direction marks and overrides
        default: return false
        }
    }
}
