/// A metric's value as every view takes it: money stays in fen until a view shows it.
public enum MetricValue: Sendable, Equatable {
    case null
    case integer(Int)
    case number(Double)
    case money(Int64)
    case text(String)
    case boolean(Bool)
    /// A list of texts (names, roles).
    case texts([String])
    /// Named values (`ageing`, `interactions_90`).
    case record([Entry])
    /// A list of records (`special_days`).
    case records([[Entry]])

    /// One named value of a record.
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let value: MetricValue
        init(_ key: String, _ value: MetricValue) {
            self.key = key
            self.value = value
        }
    }
}

/// One field of `c.metrics`, declared once: its name, its Lua type (for the docs and the
/// editor stub), whether it is money, what it means, and how it is read from the metrics.
public struct MetricField: Sendable {
    public let name: String
    public let luaType: String
    /// Money in yuan (the fields and the parts of a record that are money).
    public let isMoney: Bool
    public let doc: String
    public let value: @Sendable (ClientMetrics) -> MetricValue

    init(_ name: String, _ luaType: String, money: Bool = false, _ doc: String, _ value: @escaping @Sendable (ClientMetrics) -> MetricValue) {
        self.name = name
        self.luaType = luaType
        self.isMoney = money
        self.doc = doc
        self.value = value
    }
}

extension ClientMetrics {
    /// The ageing buckets: overdue money by days past terms.
    public static let ageingBuckets = ["d1_30", "d31_60", "d61_90", "d90_plus"]

    /// Every field of `c.metrics`, in documentation order.
    public static let fields: [MetricField] = {
        @Sendable func money(_ fen: Int64?) -> MetricValue { fen.map(MetricValue.money) ?? .null }
        @Sendable func int(_ i: Int?) -> MetricValue { i.map(MetricValue.integer) ?? .null }
        @Sendable func number(_ d: Double?) -> MetricValue { d.map(MetricValue.number) ?? .null }
        @Sendable func text(_ s: String?) -> MetricValue { s.map(MetricValue.text) ?? .null }
        return [
            MetricField("sales_30", "number", money: true, "sales in the trailing 30 days, yuan") { .money($0.sales30) },
            MetricField("sales_90", "number", money: true, "sales in the trailing 90 days") { .money($0.sales90) },
            MetricField("sales_365", "number", money: true, "sales in the trailing year") { .money($0.sales365) },
            MetricField("sales_30_year_ago", "number", money: true, "the 30-day window a year earlier") { .money($0.sales30YearAgo) },
            MetricField("sales_90_year_ago", "number", money: true, "the 90-day window a year earlier") { .money($0.sales90YearAgo) },
            MetricField("sales_365_year_ago", "number", money: true, "the year before the trailing year") { .money($0.sales365YearAgo) },
            MetricField("sales_previous_30", "number", money: true, "the 30 days before the trailing 30") { .money($0.salesPrevious30) },
            MetricField("growth_yoy", "number?", "year-on-year growth as a fraction (0.12 = +12 %), nil without a base") { number($0.growthYearOnYear) },
            MetricField("growth_mom", "number?", "month-on-month growth as a fraction, nil without a base") { number($0.growthMonthOnMonth) },
            MetricField("order_count_365", "integer", "orders in the trailing year") { .integer($0.orderCount365) },
            MetricField("order_count", "integer", "orders ever") { .integer($0.orderCountTotal) },
            MetricField("order_months_365", "integer", "of the last 12 months (30.4-day periods), how many had an order") { .integer($0.orderMonths365) },
            MetricField("average_order", "number?", money: true, "average order in the trailing year, nil without orders") { money($0.averageOrder365) },
            MetricField("first_order", "string?", "date of the first order") { text($0.firstOrder) },
            MetricField("last_order", "string?", "date of the last order") { text($0.lastOrder) },
            MetricField("days_since_last_order", "integer?", "days since the last order") { int($0.daysSinceLastOrder) },
            MetricField("receivable", "number", money: true, "what is owed, yuan") { .money($0.receivable) },
            MetricField("overdue", "number", money: true, "what of it is past its due date (the playbook's `due`, else the payment terms), yuan; nil inside `due` itself") { m in
                m.ageingPending ? .null : .money(m.overdue)
            },
            MetricField("ageing", "kehu.Ageing", money: true, "overdue by days past due: `{ d1_30, d31_60, d61_90, d90_plus }`; nil inside `due`") { m in
                m.ageingPending ? .null : .record(zip(ageingBuckets, m.ageing).map { .init($0, .money($1)) })
            },
            MetricField("credit_utilisation", "number?", "receivable / credit limit (nil without a limit); above 1 is over the limit") { number($0.creditUtilisation) },
            MetricField("credit_headroom", "number", money: true, "yuan left before the limit (negative: over it)") { .money($0.creditHeadroom) },
            MetricField("abc", "string", "A, B or C by Pareto on trailing-year sales") { .text($0.abc) },
            MetricField("abc_year_ago", "string", "the class a year earlier") { .text($0.abcYearAgo) },
            MetricField("dormant", "boolean", "quiet at least `dormancy.minimum_days` and more than `dormancy.rhythm_factor` × its rhythm, and, with repeat orders, `p_alive` below `dormancy.p_alive`; false without orders") { .boolean($0.dormant) },
            MetricField("order_days", "integer", "days with an order, ever (orders of one day count once)") { .integer($0.orderDays) },
            MetricField("rhythm_days", "number?", "mean days between its order days; with one order day, the base's median; nil without orders") { number($0.rhythmDays) },
            MetricField("p_alive", "number?", "BG/NBD probability (0–1) that the client is still buying; 1 with one order day; nil without orders or model") { number($0.pAlive) },
            MetricField("expected_orders_90", "number?", "order days BG/NBD expects in the next 90 days; nil without orders or model") { number($0.expectedOrders90) },
            MetricField("expected_orders_365", "number?", "… in the next 365 days") { number($0.expectedOrders365) },
            MetricField("p_quiet", "number?", "learned probability (0–1) of no order in the next `dormancy.horizon_days` days (`kehu model`); nil without orders or enough history") { number($0.pQuiet) },
            MetricField("interactions_90", "table<string, integer>", "interactions by kind in the last 90 days: `{ visit = 2, call = 5, … }`") { m in
                .record(m.interactions90.map { .init($0.key, .integer($0.value)) })
            },
            MetricField("days_since_last_contact", "integer?", "days since the last interaction, nil if never contacted") { int($0.daysSinceLastContact) },
            MetricField("contacts_due", "string[]", "contacts whose preferred interval has passed") { .texts($0.contactsDue) },
            MetricField("entertainment_365", "number", money: true, "entertainment cost in the trailing year") { .money($0.entertainment365) },
            MetricField("entertainment_share", "number?", "entertainment cost over trailing-year sales") { number($0.entertainmentShare) },
            MetricField("open_complaints", "integer", "complaints not yet resolved") { .integer($0.openComplaints) },
            MetricField("complaint_answer_hours", "number?", "mean hours to answer a complaint") { number($0.complaintAnswerHours) },
            MetricField("complaint_resolve_hours", "number?", "mean hours to resolve one") { number($0.complaintResolveHours) },
            MetricField("contact_count", "integer", "people on file") { .integer($0.contactCount) },
            MetricField("roles", "string[]", "the roles they cover") { .texts($0.rolesCovered) },
            MetricField("special_days", "kehu.SpecialDay[]", "birthdays in the next 7 days: `{ { contact =, month_day = \"11-28\", in_days = 3 }, … }`") { m in
                .records(m.specialDays.map { [.init("contact", .text($0.contact)), .init("month_day", .text($0.monthDay)), .init("in_days", .integer($0.inDays))] })
            },
        ]
    }()
}
