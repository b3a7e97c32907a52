import GRDB
import GRDBSQLite

/// What the numbers say about one client as of a date. Amounts are fen.
public struct ClientMetrics: Sendable, Equatable {
    public var clientId: Int64
    public var code: String
    /// Sales in the trailing 30/90/365 days (the as-of day included).
    public var sales30: Int64 = 0, sales90: Int64 = 0, sales365: Int64 = 0
    /// The same windows, a year earlier.
    public var sales30YearAgo: Int64 = 0, sales90YearAgo: Int64 = 0, sales365YearAgo: Int64 = 0
    /// The 30 days before the trailing 30 (for month-on-month growth).
    public var salesPrevious30: Int64 = 0
    public var orderCount365 = 0
    public var orderCountTotal = 0
    public var firstOrder: String?
    public var lastOrder: String?
    public var daysSinceLastOrder: Int?
    /// Receivable balance: all orders up to the as-of date less all payments up to it.
    public var receivable: Int64 = 0
    /// Outstanding amounts past their due date (the playbook's `due`, else the payment
    /// terms): 1–30, 31–60, 61–90 and over 90 days.
    public var ageing: [Int64] = [0, 0, 0, 0]
    /// The orders not yet fully paid, oldest first: kept only when a playbook decides when
    /// they fall due (``MetricsEngine/compute(_:asOf:terms:)``).
    public var unpaid: [UnpaidOrder] = []
    /// True while a playbook's `due` is deciding this client's ageing: `overdue` and `ageing`
    /// are not known yet and are not shown.
    public var ageingPending = false
    public var creditLimit: Int64 = 0
    public var abc: String = "C"
    public var abcYearAgo: String = "C"
    /// Quiet past its own rhythm and, with repeat orders, unlikely to be buying still
    /// (``DormancyRule``, the playbook's `dormancy`).
    public var dormant = false
    /// Days with an order, ever (several orders on one day are one).
    public var orderDays = 0
    /// From the BG/NBD model fitted to the whole base (``BuyingModel``): the probability
    /// that the client is still buying, and the orders (order days) expected in the next
    /// 90 and 365 days. Nil without orders, or when no model could be fitted.
    public var pAlive: Double?
    public var expectedOrders90: Double?
    public var expectedOrders365: Double?
    /// The learned probability of no order in the horizon (``DormancyRule/horizonDays``).
    public var pQuiet: Double?
    /// Mean days between the client's order days (with one order day: the base's median).
    public var rhythmDays: Double?
    /// The client's buying as the model reads it; nil without orders.
    var buying: BuyingSnapshot?
    /// Contacts made in the trailing 90 days, by interaction kind.
    public var interactions90: [String: Int] = [:]
    /// Days since the last interaction of any kind; nil if none.
    public var daysSinceLastContact: Int?
    /// Contacts whose preferred interval has passed since they were last contacted (or never were).
    public var contactsDue: [String] = []
    /// Entertainment spent in the trailing year (fen), and its share of the year's sales.
    public var entertainment365: Int64 = 0
    public var entertainmentShare: Double? { sales365 > 0 ? Double(entertainment365) / Double(sales365) : nil }
    /// Complaints not yet resolved.
    public var openComplaints = 0
    /// Mean hours from a complaint's day to its answer / resolution, over the trailing year.
    public var complaintAnswerHours: Double?
    public var complaintResolveHours: Double?
    /// The client's people: how many, and the roles they cover.
    public var contactCount = 0
    public var rolesCovered: [String] = []
    /// Birthdays in the next ``MetricsEngine/specialDaysAhead`` days, soonest first.
    public var specialDays: [SpecialDay] = []
    /// Of the last twelve months (365 days cut in twelve), how many saw an order: the
    /// regularity of a client's buying.
    public var orderMonths365 = 0

    /// Year-on-year growth of trailing-365 sales; nil when the year before had none.
    public var growthYearOnYear: Double? { Self.growth(sales365, over: sales365YearAgo) }
    /// Month-on-month growth: the trailing 30 days against the 30 before them.
    public var growthMonthOnMonth: Double? { Self.growth(sales30, over: salesPrevious30) }
    /// Overdue: outstanding past the payment terms.
    public var overdue: Int64 { ageing.reduce(0, +) }
    /// Average order over the trailing year; nil without orders.
    public var averageOrder365: Int64? { orderCount365 > 0 ? sales365 / Int64(orderCount365) : nil }
    /// Receivable over the credit limit; nil without a limit.
    public var creditUtilisation: Double? { creditLimit > 0 ? Double(receivable) / Double(creditLimit) : nil }
    /// How much more the client may owe before reaching its limit (negative: over it).
    public var creditHeadroom: Int64 { creditLimit - receivable }

    /// Fills what comes from the client's whole order history (oldest first): first and last
    /// order, count, receivable and its ageing. Payments apply to the oldest orders first, so
    /// what is owed is the newest orders' amounts: walk back from the newest until covered.
    mutating func finishOrders(history: [(day: Int, amount: Int64, id: Int64)], total: Int64, paid: Int64, today: Int, terms: Int,
                               keepUnpaid: Bool) {
        if let first = history.first, let last = history.last {
            firstOrder = Day.string(first.day)
            lastOrder = Day.string(last.day)
            daysSinceLastOrder = today - last.day
            buying = BuyingModel.snapshot(history: history, today: today)
            orderDays = (buying?.history.x ?? -1) + 1
        }
        orderCountTotal = history.count
        receivable = total - paid
        var left = receivable
        for o in history.reversed() where left > 0 {
            let part = min(o.amount, left)
            left -= part
            if keepUnpaid {
                unpaid.append(UnpaidOrder(orderId: o.id, day: o.day, amount: o.amount, outstanding: part))
                continue
            }
            let pastDue = today - o.day - terms
            if pastDue > 0 { ageing[MetricsEngine.ageingBucket(pastDue)] += part }
        }
        if keepUnpaid { unpaid.reverse() }
    }

    /// Ages what is owed by the day each unpaid order falls due (`dueDays[i]` for `unpaid[i]`).
    mutating func age(dueDays: [Int], today: Int) {
        ageing = [0, 0, 0, 0]
        for (o, due) in zip(unpaid, dueDays) where today > due {
            ageing[MetricsEngine.ageingBucket(today - due)] += o.outstanding
        }
    }

    static func growth(_ now: Int64, over before: Int64) -> Double? {
        before > 0 ? Double(now - before) / Double(before) : nil
    }
}

/// An order not yet fully paid as of a date (payments settle the oldest orders first).
public struct UnpaidOrder: Sendable, Equatable {
    /// The order's row id (``ClientHistory/orderRows(_:ids:)`` reads the whole order).
    public var orderId: Int64
    /// The order's day (ordinal, ``Day/ordinal(_:)``).
    public var day: Int
    /// The order's amount and what of it is still owed, fen.
    public var amount: Int64
    public var outstanding: Int64
}

/// When a client's unpaid orders fall due: a playbook's policy (`due(c, order)`), handed to
/// the metrics by the layer that runs playbooks. Without one, an order falls due its client's
/// payment terms after its day.
public protocol ReceivableTerms: AnyObject {
    /// The day (ordinal) each of `unpaid` falls due, in the same order. `orders` holds each
    /// unpaid order's fields (``ClientHistory/rowFields(_:)`` of orders). Called once per client
    /// that owes anything, in client-code order, after every other metric of every client is
    /// known (`metrics.ageingPending` is set: overdue and ageing are what this decides).
    func dueDays(_ connection: StoreConnection, client: ClientRecord, metrics: ClientMetrics, unpaid: [UnpaidOrder],
                 orders: [[FieldValue]]) throws -> [Int]
}

/// A contact's birthday coming up.
public struct SpecialDay: Sendable, Equatable, CustomStringConvertible {
    public var contact: String
    /// `MM-DD`.
    public var monthDay: String
    /// Days from the as-of date (0: today).
    public var inDays: Int
    public var description: String { "\(contact) \(monthDay)" }
}

/// Computes ``ClientMetrics`` for every client in one set-based pass (no query per client).
public enum MetricsEngine {
    /// Share of cumulative trailing-year sales that makes a client A (before it is added).
    public static let classAShare = 0.80
    /// … and B; the rest are C.
    public static let classBShare = 0.95
    /// How far ahead special days (birthdays) are looked for.
    public static let specialDaysAhead = 7

    /// Metrics of all clients as of `asOf` (`YYYY-MM-DD`), ordered by client code.
    /// With `terms`, each unpaid order is aged from the day `terms` says it falls due.
    /// `dormancy` decides `dormant` and the horizon of `p_quiet`.
    public static func compute(_ connection: StoreConnection, asOf: String, terms rule: ReceivableTerms? = nil,
                               dormancy: DormancyRule = .standard) throws -> [ClientMetrics] {
        try compute(connection, asOf: asOf, terms: rule, dormancy: dormancy, only: nil)
    }

    /// One client's metrics, read from that client's rows alone: what needs the whole base
    /// (the ABC classes) comes from ``ABCBoundaries``, kept per as-of date in the database
    /// until the orders or clients change. Nil when no client has this id.
    public static func compute(_ connection: StoreConnection, asOf: String, clientId: Int64,
                               terms rule: ReceivableTerms? = nil, dormancy: DormancyRule = .standard) throws -> ClientMetrics? {
        try compute(connection, asOf: asOf, terms: rule, dormancy: dormancy, only: clientId).first
    }

    static func compute(_ connection: StoreConnection, asOf: String, terms rule: ReceivableTerms?, dormancy: DormancyRule,
                        only: Int64?) throws -> [ClientMetrics] {
        let db = connection.db
        // One client (`only`): every query below is narrowed to its rows.
        let onlyClient = only.map { " AND client_id = \($0)" } ?? ""
        guard try Double.fetchOne(db, sql: "SELECT julianday(?)", arguments: [asOf]) != nil,
              asOf.count == 10 else {
            throw KehuMetricsError.badDate(asOf)
        }
        let bounds = try Row.fetchOne(db, sql: """
            SELECT date(:a,'-30 days'), date(:a,'-60 days'), date(:a,'-90 days'), date(:a,'-365 days'),
                   date(:a,'-1 year'), date(:a,'-1 year','-30 days'), date(:a,'-1 year','-90 days'),
                   date(:a,'-1 year','-365 days')
            """, arguments: ["a": asOf])!
        let d30: String = bounds[0], d60: String = bounds[1], d90: String = bounds[2], d365: String = bounds[3]
        let y0: String = bounds[4], y30: String = bounds[5], y90: String = bounds[6], y365: String = bounds[7]
        // Window starts as day ordinals; "a year earlier" is the calendar year SQLite computes.
        // Before year 0000 SQLite writes dates Day cannot read: an error, not a crash.
        guard let today = Day.ordinal(asOf),
              let o30 = Day.ordinal(d30), let o60 = Day.ordinal(d60), let o90 = Day.ordinal(d90), let o365 = Day.ordinal(d365),
              let p0 = Day.ordinal(y0), let p30 = Day.ordinal(y30), let p90 = Day.ordinal(y90), let p365 = Day.ordinal(y365)
        else { throw KehuMetricsError.badDate(asOf) }

        var metrics: [ClientMetrics] = []
        var index: [Int64: Int] = [:]
        var terms: [Int] = []
        let clients = try Row.fetchCursor(db, sql: "SELECT id, code, credit_limit, payment_terms_days FROM client"
                                          + (only.map { " WHERE id = \($0)" } ?? "") + " ORDER BY code")
        // Every sum the metrics (and the reports over them) make is a sum of parts of these
        // amounts: if all of them together fit in 64 bits, none of those sums can overflow.
        // Data made before import bounded amounts may not fit: that is an error, never a trap.
        var grand: Int64 = 0
        func count(_ amount: Int64, _ what: @autoclosure () -> String) throws {
            let (sum, overflow) = grand.addingReportingOverflow(Swift.max(0, amount))
            if overflow || amount < 0 && amount == Int64.min { throw KehuMetricsError.overflow(what()) }
            grand = sum
        }
        while let r = try clients.next() {
            var m = ClientMetrics(clientId: r[0], code: r[1])
            m.creditLimit = r[2]
            try count(m.creditLimit, "the credit limit of client \(m.code)")
            index[m.clientId] = metrics.count
            metrics.append(m)
            terms.append(r[3])
        }
        let paid = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
            SELECT client_id, TOTAL(amount) FROM payment WHERE date <= ?\(onlyClient) GROUP BY client_id
            """, arguments: [asOf]).map { (row: Row) throws -> (Int64, Int64) in
                let total: Double = row[1]
                guard total < 9.2e18 else { throw KehuMetricsError.overflow("the payments of client id \(row[0] as Int64)") }
                return (row[0], Int64(total))
            })
        for (id, amount) in paid.sorted(by: { $0.key < $1.key }) {
            try count(amount, "the payments of client \(index[id].map { metrics[$0].code } ?? "id \(id)")")
        }

        // One ordered scan of the orders (the client/date index gives the order): sales
        // windows, counts and, per client, the orders for the receivables walk.
        var current: Int? = nil
        var months: UInt16 = 0
        var history: [(day: Int, amount: Int64, id: Int64)] = []
        var total: Int64 = 0
        func finish(_ i: Int) {
            // The index gives each client's orders by date (and amount); the walk wants them
            // by date and id. Orders of one day are few: an insertion sort puts them right.
            if history.count > 1 {
                for k in 1..<history.count {
                    var j = k
                    let o = history[k]
                    while j > 0, history[j - 1].day == o.day, history[j - 1].id > o.id {
                        history[j] = history[j - 1]
                        j -= 1
                    }
                    history[j] = o
                }
            }
            metrics[i].finishOrders(history: history, total: total, paid: paid[metrics[i].clientId] ?? 0,
                                    today: today, terms: terms[i], keepUnpaid: rule != nil)
            metrics[i].orderMonths365 = months.nonzeroBitCount
            months = 0
            history.removeAll(keepingCapacity: true)
            total = 0
        }
        // The scan reads columns straight from SQLite: a million rows through GRDB's Row
        // would cost more than the sums themselves.
        var lastClient: Int64 = -1, lastIndex: Int? = nil
        try connection.scanRows("""
            SELECT client_id, date, amount, id FROM "order" WHERE date <= ?\(onlyClient) ORDER BY client_id, date
            """, arguments: [asOf]) { raw in
            let clientId = sqlite3_column_int64(raw, 0)
            if clientId != lastClient { lastClient = clientId; lastIndex = index[clientId] }
            guard let i = lastIndex else { return }
            if i != current {
                if let c = current { finish(c) }
                current = i
            }
            guard let text = sqlite3_column_text(raw, 1),
                  let day = Day.ordinal(bytes: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(raw, 1)))) else {
                // Imports refuse such dates; one written behind their back is said, not skipped.
                throw KehuError.invalid("an order of client \(metrics[i].code) has a date that is not YYYY-MM-DD (order id \(sqlite3_column_int64(raw, 3)))")
            }
            let amount = sqlite3_column_int64(raw, 2)
            let (sum, overflow) = grand.addingReportingOverflow(amount)
            if overflow || amount < 0 { throw KehuMetricsError.overflow("the orders of client \(metrics[i].code)") }
            grand = sum
            history.append((day, amount, sqlite3_column_int64(raw, 3)))
            total += amount
            if day > o30 { metrics[i].sales30 += amount }
            if day > o90 { metrics[i].sales90 += amount }
            if day > o365 {
                metrics[i].sales365 += amount
                metrics[i].orderCount365 += 1
                months |= 1 << UInt16(min(11, (today - day) * 12 / 365))
            }
            if day > o60 && day <= o30 { metrics[i].salesPrevious30 += amount }
            if day <= p0 {
                if day > p30 { metrics[i].sales30YearAgo += amount }
                if day > p90 { metrics[i].sales90YearAgo += amount }
                if day > p365 { metrics[i].sales365YearAgo += amount }
            }
        }
        if let c = current { finish(c) }
        // Clients without orders may still owe nothing but have been paid (a credit).
        for i in metrics.indices where metrics[i].orderCountTotal == 0 {
            metrics[i].receivable = -(paid[metrics[i].clientId] ?? 0)
        }

        if only == nil {
            classify(&metrics, by: \.sales365, into: \.abc)
            classify(&metrics, by: \.sales365YearAgo, into: \.abcYearAgo)
        } else if !metrics.isEmpty {
            let bounds = try ABCBoundaries.current(connection, asOf: asOf)
            metrics[0].abc = bounds.year.classOf(sales: metrics[0].sales365, code: metrics[0].code)
            metrics[0].abcYearAgo = bounds.yearAgo.classOf(sales: metrics[0].sales365YearAgo, code: metrics[0].code)
        }
        // The buying model needs the whole base too: fitted once per as-of date and kept.
        if metrics.contains(where: { $0.buying != nil }) {
            let model = try BuyingModel.current(connection, asOf: asOf, horizonDays: dormancy.horizonDays)
            for i in metrics.indices {
                guard let s = metrics[i].buying else { continue }
                let signals = model.signals(s)
                metrics[i].pAlive = signals.pAlive
                metrics[i].expectedOrders90 = signals.expectedOrders90
                metrics[i].expectedOrders365 = signals.expectedOrders365
                metrics[i].pQuiet = signals.pQuiet
                metrics[i].rhythmDays = signals.rhythm
                metrics[i].dormant = dormancy.isDormant(quiet: s.quiet, history: s.history, rhythm: signals.rhythm,
                                                        pAlive: signals.pAlive)
            }
        }
        try RelationshipMetrics.apply(db, asOf: asOf, metrics: &metrics, index: index, only: only)
        if let rule { try applyDue(rule, connection, &metrics, today: today) }
        return metrics
    }

    /// Ages each owing client's debt by `rule`, reading the clients and their unpaid orders in
    /// batches (never a query per client).
    static func applyDue(_ rule: ReceivableTerms, _ connection: StoreConnection, _ metrics: inout [ClientMetrics], today: Int) throws {
        let owing = metrics.indices.filter { !metrics[$0].unpaid.isEmpty }
        for start in stride(from: 0, to: owing.count, by: 500) {
            let batch = Array(owing[start..<min(start + 500, owing.count)])
            var records: [Int64: ClientRecord] = [:]
            for c in try ClientRecord.filter(batch.map { metrics[$0].clientId }.contains(Column("id"))).fetchAll(connection.db) {
                records[c.id!] = c
            }
            let rows = try ClientHistory.orderRows(connection, ids: batch.flatMap { metrics[$0].unpaid.map(\.orderId) })
            var next = 0
            for i in batch {
                let n = metrics[i].unpaid.count
                let orders = Array(rows[next..<next + n])
                next += n
                guard let record = records[metrics[i].clientId] else { throw KehuError.unknownClient(code: metrics[i].code) }
                metrics[i].ageingPending = true
                let days = try rule.dueDays(connection, client: record, metrics: metrics[i], unpaid: metrics[i].unpaid, orders: orders)
                guard days.count == n else {
                    throw KehuError.invalid("the due rule gave \(days.count) dates for \(n) unpaid orders of client \(metrics[i].code)")
                }
                metrics[i].ageingPending = false
                metrics[i].age(dueDays: days, today: today)
            }
        }
    }

    /// 1–30 days past due → 0, 31–60 → 1, 61–90 → 2, over 90 → 3.
    static func ageingBucket(_ daysPastDue: Int) -> Int {
        switch daysPastDue {
        case ...30: return 0
        case 31...60: return 1
        case 61...90: return 2
        default: return 3
        }
    }

    /// ABC by Pareto: clients by sales, largest first (code breaks ties); a client is A while
    /// the cumulative share before it is under 80 %, B under 95 %, else C. No sales: C.
    static func classify(_ metrics: inout [ClientMetrics], by sales: KeyPath<ClientMetrics, Int64>,
                         into cls: WritableKeyPath<ClientMetrics, String>) {
        // Plain (sales, code) pairs: comparing through the key path would copy the whole
        // metrics struct on every comparison.
        let classes = classes(sales: metrics.map { $0[keyPath: sales] }, codes: metrics.map(\.code))
        for i in metrics.indices { metrics[i][keyPath: cls] = classes.of[i] }
    }

    /// Each client's class, and the last client of A and of B in rank order (the boundaries a
    /// lone client is compared with).
    static func classes(sales values: [Int64], codes: [String])
        -> (of: [String], lastA: ABCBoundaries.Key?, lastB: ABCBoundaries.Key?) {
        let total = values.reduce(0) { $0 + max(0, $1) }
        let order = values.indices.sorted {
            values[$0] != values[$1] ? values[$0] > values[$1] : codes[$0] < codes[$1]
        }
        var of = [String](repeating: "C", count: values.count)
        var lastA: ABCBoundaries.Key?, lastB: ABCBoundaries.Key?
        var before: Int64 = 0
        for i in order {
            let s = values[i]
            if s <= 0 || total == 0 { continue }
            let share = Double(before) / Double(total)
            if share < classAShare {
                of[i] = "A"
                lastA = ABCBoundaries.Key(sales: s, code: codes[i])
            } else if share < classBShare {
                of[i] = "B"
                lastB = ABCBoundaries.Key(sales: s, code: codes[i])
            }
            before += s
        }
        return (of, lastA, lastB ?? lastA)
    }
}

public enum KehuMetricsError: Error, CustomStringConvertible, Sendable {
    case badDate(String)
    /// Amounts (named) whose sums would not fit in 64 bits.
    case overflow(String)
    public var description: String {
        switch self {
        case .badDate(let d): return "expected an as-of date like 2026-11-23, found \"\(d)\""
        case .overflow(let what):
            return "\(what) and the other amounts of this database are too large to add up exactly "
                + "(Kehu sums at most ¥92,233,720,368,547,758.07 over a database; imports refuse amounts of 10¹² yuan "
                + "or more): correct or delete those rows, then run again"
        }
    }
}
