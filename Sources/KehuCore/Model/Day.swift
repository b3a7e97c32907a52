import Foundation

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
        guard let n = Day.ordinal(text), n >= Day.first.ordinal else { return nil }
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
func pad(_ v: Int, _ width: Int) -> String {
    let digits = String(v)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

// MARK: - Day ordinals as plain integers

/// `YYYY-MM-DD` texts to and from day ordinals as `Int`, for the metrics pass and the
/// generator, which count days rather than hold `Day` values.
extension Day {
    /// Days since 1970-01-01 (proleptic Gregorian), or nil for a malformed or impossible date.
    static func ordinal(_ s: String) -> Int? {
        // `YYYY-MM-DD` read from its bytes: this runs once per order in the metrics pass.
        var s = s
        return s.withUTF8 { ordinal(bytes: $0) }
    }

    /// The same, from the bytes of a `YYYY-MM-DD` text (a column read straight from SQLite).
    static func ordinal(bytes b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func number(_ from: Int, _ to: Int) -> Int? {
            var n = 0
            for j in from..<to {
                let d = Int(b[j]) &- 48
                guard d >= 0 && d <= 9 else { return nil }
                n = n * 10 + d
            }
            return n
        }
        guard let y = number(0, 4), let m = number(5, 7), let d = number(8, 10),
              (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        return ordinal(year: y, month: m, day: d)
    }


    static func civil(_ n: Int) -> (year: Int, month: Int, day: Int) {
        Day(ordinal: Int32(n)).components
    }

    static func string(_ n: Int) -> String { Day(ordinal: Int32(n)).description }

    static func month(_ n: Int) -> Int { civil(n).month }

}
