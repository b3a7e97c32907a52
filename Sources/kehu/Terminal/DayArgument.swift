import Foundation
import ArgumentParser
import KehuCore

/// A date option (`--as-of`, `--date`) is a `Day`, parsed and checked once, where the command
/// line is read: a `YYYY-MM-DD` day in the as-of range (``Day/asOfRange``), or a usage error
/// that says why (`The value '0000-01-01' is invalid for '--as-of <date>': expects a date
/// like 2026-11-25, …`).
extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        guard let day = try? Day.argument(argument) else { return nil }
        self = day
    }

    public var defaultValueDescription: String { description }

    /// The day `text` names, or an error saying why it is not a usable date; date options pass
    /// it as their `transform`, so the reason reaches the usage error.
    static func argument(_ text: String) throws -> Day {
        // ArgumentParser shows the value before this reason, so the reason does not repeat it.
        guard let day = Day(iso: text) else { throw DayArgumentError(description: "expects a date like 2026-11-25") }
        guard Day.asOfRange.contains(day) else {
            throw DayArgumentError(description: "expects a date from \(Day.asOfRange.lowerBound) to \(Day.asOfRange.upperBound) "
                + "(dates a year either side of it must be dates Kehu handles, \(Day.supported.lowerBound) to \(Day.supported.upperBound))")
        }
        return day
    }

    /// Today in the local calendar (a date option's default).
    static var today: Day {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(year: c.year!, month: c.month!, day: c.day!)!
    }
}

struct DayArgumentError: Error, CustomStringConvertible {
    let description: String
}
