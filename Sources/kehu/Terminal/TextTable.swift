import KehuCore

/// A terminal table whose columns align for Chinese text: a CJK character takes two columns.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers, money).
    var rightAligned: Set<Int> = []

    /// Cells wider than this many terminal columns are cut, with an ellipsis.
    var maxCellWidth = 60

    /// Linear in the size of the table: each cell is measured once, trailing spaces are cut
    /// by hand (a regex over a long run of padding was quadratic), and control characters
    /// from the data are shown escaped rather than sent to the terminal.
    func render() -> String {
        let fittedHeaders = headers.map { Self.fit($0, maxCellWidth) }
        let fittedRows = rows.map { $0.map { Self.fit($0, maxCellWidth) } }
        var widths = fittedHeaders.map(\.width)
        for row in fittedRows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.width) } }
        func line(_ cells: [(text: String, width: Int)]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                if i > 0 { out += "  " }
                let pad = String(repeating: " ", count: max(0, (i < widths.count ? widths[i] : cell.width) - cell.width))
                out += rightAligned.contains(i) ? pad + cell.text : cell.text + pad
            }
            while out.last == " " { out.removeLast() }
            return out
        }
        var out = [line(fittedHeaders), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += fittedRows.map(line)
        return out.joined(separator: "\n")
    }

    /// The cell as shown, control characters escaped and cut to `limit` columns, with its width.
    static func fit(_ cell: String, _ limit: Int) -> (text: String, width: Int) {
        let text = cell.escapedForTerminal
        var width = 0
        var cut = text.unicodeScalars.startIndex
        var fits = true
        for i in text.unicodeScalars.indices {
            let u = text.unicodeScalars[i]
            let w = DisplayWidth.isWide(u) ? 2 : (u.properties.generalCategory == .nonspacingMark ? 0 : 1)
            if width + w > limit - 1 && fits {
                // Where the ellipsis would go, if the rest does not fit.
                fits = false
                cut = i
            }
            width += w
            if width > limit {
                var shown = String(text.unicodeScalars[..<cut])
                shown += "…"
                return (shown, DisplayWidth.of(shown))
            }
        }
        return (text, width)
    }

    /// Display width: East Asian wide and full-width characters count two.
    static func width(_ s: String) -> Int { DisplayWidth.of(s) }
}
