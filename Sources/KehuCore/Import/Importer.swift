import Foundation
import GRDB

/// One thing wrong with an input file, located: `orders.csv:12:3: expected …, found "…"`.
public struct ImportProblem: Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var column: Int?
    public var message: String
    public var description: String {
        "\(file):\(line):" + (column.map { "\($0):" } ?? "") + " \(message)"
    }
}

/// The file was rejected; nothing was written.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    /// The first problems, up to the reporting limit.
    public var problems: [ImportProblem]
    /// How many problems there were in all.
    public var total: Int
    public var description: String {
        var lines = problems.map(\.description)
        if total > problems.count { lines.append("… and \(total - problems.count) more problems") }
        lines.append("nothing was imported: fix the file and run the import again")
        return lines.joined(separator: "\n")
    }
}

public struct ImportOptions: Sendable {
    /// Unknown columns are ignored instead of rejected.
    public var ignoreUnknown = false
    /// Validate everything, write nothing.
    public var dryRun = false
    /// Payments dated after this day are an error.
    public var asOf: String
    /// How many problems are listed before the rest are only counted.
    public var maxProblems = 20
    public init(asOf: String, ignoreUnknown: Bool = false, dryRun: Bool = false) {
        self.asOf = asOf
        self.ignoreUnknown = ignoreUnknown
        self.dryRun = dryRun
    }
}

public struct ImportReport: Sendable, Equatable {
    public var rows = 0
    public var encoding: TextEncoding = .utf8
    public var dryRun = false
}

/// Imports one CSV file into one table: all of it, in one transaction, or nothing.
///
/// Rows upsert by code (contacts by client and name; interactions are appended). Every
/// problem in the file is collected with its line and column before anything is decided.
public enum Importer {
    public static func run(_ table: ImportTable, data: Data, fileName: String, into store: KehuDatabase,
                           options: ImportOptions, progress: ((Int) -> Void)? = nil) throws -> ImportReport {
        try store.writer.writeWithoutTransaction { db in
            try load(table, data: data, fileName: fileName, db: db, options: options, progress: progress) { body in
                try db.inTransaction { try body() ? .commit : .rollback }
            }
        }
    }

    /// The same, inside the caller's transaction (a savepoint: all of the file, or none of it).
    public static func run(_ table: ImportTable, data: Data, fileName: String, in db: Database,
                           options: ImportOptions) throws -> ImportReport {
        try load(table, data: data, fileName: fileName, db: db, options: options, progress: nil) { body in
            try db.inSavepoint { try body() ? .commit : .rollback }
        }
    }

    /// Reads and writes the file inside `enclose` (a transaction or a savepoint), whose body
    /// says whether to keep what it wrote.
    private static func load(_ table: ImportTable, data: Data, fileName: String, db: Database, options: ImportOptions,
                             progress: ((Int) -> Void)?, enclose: (() throws -> Bool) throws -> Void) throws -> ImportReport {
        var problems: [ImportProblem] = []
        var total = 0
        func problem(_ line: Int, _ column: Int?, _ message: String) {
            total += 1
            if problems.count < options.maxProblems {
                problems.append(ImportProblem(file: fileName, line: line, column: column, message: message))
            }
        }
        let text: String, encoding: TextEncoding
        do { (text, encoding) = try CSVDecoding.decode(data) } catch {
            throw ImportError(problems: [ImportProblem(file: fileName, line: 1, column: nil, message: error.message)], total: 1)
        }
        var report = ImportReport(encoding: encoding, dryRun: options.dryRun)
        guard let asOfDay = try? FieldParsers.day(options.asOf) else {
            throw ImportError(problems: [ImportProblem(file: fileName, line: 0, column: nil,
                                                       message: "expected an as-of date like 2026-11-23, found \"\(options.asOf)\"")], total: 1)
        }

        try enclose {
            var writer = try RowWriter(table: table, db: db)
            var header: [String?] = []
            var columnIndex: [String: Int] = [:]
            var seen = Set<String>()
            do {
                try CSVReader(text).forEachRecord { record in
                    if header.isEmpty {
                        header = record.fields.map { table.column(forHeader: $0) }
                        for (i, col) in header.enumerated() { if let col, columnIndex[col] == nil { columnIndex[col] = i } }
                        for (i, (raw, col)) in zip(record.fields, header).enumerated() where col == nil && !options.ignoreUnknown {
                            problem(record.line, i + 1, "unknown column \"\(raw)\"; expected one of \(table.columns.joined(separator: ", ")) (or pass --ignore-unknown)")
                        }
                        var counts: [String: Int] = [:]
                        for c in header.compactMap({ $0 }) { counts[c, default: 0] += 1 }
                        for (c, n) in counts where n > 1 { problem(record.line, nil, "column \(c) appears \(n) times") }
                        for r in table.required where counts[r] == nil {
                            problem(record.line, nil, "missing column \(r) (header spellings: \(([r] + (table.aliases[r] ?? [])).joined(separator: ", ")))")
                        }
                        if total > 0 { throw StopReading() }
                        return
                    }
                    report.rows += 1
                    if record.fields.count > header.count, record.fields[header.count...].contains(where: { !$0.isEmpty }) {
                        problem(record.line, header.count + 1, "expected \(header.count) fields, found \(record.fields.count)")
                    }
                    let row = FieldReader(values: record.fields, columns: columnIndex, line: record.line, report: problem)
                    let before = total
                    writer.validate(row, asOf: asOfDay, seen: &seen)
                    if total == before && total == 0 { try writer.write() }
                    if report.rows % 1_000 == 0 { progress?(report.rows) }
                }
            } catch is StopReading {
            } catch let e as CSVError {
                problem(e.line, e.column, e.message)
            }
            return total == 0 && !options.dryRun
        }
        if total > 0 { throw ImportError(problems: problems, total: total) }
        return report
    }

    struct StopReading: Error {}
}

/// Reads typed fields from one row, reporting each problem with its line and column.
struct FieldReader {
    /// The row's fields, by position.
    let values: [String]
    /// Canonical column → position in the file (0-based).
    let columns: [String: Int]
    let line: Int
    let report: (Int, Int?, String) -> Void

    func column(_ name: String) -> Int? { columns[name].map { $0 + 1 } }

    func text(_ name: String) -> String {
        guard let i = columns[name], i < values.count else { return "" }
        return FieldParsers.trimmed(values[i])
    }

    func has(_ name: String) -> Bool { !text(name).isEmpty }

    /// A required text field.
    func required(_ name: String) -> String? {
        let t = text(name)
        if t.isEmpty { report(line, column(name), "expected a value for \(name), found nothing") }
        return t.isEmpty ? nil : t
    }

    /// Parses a field if present; reports the parser's error at the field's column.
    func parse<T>(_ name: String, _ parser: (String) throws(FieldError) -> T) -> T? {
        let t = text(name)
        guard !t.isEmpty else { return nil }
        do { return try parser(t) } catch {
            report(line, column(name), error.description)
            return nil
        }
    }

    func fail(_ name: String, _ message: String) { report(line, column(name), message) }
}

/// Validates rows of one table and writes them with prepared statements.
struct RowWriter {
    let table: ImportTable
    let db: Database
    var clientIds: [String: Int64]
    var contactIds: [String: Int64] = [:]
    var pending: StatementArguments = []
    var pendingClientCode: String?
    let statement: Statement
    var valid = false

    init(table: ImportTable, db: Database) throws {
        self.table = table
        self.db = db
        clientIds = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT code, id FROM client").map { ($0[0], $0[1]) })
        if table == .interactions {
            contactIds = try Dictionary(Row.fetchAll(db, sql: "SELECT client_id, name, id FROM contact").map {
                ("\($0[0] as Int64)\t\($0[1] as String)", $0[2])
            }, uniquingKeysWith: { a, _ in a })
        }
        statement = try db.makeStatement(sql: Self.sql(table))
    }

    static func sql(_ table: ImportTable) -> String {
        switch table {
        case .clients:
            return """
                INSERT INTO client (code, name, kind, region, owner, credit_limit, payment_terms_days, stage, status,
                  staff, vehicles, premises_m2, warehouse_m2, capital, ads, tags, since)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(code) DO UPDATE SET name=excluded.name, kind=excluded.kind, region=excluded.region,
                  owner=excluded.owner, credit_limit=excluded.credit_limit, payment_terms_days=excluded.payment_terms_days,
                  stage=excluded.stage, status=excluded.status, staff=excluded.staff, vehicles=excluded.vehicles,
                  premises_m2=excluded.premises_m2, warehouse_m2=excluded.warehouse_m2, capital=excluded.capital,
                  ads=excluded.ads, tags=excluded.tags, since=excluded.since
                """
        case .contacts:
            return """
                INSERT INTO contact (client_id, name, role, phone, wechat, birthday, hobbies, notes, min_contact_days)
                VALUES (?,?,?,?,?,?,?,?,?)
                ON CONFLICT(client_id, name) DO UPDATE SET role=excluded.role, phone=excluded.phone, wechat=excluded.wechat,
                  birthday=excluded.birthday, hobbies=excluded.hobbies, notes=excluded.notes, min_contact_days=excluded.min_contact_days
                """
        case .orders:
            return """
                INSERT INTO "order" (code, client_id, date, amount, brand, product, quantity) VALUES (?,?,?,?,?,?,?)
                ON CONFLICT(code) DO UPDATE SET client_id=excluded.client_id, date=excluded.date, amount=excluded.amount,
                  brand=excluded.brand, product=excluded.product, quantity=excluded.quantity
                """
        case .payments:
            return """
                INSERT INTO payment (code, client_id, date, amount) VALUES (?,?,?,?)
                ON CONFLICT(code) DO UPDATE SET client_id=excluded.client_id, date=excluded.date, amount=excluded.amount
                """
        case .interactions:
            return """
                INSERT INTO interaction (client_id, date, kind, contact_id, cost, summary, answered, resolved)
                VALUES (?,?,?,?,?,?,?,?)
                """
        }
    }

    /// A client id for the row's `client` column, or a reported error.
    func client(_ r: FieldReader) -> Int64? {
        guard let code = r.required("client") else { return nil }
        guard let id = clientIds[code] else {
            r.fail("client", "expected the code of a known client, found \"\(code)\" (import clients first)")
            return nil
        }
        return id
    }

    func unique(_ key: String, _ r: FieldReader, _ column: String, seen: inout Set<String>) {
        if !seen.insert(key).inserted { r.fail(column, "duplicate \(column) \"\(key.split(separator: "\t").last ?? "")\" within the file") }
    }

    mutating func validate(_ r: FieldReader, asOf: Day, seen: inout Set<String>) {
        valid = false
        switch table {
        case .clients:
            let code = r.required("code"), name = r.required("name")
            let kind = r.has("kind") ? r.parse("kind") { (s) throws(FieldError) in try ClientKind(parsing: s) } : { r.fail("kind", "expected a client kind, found nothing"); return nil }()
            if let code { unique(code, r, "code", seen: &seen) }
            let limit = r.parse("credit_limit", FieldParsers.fen) ?? 0
            if limit < 0 { r.fail("credit_limit", "expected a credit limit of zero or more, found \"\(r.text("credit_limit"))\"") }
            let terms = r.parse("payment_terms_days", FieldParsers.integer) ?? 0
            if terms < 0 { r.fail("payment_terms_days", "expected payment terms of zero or more days, found \"\(r.text("payment_terms_days"))\"") }
            let stage = r.parse("stage") { (s) throws(FieldError) in try RelationshipStage(parsing: s) }?.rawValue ?? "awareness"
            let status = r.parse("status") { (s) throws(FieldError) in try ClientStatus(parsing: s) }?.rawValue ?? "active"
            let tags = FieldParsers.tags(r.text("tags")).joined(separator: ";")
            let since = r.parse("since", FieldParsers.day)?.description
            let staff = r.parse("staff", FieldParsers.integer), vehicles = r.parse("vehicles", FieldParsers.integer)
            let premises = r.parse("premises_m2", FieldParsers.decimal), warehouse = r.parse("warehouse_m2", FieldParsers.decimal)
            let capital = r.parse("capital", FieldParsers.fen)
            guard let code, let name, let kind else { return }
            pending = [code, name, kind.rawValue, r.text("region"), r.text("owner"), limit, terms, stage, status,
                       staff, vehicles, premises, warehouse, capital, r.text("ads"), tags, since]
            // It gets its id when written.
            pendingClientCode = code
            clientIds[code] = clientIds[code] ?? -1
        case .contacts:
            let client = self.client(r), name = r.required("name")
            let role = r.parse("role") { (s) throws(FieldError) in try ContactRole(parsing: s) }?.rawValue ?? "other"
            let birthday = r.parse("birthday", FieldParsers.birthday)?.description
            let every = r.parse("min_contact_days", FieldParsers.integer)
            if let every, every < 0 { r.fail("min_contact_days", "expected zero or more days, found \"\(every)\"") }
            guard let client, let name else { return }
            unique("\(client)\t\(name)", r, "name", seen: &seen)
            pending = [client, name, role, r.text("phone"), r.text("wechat"), birthday, r.text("hobbies"), r.text("notes"), every]
        case .orders, .payments:
            let code = r.required("code"), client = self.client(r)
            let date = r.has("date") ? r.parse("date", FieldParsers.day) : { r.fail("date", "expected a date like 2026-11-23, found nothing"); return nil }()
            let amount = r.has("amount") ? r.parse("amount", FieldParsers.fen) : { r.fail("amount", "expected an amount like 1,234.50, found nothing"); return nil }()
            if let code { unique(code, r, "code", seen: &seen) }
            if let amount, amount < 0 || (table == .payments && amount == 0) {
                r.fail("amount", "expected an amount above zero, found \"\(r.text("amount"))\"")
            }
            if table == .payments, let date, date > asOf {
                r.fail("date", "expected a payment date on or before \(asOf), found \"\(date)\" (in the future)")
            }
            guard let code, let client, let date, let amount, amount >= 0 else { return }
            if table == .payments && (amount == 0 || date > asOf) { return }
            pending = table == .orders
                ? [code, client, date.description, amount, r.text("brand"), r.text("product"), r.parse("quantity", FieldParsers.decimal)]
                : [code, client, date.description, amount]
        case .interactions:
            let client = self.client(r)
            let date = r.has("date") ? r.parse("date", FieldParsers.day) : { r.fail("date", "expected a date like 2026-11-23, found nothing"); return nil }()
            let kind = r.has("kind") ? r.parse("kind") { (s) throws(FieldError) in try InteractionKind(parsing: s) } : { r.fail("kind", "expected an interaction kind, found nothing"); return nil }()
            let cost = r.parse("cost", FieldParsers.fen) ?? 0
            if cost < 0 { r.fail("cost", "expected a cost of zero or more, found \"\(r.text("cost"))\"") }
            let answered = r.parse("answered", FieldParsers.timestamp)?.description
            let resolved = r.parse("resolved", FieldParsers.timestamp)?.description
            var contact: Int64?
            if let client, r.has("contact") {
                contact = contactIds["\(client)\t\(r.text("contact"))"]
                if contact == nil { r.fail("contact", "expected a contact of this client, found \"\(r.text("contact"))\" (import contacts first)") }
            }
            guard let client, let date, let kind, cost >= 0 else { return }
            pending = [client, date.description, kind.rawValue, contact, cost, r.text("summary"), answered, resolved]
        }
        valid = true
    }

    mutating func write() throws {
        guard valid else { return }
        if table == .clients, let code = pendingClientCode {
            try statement.execute(arguments: pending)
            if clientIds[code] == -1 {
                clientIds[code] = try Int64.fetchOne(db, sql: "SELECT id FROM client WHERE code = ?", arguments: [code])
            }
            return
        }
        try statement.execute(arguments: pending)
    }
}
