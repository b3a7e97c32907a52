import Foundation
import GRDB
import GRDBSQLite

/// What decides `metrics.dormant`, and the horizon of the learned quiet signal: a playbook's
/// `dormancy` table, the standard values by default.
///
/// A client with at least one order is **dormant** when all of these hold:
/// - it has not ordered for `minimum_days` days or more;
/// - it has not ordered for more than `rhythm_factor` times its own rhythm: the mean number
///   of days between its order days, or, for a client that ordered on one day only, the
///   median rhythm of the clients that ordered on two days or more;
/// - and, for a client that ordered on two days or more, the BG/NBD model gives it a
///   probability of still buying (`p_alive`) below `p_alive`. (The model cannot say a
///   client with one order day has stopped: it lets clients stop only after a repeat
///   order. Its rhythm alone decides.) Without a model (too little data), the first two
///   decide.
public struct DormancyRule: Sendable, Equatable {
    public var pAliveBelow: Double
    public var rhythmFactor: Double
    public var minimumDays: Int
    /// `p_quiet` is the probability of no order in this many days from the as-of date.
    public var horizonDays: Int

    public init(pAliveBelow: Double = 0.5, rhythmFactor: Double = 2, minimumDays: Int = 60, horizonDays: Int = 180) {
        self.pAliveBelow = pAliveBelow
        self.rhythmFactor = rhythmFactor
        self.minimumDays = minimumDays
        self.horizonDays = horizonDays
    }

    public static let standard = DormancyRule()
    /// The longest horizon the quiet signal learns over (ten years).
    public static let maxHorizonDays = 3650

    /// Each setting: its Lua name, its value, and what it means (for the docs and errors).
    public static let settings: [(name: String, doc: String)] = [
        ("p_alive", "a client with repeat orders is dormant only while its `p_alive` is below this (0–1; default 0.5)"),
        ("rhythm_factor", "… and only when it has been quiet more than this many times its own rhythm (default 2)"),
        ("minimum_days", "… and for at least this many days (default 60)"),
        ("horizon_days", "`p_quiet` is the probability of no order in this many days (default 180; at most 3650)"),
    ]

    /// Whether a client with this buying history, quiet this many days, is dormant.
    func isDormant(quiet: Int, history: RepeatHistory, rhythm: Double?, pAlive: Double?) -> Bool {
        guard quiet >= minimumDays else { return false }
        if let rhythm, Double(quiet) <= rhythmFactor * rhythm { return false }
        if history.x > 0, let pAlive { return pAlive < pAliveBelow }
        return true
    }
}

/// A client's buying as of one date, as the dormancy model reads it.
struct BuyingSnapshot: Sendable, Equatable {
    var history: RepeatHistory
    /// Days since the last order.
    var quiet: Int
    /// Sales in the trailing 365 days, fen.
    var sales365: Int64
    /// Mean days between order days; nil with one order day.
    var ownRhythm: Double? { history.x > 0 ? history.tx / Double(history.x) : nil }
}

/// What the whole base says about buying, as of a date: the BG/NBD fit, the base's rhythm,
/// and the quiet signal learned from the dealer's own past. Computed once per database and
/// as-of date (and horizon) and kept in `base_cache` until the orders or clients change.
public struct BuyingModel: Sendable, Equatable, Codable {
    public var asOf: String
    public var horizonDays: Int
    /// The BG/NBD fit as of the date, or why there is none.
    public var bgnbd: BGNBD.Fit?
    public var bgnbdProblem: String?
    /// The median days between order days over clients that ordered on two days or more.
    public var baseRhythm: Double?
    /// The learned probability of no order in the horizon, or why there is none.
    public var quiet: QuietSignal?
    public var quietProblem: String?

    /// A logistic regression on each client's recency, frequency, value, tenure, rhythm and
    /// BG/NBD figures, fitted at `cut` (the as-of date less the horizon) on who then did not
    /// order in the horizon up to the as-of date: an answer known by the as-of date.
    public struct QuietSignal: Sendable, Equatable, Codable {
        public var cut: String
        public var regression: Logistic
        /// Clients it learned from, and how many of them went quiet.
        public var clients: Int
        public var wentQuiet: Int
        /// The BG/NBD fit as of the cut (the features there come from it).
        public var bgnbdAtCut: BGNBD.Fit
        /// The same recipe fitted a horizon earlier and tried on the cut, against the simple
        /// rules, or why it could not be (too little history).
        public var check: Check?
        public var checkProblem: String?
    }

    /// How well a signal fitted at `fittedAt` foretold who would not order between `at` and
    /// the as-of date, beside the simple rules, on the same clients.
    public struct Check: Sendable, Equatable, Codable {
        public var fittedAt: String
        public var at: String
        public var clients: Int
        public var wentQuiet: Int
        public var rows: [Score]
    }

    /// One predictor of "no order in the horizon".
    public struct Score: Sendable, Equatable, Codable {
        public var predictor: String
        public var accuracy: Double
        /// Nil when it called no client quiet.
        public var precision: Double?
        public var recall: Double
        public var calledQuiet: Int

        public init(predictor: String, predicted: [Bool], actual: [Bool]) {
            self.predictor = predictor
            var tp = 0, fp = 0, fn = 0, tn = 0
            for (p, a) in zip(predicted, actual) {
                switch (p, a) {
                case (true, true): tp += 1
                case (true, false): fp += 1
                case (false, true): fn += 1
                case (false, false): tn += 1
                }
            }
            let n = max(1, predicted.count)
            accuracy = Double(tp + tn) / Double(n)
            precision = tp + fp > 0 ? Double(tp) / Double(tp + fp) : nil
            recall = tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0
            calledQuiet = tp + fp
        }
    }

    /// The names of the quiet signal's features, in order.
    public static let featureNames = ["log_days_quiet", "log_repeat_days", "log_sales_365", "log_tenure_days",
                                      "p_alive", "log_quiet_over_rhythm", "log_expected_orders"]
    /// The "no order in the last N days" rule the signal is compared with.
    public static let recencyRuleDays = 90

    /// Each client's signals from this model.
    public struct Signals: Sendable, Equatable {
        public var pAlive: Double?
        public var expectedOrders90: Double?
        public var expectedOrders365: Double?
        public var pQuiet: Double?
        public var rhythm: Double?
    }

    func signals(_ s: BuyingSnapshot) -> Signals {
        var out = Signals()
        out.rhythm = s.ownRhythm ?? baseRhythm
        guard let fit = bgnbd else { return out }
        out.pAlive = fit.model.pAlive(s.history)
        out.expectedOrders90 = fit.model.expectedOrders(in: 90, after: s.history)
        out.expectedOrders365 = fit.model.expectedOrders(in: 365, after: s.history)
        if let quiet {
            out.pQuiet = quiet.regression.probability(Self.features(s, model: fit.model, baseRhythm: baseRhythm, horizon: horizonDays))
        }
        return out
    }

    static func features(_ s: BuyingSnapshot, model: BGNBD, baseRhythm: Double?, horizon: Int) -> [Double] {
        let rhythm = max(1, s.ownRhythm ?? baseRhythm ?? 1)
        return [log1p(Double(s.quiet)), log1p(Double(s.history.x)), log1p(Double(max(0, s.sales365)) / 100),
                log1p(s.history.t), model.pAlive(s.history), log1p(Double(s.quiet) / rhythm),
                log1p(model.expectedOrders(in: Double(horizon), after: s.history))]
    }

    // MARK: - Computing it

    /// The model as of `asOf` for `horizonDays`: from the cache when current, else computed
    /// (and kept, when the database may be written).
    public static func current(_ connection: StoreConnection, asOf: String, horizonDays: Int) throws -> BuyingModel {
        let model = try BaseCache.value(connection, asOf: asOf, what: "buying:\(horizonDays)") {
            try compute(connection, asOf: asOf, horizonDays: horizonDays)
        }
        // A value kept under another date or horizon (edited by hand) is not this model.
        guard model.asOf == asOf, model.horizonDays == horizonDays else {
            return try compute(connection, asOf: asOf, horizonDays: horizonDays)
        }
        return model
    }

    /// Reads every client's orders up to `asOf` once, and fits.
    public static func compute(_ connection: StoreConnection, asOf: String, horizonDays: Int) throws -> BuyingModel {
        guard let today = Day.ordinal(asOf) else { throw KehuMetricsError.badDate(asOf) }
        guard (1...DormancyRule.maxHorizonDays).contains(horizonDays) else {
            throw KehuError.invalid("the dormancy horizon must be between 1 and \(DormancyRule.maxHorizonDays) days, found \(horizonDays)")
        }
        let cut = today - horizonDays, earlier = today - 2 * horizonDays
        var atDate: [BuyingSnapshot] = [], atCut: [BuyingSnapshot] = [], atEarlier: [BuyingSnapshot] = []
        // Whether each client at the cut (and a horizon earlier) went without an order until
        // the next of these dates.
        var quietAfterCut: [Bool] = [], quietAfterEarlier: [Bool] = []
        var days: [(day: Int, amount: Int64)] = []
        var client: Int64 = -1
        func finish() {
            guard !days.isEmpty else { return }
            if let s = snapshot(days, at: today) { atDate.append(s) }
            if let s = snapshot(days, at: cut) {
                atCut.append(s)
                quietAfterCut.append(!days.contains { $0.day > cut && $0.day <= today })
            }
            if let s = snapshot(days, at: earlier) {
                atEarlier.append(s)
                quietAfterEarlier.append(!days.contains { $0.day > earlier && $0.day <= cut })
            }
            days.removeAll(keepingCapacity: true)
        }
        try connection.scanRows("""
            SELECT o.client_id, o.date, o.amount FROM "order" o JOIN client c ON c.id = o.client_id
            WHERE o.date <= ? ORDER BY o.client_id, o.date
            """, arguments: [asOf]) { raw in
            let id = sqlite3_column_int64(raw, 0)
            if id != client { finish(); client = id }
            guard let text = sqlite3_column_text(raw, 1),
                  let day = Day.ordinal(bytes: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(raw, 1)))) else {
                throw KehuError.invalid("an order of client id \(id) has a date that is not YYYY-MM-DD")
            }
            days.append((day, sqlite3_column_int64(raw, 2)))
        }
        finish()

        var model = BuyingModel(asOf: asOf, horizonDays: horizonDays)
        model.baseRhythm = median(atDate.compactMap(\.ownRhythm))
        do { model.bgnbd = try BGNBD.fit(atDate.map(\.history)) } catch { model.bgnbdProblem = "\(error)" }
        guard model.bgnbd != nil else {
            model.quietProblem = "it needs the BG/NBD model, which could not be fitted"
            return model
        }
        do {
            var (quiet, cutFit) = try learn(atCut, quietAfterCut, at: cut, horizon: horizonDays)
            do {
                let (early, _) = try learn(atEarlier, quietAfterEarlier, at: earlier, horizon: horizonDays)
                quiet.check = check(early, fittedAt: earlier, on: atCut, model: cutFit.model, quietAfterCut, at: cut,
                                    horizon: horizonDays)
            } catch {
                quiet.checkProblem = "fitted a horizon earlier (\(Day.string(earlier))): \(error)"
            }
            model.quiet = quiet
        } catch {
            model.quietProblem = "at \(Day.string(cut)), a horizon before the as-of date: \(error)"
        }
        return model
    }

    init(asOf: String, horizonDays: Int) {
        self.asOf = asOf
        self.horizonDays = horizonDays
    }

    /// A client's buying as of `day`, from its orders (by date); nil before its first order.
    static func snapshot(_ orders: [(day: Int, amount: Int64)], at day: Int) -> BuyingSnapshot? {
        guard let first = orders.first?.day, first <= day else { return nil }
        var distinct = 0, last = first, sales: Int64 = 0
        for o in orders where o.day <= day {
            if distinct == 0 || o.day != last { distinct += 1 }
            last = o.day
            if o.day > day - 365 { sales += o.amount }
        }
        return BuyingSnapshot(history: RepeatHistory(x: distinct - 1, tx: Double(last - first), t: Double(day - first)),
                              quiet: day - last, sales365: sales)
    }

    /// One client's snapshot as of `today`, from its order history (by date).
    static func snapshot(history: [(day: Int, amount: Int64, id: Int64)], today: Int) -> BuyingSnapshot? {
        snapshot(history.map { ($0.day, $0.amount) }, at: today)
    }

    /// Fits the quiet signal on the clients as of `day` and whether they went quiet after it.
    static func learn(_ clients: [BuyingSnapshot], _ wentQuiet: [Bool], at day: Int, horizon: Int) throws -> (QuietSignal, BGNBD.Fit) {
        let fit = try BGNBD.fit(clients.map(\.history))
        let rhythm = median(clients.compactMap(\.ownRhythm))
        let rows = clients.map { features($0, model: fit.model, baseRhythm: rhythm, horizon: horizon) }
        let regression = try Logistic.fit(names: featureNames, rows: rows, outcomes: wentQuiet)
        guard regression.weights.allSatisfy(\.isFinite) else { throw BGNBD.FitFailure.notConverged }
        return (QuietSignal(cut: Day.string(day), regression: regression, clients: clients.count,
                            wentQuiet: wentQuiet.filter { $0 }.count, bgnbdAtCut: fit), fit)
    }

    /// Tries a signal fitted earlier on the clients as of `day`.
    /// (`model` is the BG/NBD fit as of `day`.)
    static func check(_ signal: QuietSignal, fittedAt: Int, on clients: [BuyingSnapshot], model fit: BGNBD,
                      _ actual: [Bool], at day: Int, horizon: Int) -> Check {
        let rhythm = median(clients.compactMap(\.ownRhythm))
        let learned = clients.map { signal.regression.probability(features($0, model: fit, baseRhythm: rhythm, horizon: horizon)) >= 0.5 }
        let rows = predictors(clients, learned: learned, model: fit, horizon: horizon, actual: actual)
        return Check(fittedAt: Day.string(fittedAt), at: Day.string(day), clients: clients.count,
                     wentQuiet: actual.filter { $0 }.count, rows: rows)
    }

    /// The learned signal beside the simple rules, on the same clients.
    static func predictors(_ clients: [BuyingSnapshot], learned: [Bool], model: BGNBD, horizon: Int, actual: [Bool]) -> [Score] {
        [Score(predictor: "learned: p_quiet ≥ 0.5", predicted: learned, actual: actual),
         Score(predictor: "BG/NBD: expected orders in the horizon < 0.5",
               predicted: clients.map { model.expectedOrders(in: Double(horizon), after: $0.history) < 0.5 }, actual: actual),
         Score(predictor: "no order in the last \(recencyRuleDays) days", predicted: clients.map { $0.quiet >= recencyRuleDays }, actual: actual),
         Score(predictor: "everyone quiet", predicted: clients.map { _ in true }, actual: actual)]
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// Values that need the whole base, kept per as-of date in `base_cache` while the data they
/// were computed from is unchanged (`data_generation`, bumped by triggers on every change of
/// orders and client codes).
enum BaseCache {
    /// The value kept for `asOf` and `what` when it was computed at the current generation,
    /// else `compute()`'s, kept for the next process.
    static func value<T: Codable>(_ connection: StoreConnection, asOf: String, what: String,
                                  compute: () throws -> T) throws -> T {
        let (cached, generation) = try read(connection, asOf: asOf, what: what)
        if let cached {
            do {
                return try JSONDecoder().decode(T.self, from: Data(cached.utf8))
            } catch {
                // Harmless by construction: a kept value this build cannot read (another
                // version wrote it, or it was edited by hand) is a cache, not data. It is
                // computed again from the orders below and replaced; nothing is lost.
            }
        }
        let computed = try compute()
        try store(String(decoding: try JSONEncoder().encode(computed), as: UTF8.self),
                  connection: connection, asOf: asOf, what: what, generation: generation)
        return computed
    }

    /// The cached value, when it was computed at the current generation; and that generation.
    static func read(_ connection: StoreConnection, asOf: String, what: String) throws -> (String?, Int64) {
        let db = connection.db
        let generation = try Int64.fetchOne(db, sql: "SELECT n FROM data_generation") ?? 0
        let row = try Row.fetchOne(db, sql: "SELECT generation, value FROM base_cache WHERE as_of = ? AND what = ?",
                                   arguments: [asOf, what])
        guard let row, row[0] as Int64 == generation else { return (nil, generation) }
        return (row[1] as String, generation)
    }

    /// Keeps `value` for the next process, through a connection of its own that gives up at
    /// once when the database is busy (or read-only): a cache not stored only costs the next
    /// process the work. The generation guards the value: a change committed since it was
    /// read makes it unused, whichever connection stored it.
    static func store(_ value: String, connection: StoreConnection, asOf: String, what: String, generation: Int64) throws {
        guard let name = sqlite3_db_filename(connection.db.sqliteConnection, "main"), name.pointee != 0 else { return }
        var handle: OpaquePointer?
        defer { sqlite3_close_v2(handle) }
        guard sqlite3_open_v2(name, &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else { return }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(handle, "INSERT OR REPLACE INTO base_cache (as_of, what, generation, value) VALUES (?1, ?2, ?3, ?4)",
                                 -1, &statement, nil) == SQLITE_OK else { return }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_text(statement, 1, asOf, -1, transient)
        sqlite3_bind_text(statement, 2, what, -1, transient)
        sqlite3_bind_int64(statement, 3, generation)
        sqlite3_bind_text(statement, 4, value, -1, transient)
        _ = sqlite3_step(statement)
    }
}
