import Foundation
import Testing
@testable import KehuCore

/// The error a throwing parse gives, or nil when it succeeds.
private func fieldError<T>(_ body: () throws(FieldError) -> T) -> FieldError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

private func day(_ y: Int, _ m: Int, _ d: Int) -> Day {
    Day(year: y, month: m, day: d)!
}

@Suite struct DayTests {
    @Test func ordinalCountsDaysFromTheUnixEpoch() {
        #expect(day(1970, 1, 1).ordinal == 0)
        #expect(day(1969, 12, 31).ordinal == -1)
        // 30 years of 365 days plus 7 leap days (1972 … 1996), then January and a leap February.
        #expect(day(2000, 3, 1).ordinal == 10_957 + 31 + 29)
        // 56 years of 365 days plus 14 leap days (1972 … 2024), then 304 days to 1 November.
        #expect(day(2026, 11, 23).ordinal == 20_454 + 304 + 22)
        #expect(day(1900, 3, 1).ordinal == -25_508)
        #expect(day(1, 1, 1).ordinal == -719_162)
        #expect(day(9999, 12, 31).ordinal == 2_932_896)
    }

    @Test func componentsRoundTripForEveryDayOf1899To2101() {
        var expected = day(1899, 1, 1).ordinal
        for y in 1899...2101 {
            for m in 1...12 {
                for d in 1...Day.daysIn(month: m, year: y) {
                    let date = day(y, m, d)
                    #expect(date.ordinal == expected)
                    if date.year != y || date.month != m || date.day != d {
                        Issue.record("\(y)-\(m)-\(d) came back as \(date)")
                    }
                    expected += 1
                }
            }
        }
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(Day(year: 2024, month: 2, day: 29) != nil)
        #expect(Day(year: 2000, month: 2, day: 29) != nil)
        #expect(Day(year: 2026, month: 2, day: 29) == nil)
        #expect(Day(year: 1900, month: 2, day: 29) == nil)
        #expect(Day(year: 2100, month: 2, day: 29) == nil)
    }

    @Test func impossibleDatesAreNil() {
        #expect(Day(year: 2026, month: 4, day: 31) == nil)
        #expect(Day(year: 2026, month: 13, day: 1) == nil)
        #expect(Day(year: 2026, month: 0, day: 1) == nil)
        #expect(Day(year: 2026, month: 1, day: 0) == nil)
        #expect(Day(year: 0, month: 1, day: 1) == nil)
        #expect(Day(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test func weekdayRunsFromMondayOneToSundaySeven() {
        #expect(day(1970, 1, 1).weekday == 4)   // a Thursday
        #expect(day(2026, 11, 23).weekday == 1) // a Monday
        #expect(day(2026, 11, 29).weekday == 7) // a Sunday
        #expect(day(1969, 12, 28).weekday == 7) // before the epoch too
        #expect(day(2024, 2, 29).weekday == 4)
    }

    @Test func addingDaysCrossesMonthsYearsAndLeapDays() {
        #expect(day(2026, 12, 31).adding(days: 1) == day(2027, 1, 1))
        #expect(day(2024, 2, 28).adding(days: 1) == day(2024, 2, 29))
        #expect(day(2026, 2, 28).adding(days: 1) == day(2026, 3, 1))
        #expect(day(2026, 3, 1).adding(days: -1) == day(2026, 2, 28))
        #expect(day(2026, 11, 23).adding(days: 0) == day(2026, 11, 23))
    }

    @Test func daysToCountsForwardAndBack() {
        #expect(day(2026, 1, 1).days(to: day(2027, 1, 1)) == 365)
        #expect(day(2024, 1, 1).days(to: day(2025, 1, 1)) == 366)
        #expect(day(2026, 11, 23).days(to: day(2026, 11, 1)) == -22)
    }

    @Test func describesItselfAsISODate() {
        #expect(day(2026, 11, 23).description == "2026-11-23")
        #expect(day(2026, 1, 5).description == "2026-01-05")
        #expect(day(987, 6, 7).description == "0987-06-07")
    }

    @Test func ordersByDate() {
        #expect(day(2025, 12, 31) < day(2026, 1, 1))
        #expect([day(2026, 3, 1), day(2024, 2, 29), day(2026, 1, 1)].sorted() == [day(2024, 2, 29), day(2026, 1, 1), day(2026, 3, 1)])
    }
}

@Suite struct DateParsingTests {
    @Test(arguments: [
        "2026-11-23", "2026/11/23", "2026.11.23", "2026年11月23日", "2026年11月23号", "2026年11月23",
        "2026 年 11 月 23 日", "20261123", "  2026-11-23\t", "\u{3000}2026-11-23\u{3000}",
        "２０２６－１１－２３", "２０２６年１１月２３日", "2026/11/23 0:00:00", "2026-11-23 00:00", "2026-11-23T00:00:00",
    ])
    func dayAcceptsTheCommonSpellings(_ text: String) throws {
        #expect(try FieldParsers.day(text) == day(2026, 11, 23))
    }

    @Test func dayAcceptsSingleDigitMonthsAndDays() throws {
        #expect(try FieldParsers.day("2026-1-5") == day(2026, 1, 5))
        #expect(try FieldParsers.day("2026/1/5") == day(2026, 1, 5))
        #expect(try FieldParsers.day("2026年1月5日") == day(2026, 1, 5))
    }

    @Test func dayAcceptsALeapDayInALeapYear() throws {
        #expect(try FieldParsers.day("2024-02-29") == day(2024, 2, 29))
    }

    @Test func dayRejectsALeapDayInACommonYearSayingWhy() {
        let error = fieldError { () throws(FieldError) in try FieldParsers.day("2026-02-29") }
        #expect(error?.description == "expected a real calendar date (2026-02 has only 28 days), found \"2026-02-29\"")
    }

    @Test func dayRejectsImpossibleDatesSayingWhy() {
        #expect(fieldError { () throws(FieldError) in try FieldParsers.day("2026-02-30") }?.expected
            == "a real calendar date (2026-02 has only 28 days)")
        #expect(fieldError { () throws(FieldError) in try FieldParsers.day("2026-13-01") }?.expected
            == "a real calendar date (there is no month 13)")
        #expect(fieldError { () throws(FieldError) in try FieldParsers.day("2026-04-31") }?.expected
            == "a real calendar date (2026-04 has only 30 days)")
        #expect(fieldError { () throws(FieldError) in try FieldParsers.day("2026-04-00") }?.expected
            == "a real calendar date (there is no day 0)")
        #expect(fieldError { () throws(FieldError) in try FieldParsers.day("0000-01-01") }?.expected
            == "a real calendar date (years run from 1 to 9999)")
    }

    @Test func dayWithoutAYearIsAnErrorThatShowsTheField() {
        let error = fieldError { () throws(FieldError) in try FieldParsers.day("11/23") }
        #expect(error?.description == "expected a date like 2026-11-23, found \"11/23\"")
    }

    @Test(arguments: ["", "  ", "2026-11/23", "26-11-23", "2026-11-123", "202611231", "1123", "2026-11",
                      "2026年11月", "2026-11-23x", "2026--11-23", "abc", "2026-11-2314:05"])
    func dayRejectsMalformedText(_ text: String) {
        let error = fieldError { () throws(FieldError) in try FieldParsers.day(text) }
        #expect(error?.expected == "a date like 2026-11-23")
    }

    @Test func dayRejectsATimeOtherThanMidnight() {
        let error = fieldError { () throws(FieldError) in try FieldParsers.day(" 2026-11-23 14:05 ") }
        #expect(error?.description == "expected a date like 2026-11-23 (without a time of day), found \"2026-11-23 14:05\"")
    }

    @Test(arguments: [("11-23", 11, 23), ("11/23", 11, 23), ("11.23", 11, 23), ("11月23日", 11, 23),
                      ("1月5号", 1, 5), ("１１－２３", 11, 23), ("2-29", 2, 29), ("1-5", 1, 5)])
    func birthdayWithoutAYear(_ text: String, _ month: Int, _ dayOfMonth: Int) throws {
        #expect(try FieldParsers.birthday(text) == MonthDay(month: month, day: dayOfMonth))
        #expect(try FieldParsers.birthday(text).year == nil)
    }

    @Test func birthdayWithAYearKeepsIt() throws {
        #expect(try FieldParsers.birthday("1990-11-23") == MonthDay(month: 11, day: 23, year: 1990))
        #expect(try FieldParsers.birthday("1990年11月23日") == MonthDay(month: 11, day: 23, year: 1990))
        #expect(try FieldParsers.birthday("19901123") == MonthDay(month: 11, day: 23, year: 1990))
        #expect(try FieldParsers.birthday("1992-02-29").date == day(1992, 2, 29))
    }

    @Test func birthdayRejectsImpossibleDays() {
        #expect(fieldError { () throws(FieldError) in try FieldParsers.birthday("2-30") }?.description
            == "expected a real month and day (month 2 has at most 29 days), found \"2-30\"")
        #expect(fieldError { () throws(FieldError) in try FieldParsers.birthday("13-01") }?.expected
            == "a real month and day (there is no month 13)")
        #expect(fieldError { () throws(FieldError) in try FieldParsers.birthday("1991-02-29") }?.expected
            == "a real calendar date (1991-02 has only 28 days)")
    }

    @Test(arguments: ["1123", "11", "11-", "11-23-", "11月", "11:23", "2026-11-23 14:05"])
    func birthdayRejectsOtherText(_ text: String) {
        let error = fieldError { () throws(FieldError) in try FieldParsers.birthday(text) }
        #expect(error?.expected == "a birthday like 11-23 or 1990-11-23")
    }

    @Test func monthDayDescribesItself() {
        #expect(MonthDay(month: 1, day: 5)?.description == "01-05")
        #expect(MonthDay(month: 11, day: 23, year: 1990)?.description == "1990-11-23")
        #expect(MonthDay(month: 2, day: 29, year: 1991) == nil)
        #expect(MonthDay(month: 2, day: 29) != nil)
        #expect(MonthDay(month: 2, day: 30) == nil)
    }

    @Test func leapDayBirthdayFallsOnTheTwentyEighthInACommonYear() {
        let leapling = MonthDay(month: 2, day: 29)!
        #expect(leapling.occurrence(in: 2026) == day(2026, 2, 28))
        #expect(leapling.occurrence(in: 2028) == day(2028, 2, 29))
        #expect(MonthDay(month: 11, day: 23)!.occurrence(in: 2026) == day(2026, 11, 23))
    }

    @Test(arguments: [
        ("2026-11-23 14:05", "2026-11-23 14:05"),
        ("2026-11-23T14:05:00", "2026-11-23 14:05"),
        ("2026-11-23t14:05", "2026-11-23 14:05"),
        ("2026年11月23日 14:05", "2026-11-23 14:05"),
        ("2026年11月23日14:05", "2026-11-23 14:05"),
        ("2026/11/23 9:05:30", "2026-11-23 09:05:30"),
        ("2026-11-23T14:05:00.250", "2026-11-23 14:05"),
        ("２０２６－１１－２３　１４：０５", "2026-11-23 14:05"),
        ("2026-11-23", "2026-11-23 00:00"),
        ("2026-11-23   23:59:59 ", "2026-11-23 23:59:59"),
    ])
    func timestampReadsADayAndATimeOfDay(_ text: String, _ shown: String) throws {
        #expect(try FieldParsers.timestamp(text).description == shown)
    }

    @Test func timestampKeepsSecondsSinceMidnight() throws {
        let moment = try FieldParsers.timestamp("2026-11-23 14:05:07")
        #expect(moment.day == day(2026, 11, 23))
        #expect(moment.secondsSinceMidnight == 14 * 3600 + 5 * 60 + 7)
        #expect((moment.hour, moment.minute, moment.second) == (14, 5, 7))
    }

    @Test(arguments: ["2026-11-23 24:00", "2026-11-23 14:60", "2026-11-23 14:05:60", "2026-11-23 14:05Z",
                      "2026-11-23 14:05+08:00", "2026-11-23 14", "2026-11-23 14:5", "2026-11-2314:05",
                      "2026-11-23 14:05:00.", "14:05", ""])
    func timestampRejectsOtherText(_ text: String) {
        let error = fieldError { () throws(FieldError) in try FieldParsers.timestamp(text) }
        #expect(error?.description == "expected a date and time like 2026-11-23 14:05, found \"\(text)\"")
    }

    @Test func timestampRejectsAnImpossibleDay() {
        let error = fieldError { () throws(FieldError) in try FieldParsers.timestamp("2026-02-29 10:00") }
        #expect(error?.expected == "a real calendar date (2026-02 has only 28 days)")
    }

    @Test func momentsMeasureAndOrderAcrossMidnight() throws {
        let asked = try FieldParsers.timestamp("2026-11-23 23:30")
        let answered = try FieldParsers.timestamp("2026-11-24 00:15")
        #expect(asked.seconds(to: answered) == 45 * 60)
        #expect(answered.seconds(to: asked) == -45 * 60)
        #expect(asked < answered)
        #expect(Moment(day: day(2026, 11, 23), hour: 24, minute: 0) == nil)
        #expect(Moment(day: day(2026, 11, 23), hour: 23, minute: 30) == asked)
    }
}

@Suite struct NumberParsingTests {
    @Test(arguments: [
        ("1234.5", 123_450), ("1234.50", 123_450), ("1,234.50", 123_450), ("¥1,234.50", 123_450),
        ("￥1234", 123_400), ("RMB 1234", 123_400), ("rmb1234", 123_400), ("CNY 1,234", 123_400),
        ("人民币1234元", 123_400), ("1234元", 123_400), ("1234 元", 123_400), ("1234 RMB", 123_400),
        ("0.01", 1), (".5", 50), ("5.", 500), ("0", 0), ("  100  ", 10_000), ("+7", 700),
        ("12.5万", 12_500_000), ("12.5万元", 12_500_000), ("1.2345万", 1_234_500), ("1.234567万", 1_234_567),
        ("3亿", 30_000_000_000), ("1.230", 123), ("1,234,567.89", 123_456_789),
        ("１２３４", 123_400), ("１，２３４．５", 123_450), ("￥１２．５万", 12_500_000),
        ("-3.5", -350), ("-¥3.5", -350), ("¥-3.5", -350), ("−3.5", -350), ("-0", 0),
    ] as [(String, Int64)])
    func fenReadsMoneyExactly(_ text: String, _ fen: Int64) throws {
        #expect(try FieldParsers.fen(text) == fen)
    }

    @Test func fenIsExactWhereDoublesRoundWrongly() throws {
        // 0.29 × 100 is 28.999999999999996 in Double.
        #expect(try FieldParsers.fen("0.29") == 29)
        #expect(try FieldParsers.fen("1.15") == 115)
        #expect(try FieldParsers.fen("92233720368547758.07") == Int64.max)
    }

    @Test func fenRejectsFractionsOfAFen() {
        let error = fieldError { () throws(FieldError) in try FieldParsers.fen("1.234") }
        #expect(error?.description == "expected an amount in whole fen (at most 2 decimal places of yuan), found \"1.234\"")
        #expect(fieldError { () throws(FieldError) in try FieldParsers.fen("1.2345678万") } != nil)
        #expect(fieldError { () throws(FieldError) in try FieldParsers.fen("0.001") } != nil)
    }

    @Test func fenRejectsAmountsTooLargeToStore() {
        let error = fieldError { () throws(FieldError) in try FieldParsers.fen("92233720368547758.08") }
        #expect(error?.expected == "an amount of money small enough to store")
        #expect(fieldError { () throws(FieldError) in try FieldParsers.fen("99999999999999亿") }?.expected
            == "an amount of money small enough to store")
    }

    @Test(arguments: ["", "abc", "12,34", "1,2345", ",123", "1,,234", "1.2.3", "1e5", "1 234", "¥", "万",
                      "12.5万万", "--3", "3-", "1234元元", "$12", "NaN"])
    func fenRejectsOtherText(_ text: String) {
        let error = fieldError { () throws(FieldError) in try FieldParsers.fen(text) }
        #expect(error?.description == "expected an amount of money like 1,234.50 or 12.5万, found \"\(text)\"")
    }

    @Test(arguments: [("1200", 1200), ("1,200", 1200), ("１２００", 1200), ("１，２００", 1200), ("-3", -3),
                      ("+3", 3), (" 42 ", 42), ("1200.00", 1200), ("0", 0), ("9223372036854775807", Int.max)])
    func integerReadsWholeNumbers(_ text: String, _ value: Int) throws {
        #expect(try FieldParsers.integer(text) == value)
    }

    @Test(arguments: ["", "1200.5", "12,00", "1.2.3", "abc", "12个", "1e3"])
    func integerRejectsOtherText(_ text: String) {
        let error = fieldError { () throws(FieldError) in try FieldParsers.integer(text) }
        #expect(error?.description == "expected a whole number like 1,200, found \"\(text)\"")
    }

    @Test func integerRejectsNumbersTooLargeToStore() {
        let error = fieldError { () throws(FieldError) in try FieldParsers.integer("9223372036854775808") }
        #expect(error?.expected == "a whole number small enough to store")
    }

    @Test(arguments: [("120.5", 120.5), ("120", 120), ("120㎡", 120), ("120.5平方米", 120.5), ("120平米", 120),
                      ("120 m²", 120), ("120M2", 120), ("1,200.25", 1200.25), ("１２０．５", 120.5),
                      (".5", 0.5), ("-0.5", -0.5), ("0", 0)])
    func decimalReadsNumbersAndAreas(_ text: String, _ value: Double) throws {
        #expect(try FieldParsers.decimal(text) == value)
    }

    @Test(arguments: ["", "abc", "1e3", "nan", "inf", "120.5.1", "120平方", "120亩", "12,0"])
    func decimalRejectsOtherText(_ text: String) {
        let error = fieldError { () throws(FieldError) in try FieldParsers.decimal(text) }
        #expect(error?.description == "expected a number like 120.5, found \"\(text)\"")
    }

    @Test func errorShortensALongField() {
        let long = String(repeating: "很长", count: 40)
        let error = FieldError(expected: "a number like 120.5", found: long)
        #expect(error.description == "expected a number like 120.5, found \"" + String(repeating: "很长", count: 28) + "很…\"")
    }
}

@Suite struct TagParsingTests {
    @Test func tagsSplitOnSemicolonsEnumerationCommasAndBars() {
        #expect(FieldParsers.tags("五金;建材；装饰、灯具|卫浴｜瓷砖") == ["五金", "建材", "装饰", "灯具", "卫浴", "瓷砖"])
    }

    @Test func tagsAreTrimmedDeduplicatedAndKeepTheirOrder() {
        #expect(FieldParsers.tags(" 五金 ；建材 、五金| 建材\u{3000};VIP") == ["五金", "建材", "VIP"])
    }

    @Test func tagsKeepCommasAndCase() {
        #expect(FieldParsers.tags("红, 蓝;VIP;vip") == ["红, 蓝", "VIP", "vip"])
    }

    @Test func emptyTagsAreDropped() {
        #expect(FieldParsers.tags("").isEmpty)
        #expect(FieldParsers.tags(" ;；、 | ").isEmpty)
        #expect(FieldParsers.tags(";a;;").count == 1)
    }
}

@Suite struct LabeledEnumTests {
    @Test(arguments: ["upstream", "UPSTREAM", " Upstream ", "上游", "上游客户", "供应商"])
    func clientKindReadsCodesAndChineseLabels(_ text: String) throws {
        #expect(try ClientKind(parsing: text) == .upstream)
    }

    @Test func clientKindReadsEveryListedLabel() throws {
        #expect(try ClientKind(parsing: "合作伙伴") == .partner)
        #expect(try ClientKind(parsing: "协作") == .partner)
        #expect(try ClientKind(parsing: "经销商") == .channel)
        #expect(try ClientKind(parsing: "分销商") == .channel)
        #expect(try ClientKind(parsing: "终端客户") == .terminal)
    }

    @Test func clientKindRefusesThePlainWordForClientListingWhatItAccepts() {
        let error = fieldError { () throws(FieldError) in try ClientKind(parsing: "客户") }
        #expect(error?.description == "expected a client kind, one of upstream/上游客户/上游/供应商, "
            + "partner/协作客户/协作/合作伙伴, channel/渠道客户/渠道/经销商/分销商, terminal/终端客户/终端, found \"客户\"")
    }

    @Test func labelsAreTheMainChineseNames() {
        #expect(ClientKind.allCases.map(\.label) == ["上游客户", "协作客户", "渠道客户", "终端客户"])
        #expect(RelationshipStage.allCases.map(\.label) == ["认知", "认同", "关系", "族群", "拥护"])
        #expect(ClientStatus.allCases.map(\.label) == ["正常", "休眠", "淘汰"])
        #expect(ContactRole.storeManager.label == "店长")
        #expect(InteractionKind.promotion.label == "促销")
    }

    @Test func relationshipStagesAreInTheirOrder() {
        #expect(RelationshipStage.allCases == [.awareness, .recognition, .relationship, .community, .advocacy])
    }

    @Test func multiWordCodesAcceptSpacesHyphensAndCase() throws {
        #expect(ClientStatus.phasedOut.rawValue == "phased_out")
        #expect(try ClientStatus(parsing: "phased_out") == .phasedOut)
        #expect(try ClientStatus(parsing: "Phased out") == .phasedOut)
        #expect(try ClientStatus(parsing: "PHASED-OUT") == .phasedOut)
        #expect(try ClientStatus(parsing: "已淘汰") == .phasedOut)
        #expect(try ContactRole(parsing: "store manager") == .storeManager)
        #expect(ContactRole.storeManager.rawValue == "store_manager")
    }

    @Test func interactionKindsReadTheirAliases() throws {
        #expect(try InteractionKind(parsing: "微信") == .message)
        #expect(try InteractionKind(parsing: "短信") == .message)
        #expect(try InteractionKind(parsing: "联合促销") == .promotion)
        #expect(try InteractionKind(parsing: "送礼") == .gift)
        #expect(try InteractionKind(parsing: "宴请") == .entertainment)
        #expect(try InteractionKind(parsing: "投诉") == .complaint)
        #expect(try InteractionKind(parsing: "ＶＩＳＩＴ") == .visit)
    }

    @Test func contactRolesReadTheirAliases() throws {
        #expect(try ContactRole(parsing: "法人") == .owner)
        #expect(try ContactRole(parsing: "会计") == .finance)
        #expect(try ContactRole(parsing: "导购") == .staff)
        #expect(try ContactRole(parsing: "其他") == .other)
    }

    @Test func everySpellingReadsBackAsItsOwnValue() throws {
        func check<E: LabeledEnum>(_: E.Type) throws {
            for value in E.allCases {
                for spelling in [value.rawValue, value.rawValue.uppercased()] + value.labels {
                    #expect(try E(parsing: spelling) == value)
                }
            }
        }
        try check(ClientKind.self)
        try check(RelationshipStage.self)
        try check(ClientStatus.self)
        try check(InteractionKind.self)
        try check(ContactRole.self)
    }

    @Test func unknownValuesListEveryAcceptedSpelling() {
        let error = fieldError { () throws(FieldError) in try ClientStatus(parsing: "closed") }
        #expect(error?.description
            == "expected a client status, one of active/正常/活跃, dormant/休眠, phased_out/淘汰/已淘汰, found \"closed\"")
        #expect(fieldError { () throws(FieldError) in try RelationshipStage(parsing: "") }?.expected
            == "a relationship stage, one of awareness/认知, recognition/认同, relationship/关系, community/族群, advocacy/拥护")
    }
}
