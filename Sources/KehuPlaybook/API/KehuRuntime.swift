import KehuCore
import LuaEngine

/// What the `kehu` module's functions read while a run or a script is going: the database
/// snapshot, the as-of date, the language and the message templates.
public final class KehuRuntime {
    public let asOf: Day
    public var asOfString: String { asOf.description }
    public let language: String
    let messages: MessageBook
    /// The open transaction the Lua side reads through, set for the length of a run.
    public internal(set) var db: StoreConnection?
    /// Whether `kehu.tag` and the other writes are allowed (`kehu run --allow-write`); never
    /// for playbook runs, whose hooks only return values.
    public var allowWrite = false
    /// Lines written with `kehu.log`.
    public private(set) var log: [String] = []
    let logSink: ((String) -> Void)?

    /// Metrics of every client as of the run's date, computed once when first needed, and
    /// where each client's are (kept as one array: a million clients' metrics are large).
    private(set) var allMetrics: [ClientMetrics] = []
    private var metricsIndex: [Int64: Int]?
    private var clientsByCode: [String: Int64]?
    /// When debts fall due (the session's playbook's `due`), for the metrics computed here.
    var terms: ReceivableTerms?
    /// The playbook's `dormancy` (what `metrics.dormant` means).
    var dormancy = DormancyRule.standard

    init(asOf: Day, language: String, messages: MessageBook, log: ((String) -> Void)?) {
        self.asOf = asOf
        self.language = language
        self.messages = messages
        self.logSink = log
    }

    func write(log line: String) {
        log.append(line)
        logSink?(line)
    }

    /// Lets a tool give the Lua side a database for the length of `body`.
    public func using<T>(_ db: StoreConnection, _ body: () throws -> T) rethrows -> T {
        let saved = self.db
        self.db = db
        defer { self.db = saved }
        return try body()
    }

    /// The database for a write, or an error saying how to allow it.
    func writableDatabase(_ function: String) throws -> StoreConnection {
        guard allowWrite else {
            throw LuaRaise("\(function): writing needs --allow-write (kehu run --allow-write script.lua); nothing was written")
        }
        let db = try database()
        // A script takes the write lock at its first write, not for its whole length; from
        // then on its writes are one transaction that the script's end commits or rolls back.
        if !db.isInsideTransaction {
            do {
                try db.beginWriting()
            } catch {
                throw LuaRaise("\(function): " + (KehuDatabase.busyDescription(error, path: KehuDatabase.lastOpenedPath) ?? "\(error)"))
            }
        }
        return db
    }

    /// The database, or an error a script sees when the host gave it none.
    func database() throws -> StoreConnection {
        guard let db else {
            throw LuaRaise("no database: give kehu run --db PATH (before the script's name), set KEHU_DB, or work in a folder with kehu.db")
        }
        return db
    }

    /// Every client's orders and payments as running sums, for `c:totals{}` during a run
    /// (built on first use once the metrics of every client are known).
    private var ledgerCache: ClientLedger?

    /// The ledger when a pass over every client has been made (a run, or a script that read a
    /// client's metrics); nil otherwise, when one query answers one client more cheaply.
    func ledger() throws -> ClientLedger? {
        guard metricsIndex != nil else { return nil }
        if let ledgerCache { return ledgerCache }
        let built = try ClientLedger(try database(), asOf: asOfString)
        ledgerCache = built
        return built
    }

    /// Hands precomputed metrics to the runtime (a run computes them anyway).
    func prime(metrics: [ClientMetrics]) {
        single = [:]
        ledgerCache = nil
        allMetrics = metrics
        var index: [Int64: Int] = [:]
        index.reserveCapacity(metrics.count)
        for (i, m) in metrics.enumerated() { index[m.clientId] = i }
        metricsIndex = index
    }

    /// Forgets the metrics and codes read so far (a test replaced the data under them).
    func forgetCaches() {
        single = [:]
        codesLookedUp = [:]
        ledgerCache = nil
        allMetrics = []
        metricsIndex = nil
        clientsByCode = nil
    }

    /// True while every client's metrics are being computed (the playbook's `due` runs then).
    private var computingMetrics = false

    /// A computation of metrics asked for from inside one (a `due` that calls `kehu.client`)
    /// is an error, not an endless descent.
    private func refuseInsideMetrics() throws {
        guard !computingMetrics else {
            throw LuaRaise("kehu.client and kehu.clients cannot be used while the metrics are being computed (inside due, or a measure due reads): the metrics they give are what due is deciding — use c and order")
        }
    }

    /// Computes every client's metrics; a second pass asked for from inside the first (a
    /// `due` that calls `kehu.client`) is an error, not an endless descent.
    func computeMetrics(_ db: StoreConnection, asOf: String) throws -> [ClientMetrics] {
        try refuseInsideMetrics()
        computingMetrics = true
        defer { computingMetrics = false }
        return try MetricsEngine.compute(db, asOf: asOf, terms: terms, dormancy: dormancy)
    }

    /// Clients whose metrics were computed alone (before a pass over every client).
    private var single: [Int64: ClientMetrics] = [:]
    /// After this many clients one by one, a pass over every client is cheaper.
    static let singleClientLimit = 64

    func metrics(for clientId: Int64) throws -> ClientMetrics? {
        if metricsIndex == nil {
            // A REPL's first client, or a script that looks at a few: each from its own rows.
            if let known = single[clientId] { return known }
            if single.count < Self.singleClientLimit {
                try refuseInsideMetrics()
                computingMetrics = true
                defer { computingMetrics = false }
                let m = try MetricsEngine.compute(try database(), asOf: asOfString, clientId: clientId, terms: terms, dormancy: dormancy)
                single[clientId] = m
                return m
            }
            prime(metrics: try computeMetrics(try database(), asOf: asOfString))
        }
        return metricsIndex?[clientId].map { allMetrics[$0] }
    }

    private var codesLookedUp: [String: Int64?] = [:]

    func clientId(code: String) throws -> Int64? {
        if let clientsByCode { return clientsByCode[code] }
        // A few codes are looked up one by one; many, from one read of every code.
        if let known = codesLookedUp[code] { return known }
        if codesLookedUp.count < Self.singleClientLimit {
            let id = try ClientHistory.id(try database(), code: code)
            codesLookedUp[code] = id
            return id
        }
        clientsByCode = try ClientHistory.idsByCode(try database())
        return clientsByCode?[code]
    }
}
