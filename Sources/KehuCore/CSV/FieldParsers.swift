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

// MARK: - Calendar values

/// A calendar day without a time zone, stored as days since 1970-01-01.
///
/// ```swift
/// let d = Day(year: 2026, month: 11, day: 23)!
/// d.description          // "2026-11-23"
/// d.weekday              // 1 (Monday)
/// d.adding(days: 8)      // 2026-12-01
/// ```
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (which is 0); negative before it.
    public var ordinal: Int32

    public init(ordinal: Int32) {
        self.ordinal = ordinal
    }

    /// The day with these proleptic Gregorian components, or nil if there is no such day
    /// (month 13, 2026-02-29) or the year is outside 1…9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        ordinal = Int32(Day.ordinal(year: year, month: month, day: day))
    }

    /// A day written exactly `YYYY-MM-DD`, as stored and as Lua sees dates, in years 1…9999;
    /// nil otherwise (year 0000 included: there is no such year).
    public init?(iso text: String) {
        guard let n = DayMath.ordinal(text), n >= Day.first.ordinal else { return nil }
        self.init(ordinal: Int32(n))
    }

    /// 0001-01-01 and 9999-12-31: the days a `YYYY-MM-DD` text can name.
    public static let first = Day(ordinal: Int32(Day.ordinal(year: 1, month: 1, day: 1)))
    public static let last = Day(ordinal: Int32(Day.ordinal(year: 9999, month: 12, day: 31)))

    /// The dates Kehu computes with: 1900-01-01 … 9999-12-31. The Lua date functions take
    /// and give only these; a date outside is an error naming the function.
    public static let supported = Day(ordinal: Int32(Day.ordinal(year: 1900, month: 1, day: 1)))...last

    /// The as-of dates a run, a report or a script may have: 1902-01-01 … 9998-12-31, the
    /// supported range less a year each way. Metrics look two years back (a year-earlier
    /// window of a year), and what a playbook drafts falls within a year ahead, so every date
    /// they compute from such an as-of date is a supported one.
    public static let asOfRange = Day(ordinal: Int32(Day.ordinal(year: 1902, month: 1, day: 1)))...Day(ordinal: Int32(Day.ordinal(year: 9998, month: 12, day: 31)))

    /// Why `text` is not a usable as-of date, or nil when it is one.
    public static func asOfProblem(_ text: String) -> String? {
        guard let d = Day(iso: text) else { return "expects a date like 2026-11-25, found '\(text.escapedForTerminal)'" }
        guard asOfRange.contains(d) else {
            return "expects a date from \(asOfRange.lowerBound) to \(asOfRange.upperBound), found \(d) (dates a year either side of it must be dates Kehu handles, \(supported.lowerBound) to \(supported.upperBound))"
        }
        return nil
    }

    /// Whether `year` has a 29 February.

    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1…12) of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The year, month (1…12) and day of the month (1…31).
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days: eras of 400 years starting on 1 March.
        let z = Int(ordinal) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// The ISO weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (Int(ordinal) + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> Day {
        Day(ordinal: Int32(Int(ordinal) + days))
    }

    /// The number of days from this day to `other`: positive when `other` is later.
    public func days(to other: Day) -> Int {
        Int(other.ordinal) - Int(ordinal)
    }

    /// `2026-11-23`.
    public var description: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) }
        // Ten ASCII bytes written in place: dates are formatted for every client of a run.
        return String(unsafeUninitializedCapacity: 10) { b in
            func put(_ v: Int, _ at: Int, _ width: Int) {
                var v = v
                for k in stride(from: at + width - 1, through: at, by: -1) { b[k] = UInt8(48 + v % 10); v /= 10 }
            }
            put(y, 0, 4); b[4] = 0x2D; put(m, 5, 2); b[7] = 0x2D; put(d, 8, 2)
            return 10
        }
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    /// Howard Hinnant's days_from_civil.
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// A day and a time of day, without a time zone: when a complaint was answered or resolved.
///
/// ```swift
/// let asked = try FieldParsers.timestamp("2026-11-23 14:05")
/// let answered = try FieldParsers.timestamp("2026-11-24T09:30:00")
/// asked.seconds(to: answered)   // 70_500
/// ```
public struct Moment: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var day: Day
    /// Seconds since midnight, 0…86 399.
    public var secondsSinceMidnight: Int32

    /// Midnight at the start of `day`, moved on by `secondsSinceMidnight` (0…86 399).
    public init(day: Day, secondsSinceMidnight: Int32 = 0) {
        precondition((0..<86_400).contains(secondsSinceMidnight), "seconds since midnight out of range")
        self.day = day
        self.secondsSinceMidnight = secondsSinceMidnight
    }

    /// The moment at `hour`:`minute`:`second` of `day`, or nil when the time is not a real one.
    public init?(day: Day, hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.init(day: day, secondsSinceMidnight: Int32(hour * 3600 + minute * 60 + second))
    }

    public var hour: Int { Int(secondsSinceMidnight) / 3600 }
    public var minute: Int { Int(secondsSinceMidnight) / 60 % 60 }
    public var second: Int { Int(secondsSinceMidnight) % 60 }

    /// Seconds from this moment to `other`: positive when `other` is later.
    public func seconds(to other: Moment) -> Int {
        day.days(to: other.day) * 86_400 + Int(other.secondsSinceMidnight) - Int(secondsSinceMidnight)
    }

    /// `2026-11-23 14:05`, with `:SS` when the seconds are not zero.
    public var description: String {
        var s = day.description + " " + pad(hour, 2) + ":" + pad(minute, 2)
        if second != 0 { s += ":" + pad(second, 2) }
        return s
    }

    public static func < (a: Moment, b: Moment) -> Bool {
        (a.day, a.secondsSinceMidnight) < (b.day, b.secondsSinceMidnight)
    }
}

/// A month and day, with the year when it is known: a birthday.
public struct MonthDay: Hashable, Sendable, CustomStringConvertible {
    public var month: Int
    public var day: Int
    public var year: Int?

    /// Nil when there is no such day: with a year it must be a real date; without one, any day
    /// that some year has (29 February included).
    public init?(month: Int, day: Int, year: Int? = nil) {
        if let year {
            guard Day(year: year, month: month, day: day) != nil else { return nil }
        } else {
            guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: 2000) else { return nil }
        }
        self.month = month
        self.day = day
        self.year = year
    }

    /// The date itself when the year is known.
    public var date: Day? {
        year.flatMap { Day(year: $0, month: month, day: day) }
    }

    /// This month and day in `year`; 29 February falls on 28 February in a common year.
    public func occurrence(in year: Int) -> Day? {
        let d = month == 2 && day == 29 && !Day.isLeapYear(year) ? 28 : day
        return Day(year: year, month: month, day: d)
    }

    /// `11-23`, or `1990-11-23` when the year is known.
    public var description: String {
        let md = pad(month, 2) + "-" + pad(day, 2)
        guard let year else { return md }
        return pad(year, 4) + "-" + md
    }
}

/// `v` in decimal, zero-padded to `width` digits.
private func pad(_ v: Int, _ width: Int) -> String {
    let digits = String(v)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
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
