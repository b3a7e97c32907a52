import GRDB

/// The relationship side of the metrics: contact history, people, complaints, special days.
enum RelationshipMetrics {
    static func apply(_ db: Database, asOf: String, metrics: inout [ClientMetrics], index: [Int64: Int], only: Int64? = nil) throws {
        guard let today = Day.ordinal(asOf) else { return }
        // One client: each query reads only its rows.
        let onlyClient = only.map { " AND client_id = \($0)" } ?? ""
        let d90 = Day.string(today - 90), d365 = Day.string(today - 365)

        let kinds = try Row.fetchCursor(db, sql: """
            SELECT client_id, kind, COUNT(*) FROM interaction WHERE date > ? AND date <= ?\(onlyClient) GROUP BY client_id, kind
            """, arguments: [d90, asOf])
        while let r = try kinds.next() {
            if let i = index[r[0]] { metrics[i].interactions90[r[1]] = r[2] }
        }

        let summary = try Row.fetchCursor(db, sql: """
            SELECT client_id, MAX(date),
                   TOTAL(CASE WHEN kind = 'entertainment' AND date > :y THEN cost END),
                   COUNT(CASE WHEN kind = 'complaint' AND (resolved IS NULL OR substr(resolved, 1, 10) > :a) THEN 1 END),
                   AVG(CASE WHEN kind = 'complaint' AND date > :y AND substr(answered, 1, 10) <= :a
                            THEN (julianday(answered) - julianday(date)) * 24 END),
                   AVG(CASE WHEN kind = 'complaint' AND date > :y AND substr(resolved, 1, 10) <= :a
                            THEN (julianday(resolved) - julianday(date)) * 24 END)
            FROM interaction WHERE date <= :a\(onlyClient) GROUP BY client_id
            """, arguments: ["y": d365, "a": asOf])
        while let r = try summary.next() {
            guard let i = index[r[0]] else { continue }
            let last: String = r[1]
            metrics[i].daysSinceLastContact = Day.ordinal(last).map { today - $0 }
            let entertainment: Double = r[2]
            guard entertainment < 9.2e18 else {
                throw KehuMetricsError.overflow("the entertainment costs of client \(metrics[i].code)")
            }
            metrics[i].entertainment365 = Int64(entertainment)
            metrics[i].openComplaints = r[3]
            metrics[i].complaintAnswerHours = r[4]
            metrics[i].complaintResolveHours = r[5]
        }

        var lastByContact: [Int64: Int] = [:]
        let contacted = try Row.fetchCursor(db, sql: """
            SELECT contact_id, MAX(date) FROM interaction WHERE contact_id IS NOT NULL AND date <= ?\(only.map { " AND contact_id IN (SELECT id FROM contact WHERE client_id = \($0))" } ?? "") GROUP BY contact_id
            """, arguments: [asOf])
        while let r = try contacted.next() {
            if let d = Day.ordinal(r[1]) { lastByContact[r[0]] = d }
        }
        let people = try Row.fetchCursor(db, sql: """
            SELECT id, client_id, name, role, birthday, min_contact_days FROM contact\(only.map { " WHERE client_id = \($0)" } ?? "") ORDER BY client_id, id
            """)
        while let r = try people.next() {
            guard let i = index[r[1]] else { continue }
            let id: Int64 = r[0], name: String = r[2], role: String = r[3]
            metrics[i].contactCount += 1
            if !metrics[i].rolesCovered.contains(role) { metrics[i].rolesCovered.append(role) }
            if let every: Int = r[5] {
                if let last = lastByContact[id] {
                    if today - last >= every { metrics[i].contactsDue.append(name) }
                } else {
                    metrics[i].contactsDue.append(name)
                }
            }
            if let birthday: String = r[4], let next = nextOccurrence(of: birthday, onOrAfter: today),
               next - today <= MetricsEngine.specialDaysAhead {
                metrics[i].specialDays.append(SpecialDay(contact: name, monthDay: String(birthday.suffix(5)), inDays: next - today))
            }
        }
        for i in metrics.indices where metrics[i].specialDays.count > 1 {
            metrics[i].specialDays.sort { $0.inDays < $1.inDays }
        }
    }

    /// The next day on or after `today` whose month and day are the birthday's (`MM-DD` or
    /// `YYYY-MM-DD`); a 29 February birthday falls on 28 February in common years.
    static func nextOccurrence(of birthday: String, onOrAfter today: Int) -> Int? {
        let parts = birthday.split(separator: "-").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        let month = parts[parts.count - 2], day = parts[parts.count - 1]
        let year = Day.civil(today).year
        for y in [year, year + 1] {
            let d = min(day, Day.daysIn(month: month, year: y))
            let n = Day.ordinal(year: y, month: month, day: d)
            if n >= today { return n }
        }
        return nil
    }
}
