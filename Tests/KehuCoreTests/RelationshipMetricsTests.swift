import GRDB
import Testing
@testable import KehuCore

@Suite struct RelationshipMetricsTests {
    @Test func contactHistoryPeopleComplaintsAndSpecialDays() throws {
        // As of 2026-11-25. People: 王伟 (owner, every 14 days, birthday 11-28: in 3 days),
        // 李娜 (buyer, every 30, birthday 12-10: in 15), 张三 (finance, no preference),
        // 赵六 (staff, every 7, never contacted, born 02-29).
        // History: a visit with 王伟 5 days ago (not due), a call with 李娜 55 days ago (due),
        // ¥500 entertainment on 2026-09-01 and ¥999.99 a year before that (outside the year),
        // a complaint on 11-10 answered after 6 h and resolved after 60 h, and one on 11-24
        // answered after 24 h and still open.
        let m = try #require(try MetricsTests.metrics { db in
            let c = try MetricsTests.client(db, "R1")
            try MetricsTests.order(db, c, "2026-06-01", 1_000_000)
            for (name, role, birthday, every) in [("王伟", "owner", "11-28", 14), ("李娜", "buyer", "1990-12-10", 30),
                                                  ("张三", "finance", "", 0), ("赵六", "staff", "1992-02-29", 7)] {
                try db.execute(sql: "INSERT INTO contact (client_id, name, role, birthday, min_contact_days) VALUES (?,?,?,?,?)",
                               arguments: [c, name, role, birthday.isEmpty ? nil : birthday, every == 0 ? nil : every])
            }
            let id = { (name: String) in try Int64.fetchOne(db, sql: "SELECT id FROM contact WHERE name = ?", arguments: [name]) }
            let rows: [(String, String, Int64?, Int64, String?, String?)] = [
                ("2026-11-20", "visit", try id("王伟"), 0, nil, nil),
                ("2026-10-01", "call", try id("李娜"), 0, nil, nil),
                ("2026-09-01", "entertainment", nil, 50_000, nil, nil),
                ("2025-10-01", "entertainment", nil, 99_999, nil, nil),
                ("2026-11-10", "complaint", nil, 0, "2026-11-10 06:00", "2026-11-12 12:00"),
                ("2026-11-24", "complaint", nil, 0, "2026-11-25 00:00", nil),
            ]
            for (date, kind, contact, cost, answered, resolved) in rows {
                try db.execute(sql: """
                    INSERT INTO interaction (client_id, date, kind, contact_id, cost, answered, resolved) VALUES (?,?,?,?,?,?,?)
                    """, arguments: [c, date, kind, contact, cost, answered, resolved])
            }
        }["R1"])
        #expect(m.interactions90 == ["visit": 1, "call": 1, "entertainment": 1, "complaint": 2])
        #expect(m.daysSinceLastContact == 1)
        #expect(m.contactsDue == ["李娜", "赵六"])
        #expect(m.entertainment365 == 50_000)
        #expect(m.entertainmentShare == 0.05)
        #expect(m.openComplaints == 1)
        #expect(m.complaintAnswerHours == 15)
        #expect(m.complaintResolveHours == 60)
        #expect(m.contactCount == 4)
        #expect(m.rolesCovered == ["owner", "buyer", "finance", "staff"])
        #expect(m.specialDays == [SpecialDay(contact: "王伟", monthDay: "11-28", inDays: 3)])
    }

    @Test func aComplaintAnsweredOrResolvedAfterTheAsOfDateIsStillOpenThen() throws {
        // As of 2026-11-25: complaint A (11-01) answered 11-02 and resolved 11-28; complaint B
        // (11-20) answered 11-26. Then A is answered (24 h) but open, B unanswered and open.
        let m = try #require(try MetricsTests.metrics { db in
            let client = try MetricsTests.client(db, "R2")
            try MetricsTests.order(db, client, "2026-06-01", 1_000)
            for (date, answered, resolved) in [("2026-11-01", "2026-11-02", "2026-11-28"), ("2026-11-20", "2026-11-26", nil)] {
                try db.execute(sql: "INSERT INTO interaction (client_id, date, kind, answered, resolved) VALUES (?, ?, 'complaint', ?, ?)",
                               arguments: [client, date, answered, resolved])
            }
        }["R2"])
        #expect(m.openComplaints == 2)
        #expect(m.complaintAnswerHours == 24)
        #expect(m.complaintResolveHours == nil)
    }

    @Test func aClientsComplaintsShowOnlyWhatHadHappenedByTheAsOfDate() throws {
        let store = try KehuDatabase.inMemory()
        let seen = try store.writer.write { db -> [ClientHistory.Interaction] in
            let c = try MetricsTests.client(db, "R3")
            try db.execute(sql: "INSERT INTO interaction (client_id, date, kind, answered, resolved) VALUES (?, '2026-11-01', 'complaint', '2026-11-02 09:30', '2026-11-28')",
                           arguments: [c])
            return try ClientHistory.interactions(StoreConnection(db), clientId: c, asOf: "2026-11-25")
        }
        #expect(seen.count == 1)
        #expect(seen.first?.answered == "2026-11-02 09:30")
        #expect(seen.first?.resolved == nil)
    }

    @Test func birthdaysComeRoundEachYearAndLeapDayFallsOnTheTwentyEighth() {
        let today = Day.ordinal("2026-11-25")!
        #expect(RelationshipMetrics.nextOccurrence(of: "11-25", onOrAfter: today) == today)
        #expect(RelationshipMetrics.nextOccurrence(of: "1980-01-02", onOrAfter: today) == Day.ordinal("2027-01-02"))
        #expect(RelationshipMetrics.nextOccurrence(of: "02-29", onOrAfter: today) == Day.ordinal("2027-02-28"))
        #expect(RelationshipMetrics.nextOccurrence(of: "02-29", onOrAfter: Day.ordinal("2028-01-01")!) == Day.ordinal("2028-02-29"))
    }
}
