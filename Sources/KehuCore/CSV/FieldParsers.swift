import Foundation

// MARK: - Errors

/// A field whose text is not what its column holds.
///
/// The description reads `expected a date like 2026-11-23, found "11/23"`; an import puts the
/// file, line and column in front of it. `found` is the field as given, trimmed; the
/// description shortens it past 60 characters.
public struct FieldError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What the column holds, as a noun phrase with an example: `a date like 2026-11-23`.
    public var expected: String
    /// The field's text, trimmed of surrounding whitespace.
    public var found: String

    public init(expected: String, found: String) {
        self.expected = expected
        self.found = found
    }

    public var description: String {
        return "expected \(expected), found \"\(Self.shown(found))\""
    }

    /// A field's text as an error shows it: cut past 60 characters, control characters escaped.
    public static func shown(_ text: String) -> String {
        (text.count > 60 ? String(text.prefix(57)) + "…" : text).escapedForTerminal
    }
}

// MARK: - Parsers

/// Parsers for the fields Chinese office software exports: dates in their many spellings,
/// money in yuan or 万, numbers with full-width digits, tag lists.
///
/// Each parser trims the field, reads full-width ASCII (`１２３４`, `，`, `：`) as ASCII, and
/// returns a value or throws a ``FieldError``. An empty field is an error: callers decide
/// beforehand which columns may be empty.
public enum FieldParsers {
    static let dateExample = "a date like 2026-11-23"
    static let birthdayExample = "a birthday like 11-23 or 1990-11-23"
    static let timestampExample = "a date and time like 2026-11-23 14:05"
    static let moneyExample = "an amount of money like 1,234.50 or 12.5万"
    static let integerExample = "a whole number like 1,200"
    static let decimalExample = "a number like 120.5"

    /// A calendar day.
    ///
    /// Accepts `2026-11-23`, `2026-1-5`, `2026/11/23`, `2026.11.23`, `2026年11月23日` (or `号`),
    /// `20261123`, and any of these followed by a midnight time (`2026/11/23 0:00:00`, as
    /// spreadsheets export date cells).
    ///
    /// ```swift
    /// try FieldParsers.day("2026年11月23日").description   // "2026-11-23"
    /// ```
    ///
    /// - Throws: ``FieldError`` for other text, a time other than midnight, or a day that does
    ///   not exist (`2026-02-29`).
    public static func day(_ text: String) throws(FieldError) -> Day {
        try withCursor(text) { (c) throws(FieldError) in
            guard let parts = scanDate(&c, yearless: false) else {
                throw FieldError(expected: dateExample, found: trimmed(text))
            }
            switch scanTimeOfDay(&c, after: parts) {
            case .end, .time(0): break
            case .time: throw FieldError(expected: dateExample + " (without a time of day)", found: trimmed(text))
            case .invalid: throw FieldError(expected: dateExample, found: trimmed(text))
            }
            return try validDay(parts.year!, parts.month, parts.day, found: text)
        }
    }

    /// A birthday, with or without its year.
    ///
    /// Accepts whatever ``day(_:)`` accepts, and `11-23`, `11/23`, `11.23`, `11月23日` without a
    /// year (then `year` is nil, and 29 February is allowed). `1123` is refused: too easily a
    /// mistake for something else.
    ///
    /// - Throws: ``FieldError`` for other text or a day that does not exist.
    public static func birthday(_ text: String) throws(FieldError) -> MonthDay {
        try withCursor(text) { (c) throws(FieldError) in
            guard let parts = scanDate(&c, yearless: true) else {
                throw FieldError(expected: birthdayExample, found: trimmed(text))
            }
            switch scanTimeOfDay(&c, after: parts) {
            case .end: break
            case .time(0) where parts.year != nil: break
            default: throw FieldError(expected: birthdayExample, found: trimmed(text))
            }
            if let year = parts.year {
                let day = try validDay(year, parts.month, parts.day, found: text)
                return MonthDay(month: day.month, day: day.day, year: year)!
            }
            guard let md = MonthDay(month: parts.month, day: parts.day) else {
                throw FieldError(expected: "a real month and day (\(invalidDateReason(nil, parts.month, parts.day)))",
                                 found: trimmed(text))
            }
            return md
        }
    }

    /// A day with an optional time of day (midnight when there is none).
    ///
    /// Accepts a ``day(_:)`` date followed by a space or `T` and `14:05`, `14:05:00` or
    /// `14:05:00.250` (fractions are dropped): `2026-11-23 14:05`, `2026-11-23T14:05:00`,
    /// `2026年11月23日 14:05`, `2026年11月23日14:05`. A time zone suffix is refused.
    ///
    /// - Throws: ``FieldError`` for other text, a day that does not exist, or a time that does
    ///   not (`24:00`, `14:60`).
    public static func timestamp(_ text: String) throws(FieldError) -> Moment {
        try withCursor(text) { (c) throws(FieldError) in
            guard let parts = scanDate(&c, yearless: false) else {
                throw FieldError(expected: timestampExample, found: trimmed(text))
            }
            var seconds = 0
            switch scanTimeOfDay(&c, after: parts) {
            case .end: break
            case .time(let s): seconds = s
            case .invalid: throw FieldError(expected: timestampExample, found: trimmed(text))
            }
            let day = try validDay(parts.year!, parts.month, parts.day, found: text)
            return Moment(day: day, secondsSinceMidnight: Int32(seconds))
        }
    }

    /// An amount of money in fen (1 yuan = 100 fen), exactly: digits are read as integers.
    ///
    /// Accepts `1234.5` (123 450), `1,234.50`, `¥1,234.50`, `￥1234`, `RMB 1234`, `CNY1234`,
    /// `1234元`, `12.5万` (12 500 000), `1.2345万`, `3亿`, `-3.5`, full-width digits and commas.
    /// Thousands separators must group by three. Negative amounts parse; callers that want
    /// none refuse them.
    ///
    /// - Throws: ``FieldError`` for other text, an amount with a fraction of a fen (`1.234`,
    ///   `1.2345678万`; trailing zeros such as `1.230` are fine), or one too large for `Int64`.
    public static func fen(_ text: String) throws(FieldError) -> Int64 {
        try withCursor(text) { (c) throws(FieldError) in
            var negative = c.eatSign()
            c.skipSpaces()
            if c.eatCurrency() {
                c.skipSpaces()
                if negative == nil { negative = c.eatSign() }
            }
            guard let number = c.scanDecimalDigits() else { throw FieldError(expected: moneyExample, found: trimmed(text)) }
            c.skipSpaces()
            var power = 0
            if c.eat("万") { power = 4 } else if c.eat("亿") { power = 8 }
            if !c.eat("元") {
                c.skipSpaces()
                _ = c.eatCurrency()
            }
            c.skipSpaces()
            guard c.atEnd else { throw FieldError(expected: moneyExample, found: trimmed(text)) }

            // value = integer digits, then exactly `scale` fraction digits (padded with zeros);
            // any fraction digit past those must be zero.
            let scale = power + 2
            let fraction = number.fraction
            if fraction.count > scale && c.bytes[(fraction.lowerBound + scale)..<fraction.upperBound].contains(where: { $0 != 0x30 }) {
                throw FieldError(expected: "an amount in whole fen (at most 2 decimal places of yuan)", found: trimmed(text))
            }
            var value: Int64 = 0
            var overflow = false
            func push(_ digit: Int64) {
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(digit)
                overflow = overflow || o1 || o2
                value = next
            }
            for i in number.integer where c.bytes[i] != ByteCursor.comma { push(Int64(c.bytes[i] - 0x30)) }
            for k in 0..<scale { push(k < fraction.count ? Int64(c.bytes[fraction.lowerBound + k] - 0x30) : 0) }
            if overflow { throw FieldError(expected: "an amount of money small enough to store", found: trimmed(text)) }
            return negative == true ? -value : value
        }
    }

    /// A whole number: `1200`, `1,200`, `-3`, `１２００`; `1200.00` too (a zero fraction).
    ///
    /// - Throws: ``FieldError`` for other text, a non-zero fraction, or a number too large
    ///   for `Int`.
    public static func integer(_ text: String) throws(FieldError) -> Int {
        try withCursor(text) { (c) throws(FieldError) in
            let negative = c.eatSign() == true
            guard let number = c.scanDecimalDigits(), c.atEnd,
                  !c.bytes[number.fraction].contains(where: { $0 != 0x30 }) else {
                throw FieldError(expected: integerExample, found: trimmed(text))
            }
            var value = 0
            for i in number.integer where c.bytes[i] != ByteCursor.comma {
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(Int(c.bytes[i] - 0x30))
                if o1 || o2 { throw FieldError(expected: "a whole number small enough to store", found: trimmed(text)) }
                value = next
            }
            return negative ? -value : value
        }
    }

    /// A number with an optional fraction, such as an area: `120.5`, `1,200.5`, and with an
    /// area unit `120㎡`, `120平方米`, `120平米`, `120m²`, `120m2`.
    ///
    /// - Throws: ``FieldError`` for other text (exponents, `nan` and `inf` included).
    public static func decimal(_ text: String) throws(FieldError) -> Double {
        try withCursor(text) { (c) throws(FieldError) in
            let negative = c.eatSign() == true
            guard let number = c.scanDecimalDigits() else { throw FieldError(expected: decimalExample, found: trimmed(text)) }
            c.skipSpaces()
            _ = c.eat("㎡") || c.eat("平方米") || c.eat("平米") || c.eat("m²") || c.eat("m2")  // M too
            guard c.atEnd else { throw FieldError(expected: decimalExample, found: trimmed(text)) }
            var ascii = negative ? "-0" : "0"
            for i in number.integer where c.bytes[i] != ByteCursor.comma { ascii.unicodeScalars.append(Unicode.Scalar(c.bytes[i])) }
            ascii += "."
            for i in number.fraction { ascii.unicodeScalars.append(Unicode.Scalar(c.bytes[i])) }
            ascii += "0"
            guard let value = Double(ascii) else { throw FieldError(expected: decimalExample, found: trimmed(text)) }
            return value
        }
    }

    /// Tags from one field, split on `;`, `；`, `、` and `|` (not on commas, which tags may
    /// hold): trimmed, empty ones dropped, duplicates dropped, first-seen order kept.
    ///
    /// ```swift
    /// FieldParsers.tags(" 五金；建材 、五金|") // ["五金", "建材"]
    /// ```
    static let attributesExample = #"a JSON object like {"渠道":"线上"}"#

    /// Free attributes: a JSON object. Anything else (not JSON, or JSON of another kind) is
    /// refused as a field, so an import names its line and column.
    public static func attributes(_ text: String) throws(FieldError) -> [String: Any] {
        let found = trimmed(text)
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(found.utf8), options: [.fragmentsAllowed])
        } catch {
            throw FieldError(expected: attributesExample, found: found)
        }
        guard let object = value as? [String: Any] else { throw FieldError(expected: attributesExample, found: found) }
        return object
    }

    public static func tags(_ text: String) -> [String] {
        var tags: [String] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        func take(_ end: String.UnicodeScalarView.Index) {
            let tag = trimmed(String(scalars[start..<end]))
            if !tag.isEmpty && !tags.contains(tag) { tags.append(tag) }
        }
        var i = start
        while i < scalars.endIndex {
            switch scalars[i] {
            case ";", "；", "、", "|", "｜":
                take(i)
                start = scalars.index(after: i)
            default:
                break
            }
            i = scalars.index(after: i)
        }
        take(scalars.endIndex)
        return tags
    }

    // MARK: Shared pieces

    /// Surrounding whitespace, line breaks, byte order marks and zero-width spaces removed.
    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return s }
        if !isSpace(first) && !isSpace(last) { return s }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }

    /// Unicode's White_Space characters, plus the zero-width space and the byte order mark.
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// Trimmed, with full-width ASCII (U+FF01–FF5E) read as ASCII, the ideographic space as a
    /// space and U+2212 (minus sign) as `-`.
    static func normalized(_ s: String) -> String {
        let t = trimmed(s)
        // Those three all start with one of these bytes in UTF-8.
        guard t.utf8.contains(where: { $0 == 0xEF || $0 == 0xE3 || $0 == 0xE2 }) else { return t }
        var out = String.UnicodeScalarView()
        for u in t.unicodeScalars {
            switch u.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(u.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            case 0x2212: out.append("-")
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// Runs `body` on the normalized field's UTF-8 bytes.
    static func withCursor<R>(_ text: String, _ body: (inout ByteCursor) throws(FieldError) -> R) throws(FieldError) -> R {
        func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<R, FieldError> {
            var c = ByteCursor(bytes: bytes)
            do throws(FieldError) { return .success(try body(&c)) } catch { return .failure(error) }
        }
        let s = normalized(text)
        if let result = s.utf8.withContiguousStorageIfAvailable(run) { return try result.get() }
        return try Array(s.utf8).withUnsafeBufferPointer(run).get()
    }

    struct DateParts {
        var year: Int?
        var month: Int
        var day: Int
        /// Whether the text ended with 日 or 号, after which a time may follow without a space.
        var endsWithDayMark: Bool
    }

    /// Reads a date at the cursor: `yyyy-m-d` with `-`, `/` or `.`, `yyyy年m月d日`, `yyyymmdd`,
    /// and when `yearless`, `m-d` (any of the three separators) and `m月d日`.
    static func scanDate(_ c: inout ByteCursor, yearless: Bool) -> DateParts? {
        guard let first = c.number(maxDigits: 8) else { return nil }
        switch first.digits {
        case 8:
            return DateParts(year: first.value / 10000, month: first.value / 100 % 100, day: first.value % 100,
                             endsWithDayMark: false)
        case 4:
            let save = c.index
            c.skipSpaces()
            if c.eat("年") {
                c.skipSpaces()
                guard let m = c.number(maxDigits: 2), let (d, mark) = scanDayAfterMonthCJK(&c) else { return nil }
                return DateParts(year: first.value, month: m.value, day: d, endsWithDayMark: mark)
            }
            c.index = save
            guard let sep = c.eat(anyOf: ByteCursor.dateSeparators), let m = c.number(maxDigits: 2),
                  c.eat(sep), let d = c.number(maxDigits: 2) else { return nil }
            return DateParts(year: first.value, month: m.value, day: d.value, endsWithDayMark: false)
        case 1...2 where yearless:
            if let (d, mark) = scanDayAfterMonthCJK(&c) {
                return DateParts(year: nil, month: first.value, day: d, endsWithDayMark: mark)
            }
            guard c.eat(anyOf: ByteCursor.dateSeparators) != nil, let d = c.number(maxDigits: 2) else { return nil }
            return DateParts(year: nil, month: first.value, day: d.value, endsWithDayMark: false)
        default:
            return nil
        }
    }

    /// `月d日` after the month's digits (spaces allowed around the parts; 日 or 号 optional).
    private static func scanDayAfterMonthCJK(_ c: inout ByteCursor) -> (day: Int, mark: Bool)? {
        let start = c.index
        c.skipSpaces()
        guard c.eat("月") else { c.index = start; return nil }
        c.skipSpaces()
        guard let d = c.number(maxDigits: 2) else { c.index = start; return nil }
        let save = c.index
        c.skipSpaces()
        if c.eat("日") || c.eat("号") { return (d.value, true) }
        c.index = save
        return (d.value, false)
    }

    enum TimeOfDay: Equatable {
        /// Nothing after the date.
        case end
        /// Seconds since midnight.
        case time(Int)
        /// Something after the date that is not a time of day.
        case invalid
    }

    /// What follows a date: nothing, a time of day after a space or `T` (or right after 日),
    /// or something else.
    static func scanTimeOfDay(_ c: inout ByteCursor, after parts: DateParts) -> TimeOfDay {
        let spaced = c.skipSpaces()
        if c.atEnd { return .end }
        let separated = c.eat("T") || spaced || parts.endsWithDayMark
        guard separated, let h = c.number(maxDigits: 2), c.eat(ByteCursor.colon),
              let m = c.number(maxDigits: 2), m.digits == 2 else { return .invalid }
        var s = 0
        if c.eat(ByteCursor.colon) {
            guard let sec = c.number(maxDigits: 2), sec.digits == 2 else { return .invalid }
            s = sec.value
            if c.eat(ByteCursor.dot) {
                guard c.number(maxDigits: 9) != nil else { return .invalid }
            }
        }
        c.skipSpaces()
        guard c.atEnd, h.value < 24, m.value < 60, s < 60 else { return .invalid }
        return .time(h.value * 3600 + m.value * 60 + s)
    }

    static func validDay(_ year: Int, _ month: Int, _ day: Int, found text: String) throws(FieldError) -> Day {
        if let d = Day(year: year, month: month, day: day) {
            guard Day.supported.contains(d) else {
                throw FieldError(expected: "a date from \(Day.supported.lowerBound) to \(Day.supported.upperBound), the dates Kehu computes with", found: trimmed(text))
            }
            return d
        }
        throw FieldError(expected: "a real calendar date (\(invalidDateReason(year, month, day)))", found: trimmed(text))
    }

    static func invalidDateReason(_ year: Int?, _ month: Int, _ day: Int) -> String {
        if let year, !(1...9999).contains(year) { return "years run from 1 to 9999" }
        if !(1...12).contains(month) { return "there is no month \(month)" }
        if day < 1 { return "there is no day 0" }
        guard let year else { return "month \(month) has at most \(Day.daysIn(month: month, year: 2000)) days" }
        return "\(pad(year, 4))-\(pad(month, 2)) has only \(Day.daysIn(month: month, year: year)) days"
    }
}

/// A position in a normalized field's UTF-8 bytes, with the small reads the parsers share.
struct ByteCursor {
    static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":"), dot = UInt8(ascii: ".")
    static let dateSeparators: [UInt8] = [UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: ".")]

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func eat(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Eats `word` if it comes next, ignoring ASCII case.
    mutating func eat(_ word: StaticString) -> Bool {
        word.withUTF8Buffer { w in
            guard bytes.count - index >= w.count else { return false }
            for k in 0..<w.count where Self.lowered(bytes[index + k]) != Self.lowered(w[k]) { return false }
            index += w.count
            return true
        }
    }

    mutating func eat(anyOf set: [UInt8]) -> UInt8? {
        guard index < bytes.count, set.contains(bytes[index]) else { return nil }
        index += 1
        return bytes[index - 1]
    }

    /// Skips spaces and tabs; true if there were any.
    @discardableResult
    mutating func skipSpaces() -> Bool {
        let start = index
        while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        return index > start
    }

    /// Reads 1…`maxDigits` ASCII digits; nil if none come next.
    mutating func number(maxDigits: Int) -> (value: Int, digits: Int)? {
        var value = 0, count = 0
        while count < maxDigits && index < bytes.count && (0x30...0x39).contains(bytes[index]) {
            value = value * 10 + Int(bytes[index] - 0x30)
            count += 1
            index += 1
        }
        return count == 0 ? nil : (value, count)
    }

    /// `-`, `+` or nothing: true for minus, false for plus, nil when there is no sign.
    mutating func eatSign() -> Bool? {
        if eat(UInt8(ascii: "-")) { return true }
        if eat(UInt8(ascii: "+")) { return false }
        return nil
    }

    /// `¥`, `￥`, `RMB`, `CNY` or `人民币`.
    mutating func eatCurrency() -> Bool {
        eat("¥") || eat("￥") || eat("RMB") || eat("CNY") || eat("人民币")
    }

    /// Digits with optional thousands separators (groups of three), then an optional `.` and
    /// fraction digits: the byte ranges of both parts (the integer part keeps its commas).
    /// Nil, with the cursor unmoved, when there is no digit or the grouping is wrong.
    mutating func scanDecimalDigits() -> (integer: Range<Int>, fraction: Range<Int>)? {
        let start = index
        var group = 0, groups = 0
        while index < bytes.count {
            let b = bytes[index]
            if (0x30...0x39).contains(b) {
                group += 1
            } else if b == Self.comma {
                guard group >= 1, groups == 0 ? group <= 3 : group == 3 else { index = start; return nil }
                groups += 1
                group = 0
            } else {
                break
            }
            index += 1
        }
        if groups > 0 && group != 3 { index = start; return nil }
        let integer = start..<index
        var fraction = index..<index
        if eat(Self.dot) {
            let f = index
            while index < bytes.count && (0x30...0x39).contains(bytes[index]) { index += 1 }
            fraction = f..<index
        }
        if integer.isEmpty && fraction.isEmpty { index = start; return nil }
        return (integer, fraction)
    }

    private static func lowered(_ b: UInt8) -> UInt8 {
        (0x41...0x5A).contains(b) ? b + 0x20 : b
    }
}
