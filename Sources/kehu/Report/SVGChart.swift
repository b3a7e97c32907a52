import Foundation
import KehuCore

/// Inline SVG charts for the HTML report, drawn by hand: no script, no font or file fetched.
enum SVGChart {
    static let quadrantColours = ["key": "#2e7d32", "develop": "#1565c0", "watch": "#ef6c00", "phase_out": "#8d8d8d"]
    /// Not past terms, then 1–30, 31–60, 61–90, over 90 days past.
    static let ageingColours = ["#90caf9", "#ffe082", "#ffb74d", "#f57c00", "#c62828"]

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func n(_ x: Double) -> String { String(format: "%.1f", x) }

    /// An open `<svg>` with a plotting area of `pw` × `ph` at (`left`, `top`), a grid and ticks
    /// every fifth of each axis labelled 0–100 (with `unit`), and the axes' titles.
    static func frame(w: Double, h: Double, left: Double, top: Double, pw: Double, ph: Double, unit: String,
                      x xTitle: String, y yTitle: String) -> String {
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\">"
        s += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(pw))\" height=\"\(n(ph))\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        for t in stride(from: 0, through: 100, by: 20) {
            let tx = left + pw * Double(t) / 100, ty = top + ph * (1 - Double(t) / 100)
            s += "<line x1=\"\(n(tx))\" y1=\"\(n(top))\" x2=\"\(n(tx))\" y2=\"\(n(top + ph))\" stroke=\"#eee\"/>"
            s += "<line x1=\"\(n(left))\" y1=\"\(n(ty))\" x2=\"\(n(left + pw))\" y2=\"\(n(ty))\" stroke=\"#eee\"/>"
            s += "<text x=\"\(n(tx))\" y=\"\(n(top + ph + 16))\" class=\"tick\" text-anchor=\"middle\">\(t)\(unit)</text>"
            s += "<text x=\"\(n(left - 6))\" y=\"\(n(ty + 4))\" class=\"tick\" text-anchor=\"end\">\(t)\(unit)</text>"
        }
        s += "<text x=\"\(n(left + pw / 2))\" y=\"\(n(h - 8))\" class=\"axis\" text-anchor=\"middle\">\(escape(xTitle))</text>"
        s += "<text transform=\"translate(14 \(n(top + ph / 2))) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">\(escape(yTitle))</text>"
        return s
    }

    /// The loyalty × strength plane: one circle per client, coloured by quadrant, its area
    /// by trailing-year sales, with a hover title; the quadrant bars when there are some.
    static func scatter(_ points: [(code: String, name: String, loyalty: Double, strength: Double, quadrant: String, sales: Int64, reason: String?)],
                        bars: (loyalty: Double, strength: Double)?, labels: (x: String, y: String, title: (String, String, Double, Double, String) -> String)) -> String {
        let w = 640.0, h = 520.0, left = 72.0, right = 16.0, top = 16.0, bottom = 48.0
        let pw = w - left - right, ph = h - top - bottom
        func x(_ v: Double) -> Double { left + pw * min(max(v, 0), 100) / 100 }
        func y(_ v: Double) -> Double { top + ph * (1 - min(max(v, 0), 100) / 100) }
        let maxSales = Double(points.map(\.sales).max() ?? 1)
        var s = frame(w: w, h: h, left: left, top: top, pw: pw, ph: ph, unit: "", x: labels.x, y: labels.y)
        // Largest first, so that small clients stay visible on top.
        for p in points.sorted(by: { ($0.sales, $1.code) > ($1.sales, $0.code) }) {
            let r = 2.5 + 11 * (Double(p.sales) / max(maxSales, 1)).squareRoot()
            let colour = quadrantColours[p.quadrant] ?? "#555"
            s += "<circle class=\"pt q-\(p.quadrant)\" cx=\"\(n(x(p.loyalty)))\" cy=\"\(n(y(p.strength)))\" r=\"\(n(r))\" fill=\"\(colour)\" fill-opacity=\"0.55\" stroke=\"\(colour)\" stroke-width=\"0.6\">"
            let title = labels.title(p.code, p.name, p.loyalty, p.strength, p.quadrant) + (p.reason.map { " — " + $0 } ?? "")
            s += "<title>\(escape(title))</title></circle>"
        }
        if let bars {
            s += "<line class=\"bar\" x1=\"\(n(x(bars.loyalty)))\" y1=\"\(n(top))\" x2=\"\(n(x(bars.loyalty)))\" y2=\"\(n(top + ph))\" stroke=\"#333\" stroke-dasharray=\"6 4\"/>"
            s += "<line class=\"bar\" x1=\"\(n(left))\" y1=\"\(n(y(bars.strength)))\" x2=\"\(n(left + pw))\" y2=\"\(n(y(bars.strength)))\" stroke=\"#333\" stroke-dasharray=\"6 4\"/>"
        }
        return s + "</svg>"
    }

    /// The Pareto curve: cumulative share of sales against share of clients, largest first,
    /// with the 80 % and 95 % marks where the A and B classes end.
    static func pareto(_ sales: [Int64], labels: (x: String, y: String, mark: (Int, Int, Double) -> String)) -> String {
        let w = 640.0, h = 400.0, left = 72.0, right = 24.0, top = 16.0, bottom = 48.0
        let pw = w - left - right, ph = h - top - bottom
        func x(_ share: Double) -> Double { left + pw * share }
        func y(_ share: Double) -> Double { top + ph * (1 - share) }
        let total = Double(sales.reduce(0, +)), count = sales.count
        var s = frame(w: w, h: h, left: left, top: top, pw: pw, ph: ph, unit: "%", x: labels.x, y: labels.y)
        guard count > 0, total > 0 else { return s + "</svg>" }
        // At most ~400 vertices: every client's step would only add bytes.
        let step = max(1, count / 400)
        var path = "M\(n(x(0))) \(n(y(0)))"
        var cumulative = 0.0
        var marks: [(Double, Int)] = []   // (threshold, clients needed)
        var pending = [0.80, 0.95]
        for (i, v) in sales.enumerated() {
            cumulative += Double(v)
            let share = cumulative / total
            while let t = pending.first, share >= t - 1e-12 { marks.append((t, i + 1)); pending.removeFirst() }
            if i % step == 0 || i == count - 1 { path += " L\(n(x(Double(i + 1) / Double(count)))) \(n(y(share)))" }
        }
        s += "<path class=\"pareto\" d=\"\(path)\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>"
        for (i, (t, clients)) in marks.enumerated() {
            let px = x(Double(clients) / Double(count)), py = y(t)
            let colour = i == 0 ? "#2e7d32" : "#ef6c00"
            s += "<line class=\"mark mark-\(Int(t * 100))\" x1=\"\(n(left))\" y1=\"\(n(py))\" x2=\"\(n(px))\" y2=\"\(n(py))\" stroke=\"\(colour)\" stroke-dasharray=\"5 4\"/>"
            s += "<line x1=\"\(n(px))\" y1=\"\(n(py))\" x2=\"\(n(px))\" y2=\"\(n(top + ph))\" stroke=\"\(colour)\" stroke-dasharray=\"5 4\"/>"
            s += "<circle cx=\"\(n(px))\" cy=\"\(n(py))\" r=\"4\" fill=\"\(colour)\"/>"
            let label = labels.mark(Int(t * 100), clients, Double(clients) / Double(count))
            s += "<text x=\"\(n(px + 8))\" y=\"\(n(py + (i == 0 ? 18 : 20)))\" class=\"label\" fill=\"\(colour)\">\(escape(label))</text>"
        }
        return s + "</svg>"
    }

    /// Horizontal stacked bars: one row per label, its parts coloured in order.
    static func stackedBars(_ rows: [(label: String, parts: [Int64])], colours: [String], legend: [String],
                            money: (Int64) -> String) -> String {
        let w = 640.0, left = 92.0, right = 96.0, rowH = 24.0, top = 30.0
        let h = top + rowH * Double(rows.count) + 8
        let maxTotal = Double(rows.map { $0.parts.reduce(0, +) }.max() ?? 1)
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\">"
        var lx = left
        for (i, name) in legend.enumerated() {
            s += "<rect x=\"\(n(lx))\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(colours[i % colours.count])\"/>"
            s += "<text x=\"\(n(lx + 16))\" y=\"16\" class=\"tick\">\(escape(name))</text>"
            lx += 16 + Double(DisplayWidth.of(name)) * 6.5 + 14
        }
        for (r, row) in rows.enumerated() {
            let y = top + rowH * Double(r)
            s += "<text x=\"\(n(left - 6))\" y=\"\(n(y + 16))\" class=\"tick\" text-anchor=\"end\">\(escape(row.label))</text>"
            var x = left
            for (i, part) in row.parts.enumerated() where part > 0 {
                let width = (w - left - right) * Double(part) / max(maxTotal, 1)
                s += "<rect x=\"\(n(x))\" y=\"\(n(y + 3))\" width=\"\(n(width))\" height=\"\(n(rowH - 6))\" fill=\"\(colours[i % colours.count])\"><title>\(escape(row.label)) · \(escape(legend[i])) \(escape(money(part)))</title></rect>"
                x += width
            }
            s += "<text x=\"\(n(x + 6))\" y=\"\(n(y + 16))\" class=\"tick\">\(escape(money(row.parts.reduce(0, +))))</text>"
        }
        return s + "</svg>"
    }
}
