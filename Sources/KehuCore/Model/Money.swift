import Foundation

/// Money as people read it.
public enum Money {
    /// `¥12,345.00` from fen.
    public static func yuan(_ fen: Int64) -> String {
        let a = abs(fen)
        return (fen < 0 ? "-" : "") + "¥" + grouped(a / 100) + "." + String(format: "%02d", Int(a % 100))
    }

    /// A whole number with thousands separators: `1,234,567` (counts too).
    public static func grouped(_ n: Int64) -> String {
        var out = ""
        for (i, ch) in String(n.magnitude).reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    /// Large amounts at a glance. Chinese: `¥8,500` below ten thousand yuan, `1.2万`, and
    /// `1.0亿` from a hundred million; English: `¥850`, `¥12.3K`, `¥4.56M`. A negative amount
    /// starts with `-`, as ``yuan(_:)`` writes it (`-¥5,000`, `-1.2万`). The unit is chosen
    /// after rounding, so 99,999,999 yuan is `1.0亿`, never `10000.0万`.
    public static func short(_ fen: Int64, language: String = "zh") -> String {
        let sign = fen < 0 ? "-" : ""
        let a = Double(fen.magnitude) / 100
        func tenths(_ x: Double) -> Double { (x * 10).rounded() / 10 }
        if language == "en" {
            if (a / 1_000_000 * 100).rounded() / 100 >= 1 || tenths(a / 1_000) >= 1_000 {
                return sign + "¥" + String(format: "%.2fM", a / 1_000_000)
            }
            if a.rounded() >= 1_000 { return sign + "¥" + String(format: "%.1fK", a / 1_000) }
            return sign + "¥" + String(format: "%.0f", a)
        }
        if tenths(a / 10_000) >= 10_000 { return sign + String(format: "%.1f亿", a / 100_000_000) }
        if a.rounded() >= 10_000 { return sign + String(format: "%.1f万", a / 10_000) }
        return sign + "¥" + grouped(Int64(a.rounded()))
    }
}
