import Foundation
import GRDB
import GRDBSQLite

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
    /// Rows that match an existing one replace it whole: columns the file leaves out are
    /// reset to their defaults. Off by default: an update changes only the file's columns.
    public var replace = false
    /// Interactions identical to one already stored are added again instead of skipped.
    public var keepDuplicates = false
    /// Payments dated after this day are an error.
    public var asOf: String
    /// The file's encoding, or nil to detect it.
    public var encoding: TextEncoding?
    /// How many problems are listed before the rest are only counted.
    public var maxProblems = 20
    /// How many updated rows a report describes field by field (a dry run only).
    public var maxExamples = 5
    public init(asOf: String, ignoreUnknown: Bool = false, dryRun: Bool = false, replace: Bool = false,
                keepDuplicates: Bool = false) {
        self.asOf = asOf
        self.ignoreUnknown = ignoreUnknown
        self.dryRun = dryRun
        self.replace = replace
        self.keepDuplicates = keepDuplicates
    }
}

/// What an import did (or, in a dry run, would do).
public struct ImportReport: Sendable, Equatable {
    /// Data rows in the file.
    public var rows = 0
    public var encoding: TextEncoding = .utf8
    public var dryRun = false
    /// Rows that added a new record.
    public var inserted = 0
    /// Rows that matched an existing record and changed it.
    public var updated = 0
    /// Rows that matched an existing record and left it as it was.
    public var unchanged = 0
    /// Interactions skipped because the same one was already stored.
    public var duplicates = 0
    /// The columns the updates changed, with how many rows each, in the file's column order.
    public var changedColumns: [(column: String, rows: Int)] = []
    /// The first updated rows, field by field (a dry run only).
    public var examples: [UpdateExample] = []

    public static func == (a: ImportReport, b: ImportReport) -> Bool {
        a.rows == b.rows && a.encoding == b.encoding && a.dryRun == b.dryRun && a.inserted == b.inserted
            && a.updated == b.updated && a.unchanged == b.unchanged && a.duplicates == b.duplicates
            && a.changedColumns.map(\.column) == b.changedColumns.map(\.column)
            && a.changedColumns.map(\.rows) == b.changedColumns.map(\.rows) && a.examples == b.examples
    }

    /// `3 new, 12 updated (columns: name, tags), 0 unchanged`; for interactions `12 added`
    /// and the duplicates skipped.
    public func summary(_ table: ImportTable) -> String {
        if table == .interactions {
            var s = "\(inserted) added"
            if duplicates > 0 {
                s += ", \(duplicates) already stored (skipped; --keep-duplicates adds them again)"
            }
            return s
        }
        let columns = changedColumns.isEmpty ? "" : " (columns: " + changedColumns.map(\.column).joined(separator: ", ") + ")"
        return "\(inserted) new, \(updated) updated\(columns), \(unchanged) unchanged"
    }
}

/// One updated row, as it was and as the file makes it.
public struct UpdateExample: Sendable, Equatable, CustomStringConvertible {
    /// The row's line in the file and its key (a code, or client and name).
    public var line: Int
    public var key: String
    public var changes: [(column: String, old: String, new: String)]

    public static func == (a: UpdateExample, b: UpdateExample) -> Bool {
        a.line == b.line && a.key == b.key && a.changes.map { [$0.column, $0.old, $0.new] } == b.changes.map { [$0.column, $0.old, $0.new] }
    }

    public var description: String {
        "line \(line) \(key): " + changes.map { "\($0.column) \($0.old) → \($0.new)" }.joined(separator: "; ")
    }
}

/// Imports one CSV file into one table: all of it, in one transaction, or nothing.
///
/// Rows upsert by code (contacts by client and name; interactions are appended, skipping
/// any already stored). A row that matches an existing record changes only the columns
/// the file has: a column with an empty cell clears that field, a column the file leaves
/// out keeps its value (``ImportOptions/replace`` resets them instead). Every problem in
/// the file is collected with its line and column before anything is decided.
public enum Importer {
    /// The largest amount of money a field may hold: below 10¹² yuan, in fen.
    public static let maxFen: Int64 = 100_000_000_000_000
    /// The largest count (staff, vehicles, days): below 10⁹.
    public static let maxCount = 1_000_000_000
    /// The largest area or quantity: below 10¹².
    public static let maxMeasure = 1e12

    public static func run(_ table: ImportTable, data: Data, fileName: String, into store: KehuDatabase,
                           options: ImportOptions, progress: ((Int) -> Void)? = nil) throws -> ImportReport {
        try store.writer.writeWithoutTransaction { db in
            try load(table, data: data, fileName: fileName, db: db, options: options, progress: progress) { body in
                try db.inTransaction { try body() ? .commit : .rollback }
            }
        }
    }

    /// The same, inside the caller's transaction (a savepoint: all of the file, or none of it).
    public static func run(_ table: ImportTable, data: Data, fileName: String, in connection: StoreConnection,
                           options: ImportOptions) throws -> ImportReport {
        let db = connection.db
        return try load(table, data: data, fileName: fileName, db: db, options: options, progress: nil) { body in
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
        do { (text, encoding) = try CSVDecoding.decode(data, as: options.encoding) } catch {
            throw ImportError(problems: [ImportProblem(file: fileName, line: error.line, column: error.column, message: error.message)], total: 1)
        }
        var report = ImportReport(encoding: encoding, dryRun: options.dryRun)
        guard let asOfDay = try? FieldParsers.day(options.asOf) else {
            throw ImportError(problems: [ImportProblem(file: fileName, line: 0, column: nil,
                                                       message: "expected an as-of date like 2026-11-23, found \"\(options.asOf.escapedForTerminal)\"")], total: 1)
        }

        try enclose {
            var writer: RowWriter?
            var header: [String?] = []
            var columnIndex: [String: Int] = [:]
            var attributeColumns: [(name: String, index: Int)] = []
            var seen = Set<String>()
            do {
                try CSVReader(text).forEachRecord { record in
                    if header.isEmpty {
                        header = record.fields.map { table.column(forHeader: $0) }
                        for (i, col) in header.enumerated() { if let col, columnIndex[col] == nil { columnIndex[col] = i } }
                        // attr.NAME / 属性.NAME: one free attribute a column, where the table has attributes.
                        if table.shape.fields.contains(where: \.isAttributes) {
                            for (i, raw) in record.fields.enumerated() where header[i] == nil {
                                guard let name = ImportTable.attributeName(raw) else { continue }
                                if attributeColumns.contains(where: { $0.name == name }) {
                                    problem(record.line, i + 1, "column \(raw.escapedForTerminal) names the attribute \(name) a second time")
                                }
                                attributeColumns.append((name, i))
                            }
                        }
                        for (i, (raw, col)) in zip(record.fields, header).enumerated()
                        where col == nil && !options.ignoreUnknown && !attributeColumns.contains(where: { $0.index == i }) {
                            problem(record.line, i + 1, "unknown column \"\(raw.escapedForTerminal)\"; expected one of \(table.columns.joined(separator: ", ")) (or pass --ignore-unknown)")
                        }
                        var counts: [String: Int] = [:]
                        for c in header.compactMap({ $0 }) { counts[c, default: 0] += 1 }
                        for (c, n) in counts.sorted(by: { $0.key < $1.key }) where n > 1 { problem(record.line, nil, "column \(c) appears \(n) times") }
                        for r in table.required where counts[r] == nil {
                            problem(record.line, nil, "missing column \(r) (header spellings: \(([r] + (table.aliases[r] ?? [])).joined(separator: ", ")))")
                        }
                        if total > 0 { throw StopReading() }
                        let present = table.columns.filter { columnIndex[$0] != nil || ($0 == "attributes" && !attributeColumns.isEmpty) }
                        writer = try RowWriter(table: table, db: db, present: present, options: options)
                        return
                    }
                    report.rows += 1
                    if record.fields.count > header.count, record.fields[header.count...].contains(where: { !$0.isEmpty }) {
                        problem(record.line, header.count + 1, "expected \(header.count) fields, found \(record.fields.count)")
                    } else if record.fields.count < header.count {
                        problem(record.line, record.fields.count + 1,
                                "expected \(header.count) fields, found \(record.fields.count): the row is cut short "
                                + "(a missing comma, or a line break inside an unquoted field?)")
                    }
                    let row = FieldReader(values: record.fields, columns: columnIndex, attributeColumns: attributeColumns,
                                          line: record.line, report: problem)
                    let before = total
                    writer!.validate(row, asOf: asOfDay, seen: &seen)
                    if total == before && total == 0 { try writer!.write(line: record.line, report: &report) }
                    if report.rows % 1_000 == 0 { progress?(report.rows) }
                }
            } catch is StopReading {
            } catch let e as CSVError {
                problem(e.line, e.column, e.message)
            }
            if total == 0, let writer { try writer.finish(&report) }
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
    /// The `attr.NAME` columns: the attribute each sets, and its position.
    var attributeColumns: [(name: String, index: Int)] = []
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

    /// Money in fen, bounded to what a dealer can mean (below 10¹² yuan).
    func money(_ name: String, allowNegative: Bool, allowZero: Bool = true, what: String) -> Int64? {
        guard let fen = parse(name, FieldParsers.fen) else { return nil }
        if fen < 0 && !allowNegative || fen == 0 && !allowZero {
            fail(name, "expected \(what) \(allowZero ? "of zero or more" : "above zero"), found \"\(FieldError.shown(text(name)))\"")
            return nil
        }
        if abs(fen) >= Importer.maxFen {
            fail(name, "expected \(what) below ¥1,000,000,000,000 (10¹² yuan), found \"\(FieldError.shown(text(name)))\"")
            return nil
        }
        return fen
    }

    /// A whole number of zero or more, below 10⁹.
    func count(_ name: String, what: String) -> Int? {
        guard let n = parse(name, FieldParsers.integer) else { return nil }
        if n < 0 || n >= Importer.maxCount {
            fail(name, "expected \(what): a whole number from 0 to 999,999,999, found \"\(FieldError.shown(text(name)))\"")
            return nil
        }
        return n
    }

    /// An area or a quantity: finite, below 10¹² (and not negative unless allowed).
    func measure(_ name: String, what: String, allowNegative: Bool = false) -> Double? {
        guard let x = parse(name, FieldParsers.decimal) else { return nil }
        if !x.isFinite || abs(x) >= Importer.maxMeasure || (x < 0 && !allowNegative) {
            fail(name, "expected \(what) \(allowNegative ? "" : "of zero or more ")below 1,000,000,000,000, found \"\(FieldError.shown(text(name)))\"")
            return nil
        }
        return x
    }
}

/// Validates rows of one table and writes them with prepared statements.
struct RowWriter {
    let table: ImportTable
    let db: Database
    let options: ImportOptions
    var clientIds: [String: Int64]
    var contactIds: [String: Int64] = [:]
    /// One value per SQL column of `sqlColumns`, for the row being written.
    var pending: [DatabaseValueConvertible?] = []
    var pendingKey = ""
    let statement: Statement
    /// The table's SQL columns, in canonical column order, and which of them the file sets.
    let sqlColumns: [String]
    let setColumns: [String]
    /// For dry runs: the row before the write, to describe the first updates.
    let lookup: Statement?
    let duplicate: Statement?
    var valid = false

    /// The conflict key of the table's upsert (SQL columns).
    static func key(_ table: ImportTable) -> [String] {
        table.shape.key.map { name in table.shape.field(name)!.column }
    }

    init(table: ImportTable, db: Database, present: [String], options: ImportOptions) throws {
        self.table = table
        self.db = db
        self.options = options
        clientIds = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT code, id FROM client").map { ($0[0], $0[1]) })
        if table == .interactions {
            contactIds = try Dictionary(Row.fetchAll(db, sql: "SELECT client_id, name, id FROM contact").map {
                ("\($0[0] as Int64)\t\($0[1] as String)", $0[2])
            }, uniquingKeysWith: { a, _ in a })
        }
        let shape = table.shape
        sqlColumns = shape.fields.map(\.column)
        let key = Self.key(table)
        let sets = (options.replace ? shape.fields : shape.fields.filter { present.contains($0.name) }).map(\.column).filter { !key.contains($0) }
        setColumns = sets
        let name = shape.sqlTable
        let columns = sqlColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: sqlColumns.count).joined(separator: ",")
        var sql = "INSERT INTO \(name) (\(columns)) VALUES (\(marks))"
        if !key.isEmpty {
            sql += " ON CONFLICT(\(key.joined(separator: ", "))) DO "
            if sets.isEmpty {
                sql += "NOTHING"
            } else {
                // What a column becomes: the file's value, or for attributes the stored object
                // with the file's merged in.
                let new = { (column: String) -> String in
                    if case .attributes = Self.field(table, column: column).unit { return "json_patch(\"\(column)\", excluded.\"\(column)\")" }
                    return "excluded.\"\(column)\""
                }
                sql += "UPDATE SET " + sets.map { "\"\($0)\" = \(new($0))" }.joined(separator: ", ")
                    + " WHERE " + sets.map { "\"\($0)\" IS NOT \(new($0))" }.joined(separator: " OR ")
            }
        }
        statement = try db.makeStatement(sql: sql)
        if !sets.isEmpty {
            // Which columns the updates change, counted by SQLite as it updates.
            try db.execute(sql: "DROP TABLE IF EXISTS temp.kehu_import_changed")
            try db.execute(sql: "CREATE TEMP TABLE kehu_import_changed (" + sets.map { "\"\($0)\" INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ") + ")")
            try db.execute(sql: "INSERT INTO temp.kehu_import_changed DEFAULT VALUES")
            try db.execute(sql: """
                CREATE TEMP TRIGGER kehu_import_watch AFTER UPDATE ON main.\(name) BEGIN
                  UPDATE kehu_import_changed SET \(sets.map { "\"\($0)\" = \"\($0)\" + (OLD.\"\($0)\" IS NOT NEW.\"\($0)\")" }.joined(separator: ", "));
                END
                """)
        }
        lookup = options.dryRun && !key.isEmpty && !sets.isEmpty
            ? try db.makeStatement(sql: "SELECT \(sets.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(name) WHERE "
                                   + key.map { "\"\($0)\" = ?" }.joined(separator: " AND "))
            : nil
        duplicate = table == .interactions && !options.keepDuplicates
            ? try db.makeStatement(sql: """
                SELECT 1 FROM interaction WHERE client_id = ? AND date = ? AND kind = ? AND contact_id IS ? AND cost = ?
                  AND summary = ? AND answered IS ? AND resolved IS ? AND id <= ? LIMIT 1
                """)
            : nil
        maxInteractionId = table == .interactions ? try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM interaction") ?? 0 : 0
    }

    /// Interactions stored before this import: only these count as duplicates, so a file
    /// that lists the same call twice adds it twice, as it says.
    var maxInteractionId: Int64 = 0

    /// A client id for the row's `client` column, or a reported error.
    func client(_ r: FieldReader) -> Int64? {
        guard let code = r.required("client") else { return nil }
        guard let id = clientIds[code] else {
            r.fail("client", "expected the code of a known client, found \"\(FieldError.shown(code))\" (import clients first)")
            return nil
        }
        return id
    }

    func unique(_ key: String, _ r: FieldReader, _ column: String, seen: inout Set<String>) {
        if !seen.insert(key).inserted {
            r.fail(column, "duplicate \(column) \"\(String(key.split(separator: "\t").last ?? "").escapedForTerminal)\" within the file")
        }
    }

    /// Reads every field of the row as the registry declares it (``TableShape``), then the
    /// table's own rules: keys unique within the file, payments not after the as-of date.
    mutating func validate(_ r: FieldReader, asOf: Day, seen: inout Set<String>) {
        valid = false
        var ok = true
        var values: [String: (any DatabaseValueConvertible)?] = [:]
        var clientId: Int64?
        for field in table.shape.fields {
            let value = read(field, r, clientId: clientId)
            if value.failed { ok = false }
            if case .client = field.unit { clientId = value.stored as? Int64 }
            values[field.name] = value.stored
        }
        switch table {
        case .clients:
            if let code = values["code"] as? String { unique(code, r, "code", seen: &seen) }
        case .contacts:
            if let clientId, let name = values["name"] as? String { unique("\(clientId)\t\(name)", r, "name", seen: &seen) }
        case .orders, .payments:
            if let code = values["code"] as? String { unique(code, r, "code", seen: &seen) }
            if table == .payments, let text = values["date"] as? String, let date = Day(iso: text), date > asOf {
                r.fail("date", "expected a payment date on or before \(asOf), found \"\(date)\" (in the future)")
                ok = false
            }
        case .interactions:
            break
        }
        guard ok else { return }
        pending = table.shape.fields.map { values[$0.name] ?? nil }
        switch table {
        case .clients:
            pendingKey = r.text("code")
            // It gets its id when written.
            clientIds[pendingKey] = clientIds[pendingKey] ?? -1
        case .contacts: pendingKey = "\(r.text("client")) \(r.text("name"))"
        case .orders, .payments: pendingKey = r.text("code")
        case .interactions: pendingKey = ""
        }
        valid = true
    }

    /// One field of the row: the value to store (or what an empty cell stores), and whether a
    /// problem was reported for it.
    func read(_ field: Field, _ r: FieldReader, clientId: Int64?) -> (stored: (any DatabaseValueConvertible)?, failed: Bool) {
        let name = field.name
        if field.isAttributes { return attributes(field, r) }
        if !r.has(name) {
            if field.required {
                r.fail(name, field.missing)
                return (nil, true)
            }
            return (field.empty as? any DatabaseValueConvertible, false)
        }
        let value: (any DatabaseValueConvertible)?
        switch field.unit {
        case .text: value = r.text(name)
        case .tags: value = FieldParsers.tags(r.text(name)).joined(separator: ";")
        case .attributes: return attributes(field, r)   // (read above, before the empty-cell rule)
        case .money(let negative, let zero): value = r.money(name, allowNegative: negative, allowZero: zero, what: field.what)
        case .count: value = r.count(name, what: field.what)
        case .measure(let negative): value = r.measure(name, what: field.what, allowNegative: negative)
        case .day: value = r.parse(name, FieldParsers.day)?.description
        case .birthday: value = r.parse(name, FieldParsers.birthday)?.description
        case .moment: value = r.parse(name, FieldParsers.timestamp)?.description
        case .choice(let choices): value = r.parse(name, choices.parse)
        case .client: value = client(r)
        case .contact:
            guard let clientId else { return (nil, false) }   // the client's own problem is reported
            let id = contactIds["\(clientId)\t\(r.text(name))"]
            if id == nil { r.fail(name, "expected a contact of this client, found \"\(FieldError.shown(r.text(name)))\" (import contacts first)") }
            value = id
        }
        return (value, value == nil)
    }

    /// The row's attributes as a merge patch: the JSON object of the `attributes` column, with
    /// each `attr.NAME` cell over it (an empty cell removes that attribute).
    func attributes(_ field: Field, _ r: FieldReader) -> (stored: (any DatabaseValueConvertible)?, failed: Bool) {
        var patch: [String: Any] = [:]
        if r.has(field.name) {
            guard let object = r.parse(field.name, FieldParsers.attributes) else { return (nil, true) }
            patch = object
        } else if r.attributeColumns.isEmpty {
            return (field.empty as? any DatabaseValueConvertible, false)
        }
        for (name, index) in r.attributeColumns {
            let cell = index < r.values.count ? FieldParsers.trimmed(r.values[index]) : ""
            patch[name] = cell.isEmpty ? NSNull() : cell
        }
        // Written with sorted keys, so that the same attributes are the same text.
        do {
            let data = try JSONSerialization.data(withJSONObject: patch, options: [.sortedKeys, .withoutEscapingSlashes])
            return (String(decoding: data, as: UTF8.self), false)
        } catch {
            r.fail(field.name, "these attributes cannot be written as JSON: \(error)")
            return (nil, true)
        }
    }

    mutating func write(line: Int, report: inout ImportReport) throws {
        guard valid else { return }
        if let duplicate {
            var args = StatementArguments(pending)
            args += [maxInteractionId]
            if try Int64.fetchOne(duplicate, arguments: args) != nil {
                report.duplicates += 1
                return
            }
        }
        // The row as it was, while a dry run still describes updates.
        var old: Row?
        if let lookup, report.examples.count < options.maxExamples {
            let keyValues: [DatabaseValueConvertible?] = Self.key(table).map { pending[sqlColumns.firstIndex(of: $0)!] }
            old = try Row.fetchOne(lookup, arguments: StatementArguments(keyValues))
        }
        // A new client's attributes are the patch with its removals dropped (a null removes
        // nothing from nothing, and is not stored).
        if table == .clients, clientIds[pendingKey] == -1, let i = sqlColumns.firstIndex(of: "attributes"),
           let text = pending[i] as? String, text.contains("null") {
            pending[i] = try String.fetchOne(db, sql: "SELECT json_patch('{}', ?)", arguments: [text])
        }
        // An upsert that updates leaves the last inserted rowid alone: reset it, and a new
        // rowid afterwards means a new record.
        sqlite3_set_last_insert_rowid(db.sqliteConnection, 0)
        try statement.execute(arguments: StatementArguments(pending))
        if db.changesCount == 0 {
            report.unchanged += 1
        } else if Self.key(table).isEmpty || db.lastInsertedRowID != 0 {
            report.inserted += 1
            if table == .clients, clientIds[pendingKey] == -1 { clientIds[pendingKey] = db.lastInsertedRowID }
        } else {
            report.updated += 1
            if let old {
                var changes: [(column: String, old: String, new: String)] = []
                for (i, column) in setColumns.enumerated() {
                    var new = pending[sqlColumns.firstIndex(of: column)!]?.databaseValue ?? .null
                    if case .attributes = Self.field(table, column: column).unit {
                        new = try DatabaseValue.fetchOne(db, sql: "SELECT json_patch(?, ?)", arguments: [old[i] as DatabaseValue, new]) ?? .null
                    }
                    if old[i] as DatabaseValue != new {
                        changes.append((Self.field(table, column: column).name, shown(column, old[i]), shown(column, new)))
                    }
                }
                report.examples.append(UpdateExample(line: line, key: pendingKey, changes: changes))
            }
        }
    }

    /// The field stored in `column`.
    static func field(_ table: ImportTable, column: String) -> Field {
        table.shape.fields.first { $0.column == column }!
    }

    /// A stored value as the file would write it: money in yuan, a client by its code.
    func shown(_ column: String, _ value: DatabaseValue) -> String {
        if value.isNull { return "(empty)" }
        switch Self.field(table, column: column).unit {
        case .money: return Exporter.text(value, .money())
        case .client:
            guard let id = Int64.fromDatabaseValue(value) else { break }
            return clientIds.first { $0.value == id }?.key ?? String(id)
        default: break
        }
        let text = String.fromDatabaseValue(value) ?? value.description
        return text.isEmpty ? "(empty)" : text.escapedForTerminal
    }

    /// Reads what the updates changed, then removes the watch.
    func finish(_ report: inout ImportReport) throws {
        guard !setColumns.isEmpty else { return }
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM temp.kehu_import_changed") {
            for (i, column) in setColumns.enumerated() {
                let n: Int = row[i]
                if n > 0 { report.changedColumns.append((Self.field(table, column: column).name, n)) }
            }
        }
        try db.execute(sql: "DROP TRIGGER temp.kehu_import_watch; DROP TABLE temp.kehu_import_changed")
    }
}
