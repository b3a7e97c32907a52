import Foundation
import Testing
@testable import KehuCore

/// Dates never crash: year 0000 is no date, SQLite's years before it are an error, and the
/// supported and as-of ranges are declared once.
@Suite struct DayRangeTests {
    @Test func yearZeroIsNoDateAndNothingCrashesOnIt() {
        #expect(Day(iso: "0000-06-15") == nil)
        #expect(Day(iso: "0000-01-01") == nil)
        #expect(Day(iso: "0001-01-01") == Day.first)
        #expect(Day(iso: "9999-12-31") == Day.last)
        #expect(Day.ordinal("0000-02-29") != nil)   // arithmetic only: year 0000 is a leap year
        #expect(Day.ordinal(year: 0, month: 6, day: 15) == Day.ordinal("0000-06-15"))
        #expect(Day.ordinal("-001-06-15") == nil)
    }

    @Test func theSupportedAndAsOfRangesAreAYearApart() {
        #expect(Day.supported.lowerBound.description == "1900-01-01")
        #expect(Day.supported.upperBound.description == "9999-12-31")
        #expect(Day.asOfRange.lowerBound.description == "1902-01-01")
        #expect(Day.asOfRange.upperBound.description == "9998-12-31")
        #expect(Day.asOfRange.upperBound.adding(days: 365) <= Day.supported.upperBound)
        #expect(Day.asOfRange.lowerBound.adding(days: -730) >= Day.supported.lowerBound)
        for ok in ["1902-01-01", "2026-11-25", "9998-12-31"] { #expect(Day.asOfProblem(ok) == nil, "\(ok)") }
        #expect(Day.asOfProblem("0000-01-01") == "expects a date like 2026-11-25, found '0000-01-01'")
        for bad in ["0001-01-01", "1901-12-31", "9999-12-31"] {
            #expect(Day.asOfProblem(bad)?.hasPrefix("expects a date from 1902-01-01 to 9998-12-31, found \(bad)") == true, "\(bad)")
        }
    }

    @Test func metricsAsOfTheEarliestYearsAreAnErrorNotACrash() throws {
        let store = try KehuDatabase.inMemory()
        try store.writer.read { db in
            for asOf in ["0000-01-01", "0001-01-01"] {
                #expect(throws: KehuMetricsError.self, "\(asOf)") { _ = try MetricsEngine.compute(StoreConnection(db), asOf: asOf) }
            }
            _ = try MetricsEngine.compute(StoreConnection(db), asOf: "1902-01-01")
            _ = try MetricsEngine.compute(StoreConnection(db), asOf: "9998-12-31")
        }
    }
}
