import Foundation
import GRDB
@testable import KehuCore
@testable import KehuPlaybook

/// A small dealer built by hand, as of 2026-11-25, whose outcomes were worked out on paper
/// against the standard playbook's settings:
///
/// - K1, a channel dealer on file since 2015 at the advocacy stage, ordering ¥300,000 every
///   30 days and paying within terms, with ¥20 M capital, 40 staff, 12 vehicles, 2,500 m²:
///   loyalty 100 (tenure, regularity, payment, stage, complaints all full), strength about
///   92 → **key**.
/// - P1, an end customer since 2026-06 at the awareness stage: one ¥5,000 order 208 days ago,
///   unpaid (all over 90 days past terms), an open complaint, no file → loyalty and strength
///   both low → **phase_out**.
/// - G1, a channel dealer with a ¥100,000 limit owing ¥115,000 (utilisation 1.15) →
///   **credit guard**, priority 1. G2 owes ¥50,000 of the same limit → no credit guard.
/// - B1, whose contact 王芳 has her birthday on 11-28, three days ahead → a **birthday**
///   follow-up due 2026-11-28.
/// - C1, with a complaint on 2026-11-20 not yet answered (120 hours against a 24-hour
///   standard) → **complaint_answer**, priority 1.
enum Dealer {
    static let asOf = "2026-11-25"
    static var day: Day { Day(iso: asOf)! }

    static func make() throws -> KehuDatabase {
        let store = try KehuDatabase.inMemory()
        try store.writer.write { db in
            let k1 = try client(db, "K1", "华东建材集团", kind: "channel", since: "2015-01-01", stage: "advocacy",
                                limit: 1_000_000, terms: 30, capital: 20_000_000, staff: 40, vehicles: 12, warehouse: 2500)
            var d = day.adding(days: -720)
            var n = 0
            while d <= day.adding(days: -1) {
                n += 1
                try order(db, k1, "K1-\(n)", d, 300_000)
                if d.days(to: day) > 20 { try payment(db, k1, "K1-P\(n)", d.adding(days: 15), 300_000) }
                d = d.adding(days: 30)
            }
            let owner = try contact(db, k1, "李总", role: "owner", every: 14)
            try interaction(db, k1, day.adding(days: -20), "visit", contact: owner)

            let p1 = try client(db, "P1", "新城装修工程队", kind: "terminal", since: "2026-06-01", stage: "awareness", limit: 0, terms: 0)
            try order(db, p1, "P1-1", day.adding(days: -208), 5_000)
            try contact(db, p1, "赵工", role: "owner")
            try interaction(db, p1, Day(iso: "2026-10-01")!, "complaint")

            let g1 = try client(db, "G1", "顺达批发", kind: "channel", since: "2020-03-01", stage: "relationship", limit: 100_000, terms: 60)
            try order(db, g1, "G1-1", Day(iso: "2026-11-01")!, 60_000)
            try order(db, g1, "G1-2", Day(iso: "2026-11-15")!, 55_000)
            try contact(db, g1, "钱会计", role: "finance")
            try contact(db, g1, "孙老板", role: "owner")

            let g2 = try client(db, "G2", "顺心批发", kind: "channel", since: "2020-03-01", stage: "relationship", limit: 100_000, terms: 60)
            try order(db, g2, "G2-1", Day(iso: "2026-11-01")!, 50_000)
            try contact(db, g2, "周老板", role: "owner")

            let b1 = try client(db, "B1", "老王五金", kind: "channel", since: "2019-05-01", stage: "relationship", limit: 50_000, terms: 30)
            try order(db, b1, "B1-1", Day(iso: "2026-10-10")!, 20_000)
            try payment(db, b1, "B1-P1", Day(iso: "2026-10-20")!, 20_000)
            try contact(db, b1, "王芳", role: "owner", birthday: "1980-11-28")

            let c1 = try client(db, "C1", "安居装饰", kind: "terminal", since: "2018-01-01", stage: "recognition", limit: 0, terms: 0)
            try order(db, c1, "C1-1", Day(iso: "2026-09-01")!, 10_000)
            try payment(db, c1, "C1-P1", Day(iso: "2026-09-01")!, 10_000)
            let manager = try contact(db, c1, "陈店长", role: "store_manager")
            try interaction(db, c1, Day(iso: "2026-11-20")!, "complaint", contact: manager)
        }
        return store
    }

    @discardableResult
    static func client(_ db: Database, _ code: String, _ name: String, kind: String, since: String, stage: String,
                       limit: Int64, terms: Int, capital: Int64? = nil, staff: Int? = nil, vehicles: Int? = nil,
                       warehouse: Double? = nil) throws -> Int64 {
        var c = ClientRecord(code: code, name: name, kind: kind)
        c.since = since
        c.stage = stage
        c.creditLimit = limit * 100
        c.paymentTermsDays = terms
        c.capital = capital.map { $0 * 100 }
        c.staff = staff
        c.vehicles = vehicles
        c.warehouseM2 = warehouse
        c.owner = "王伟"
        try c.insert(db)
        return c.id!
    }

    static func order(_ db: Database, _ client: Int64, _ code: String, _ day: Day, _ yuan: Int64) throws {
        var o = OrderRecord(code: code, clientId: client, date: day.description, amount: yuan * 100)
        try o.insert(db)
    }

    static func payment(_ db: Database, _ client: Int64, _ code: String, _ day: Day, _ yuan: Int64) throws {
        var p = PaymentRecord(code: code, clientId: client, date: day.description, amount: yuan * 100)
        try p.insert(db)
    }

    @discardableResult
    static func contact(_ db: Database, _ client: Int64, _ name: String, role: String, every: Int? = nil,
                        birthday: String? = nil) throws -> Int64 {
        try db.execute(sql: "INSERT INTO contact (client_id, name, role, min_contact_days, birthday) VALUES (?, ?, ?, ?, ?)",
                       arguments: [client, name, role, every, birthday])
        return db.lastInsertedRowID
    }

    static func interaction(_ db: Database, _ client: Int64, _ day: Day, _ kind: String, contact: Int64? = nil) throws {
        try db.execute(sql: "INSERT INTO interaction (client_id, date, kind, contact_id) VALUES (?, ?, ?, ?)",
                       arguments: [client, day.description, kind, contact])
    }

    static func playbook(_ name: String) throws -> Playbook {
        try Playbook.load(folder: fixtures.appendingPathComponent(name))
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Playbooks")

    static func session(_ playbook: Playbook? = nil, language: String = "zh") throws -> PlaybookSession {
        try PlaybookSession(playbook: playbook, asOf: day, language: language)
    }

    /// Runs a score run and returns every client's scores, in code order.
    static func scores(_ store: KehuDatabase, _ session: PlaybookSession, dryRun: Bool = false) throws -> [ClientScore] {
        var out: [ClientScore] = []
        _ = try ScoreRun.run(store, session: session, dryRun: dryRun) { out.append($0) }
        return out
    }

    /// Every stored row of the result tables, to show a failed run stored nothing.
    static func results(_ store: KehuDatabase) throws -> [Int] {
        try store.writer.read { db in
            try ["run", "score", "allocation", "followup"].map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)")! }
        }
    }
}
