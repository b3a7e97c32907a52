import Foundation

// MARK: - Errors

/// A CSV file that cannot be read: where, and what went wrong.
///
/// `line` is the 1-based physical line of the file; `column`, when known, is the 1-based
/// field number (the spreadsheet column), so the description reads like a compiler's:
///
/// ```swift
/// CSVError(line: 12, column: 3, message: "unterminated quoted field").description
/// // "line 12, column 3: unterminated quoted field"
/// ```
public struct CSVError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The 1-based physical line where the problem starts.
    public var line: Int
    /// The 1-based field number within the record, when the problem is in one field.
    public var column: Int?
    /// What went wrong, and where it helps, how to fix it.
    public var message: String

    public init(line: Int, column: Int? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        if let column { return "line \(line), column \(column): \(message)" }
        return "line \(line): \(message)"
    }
}

// MARK: - Decoding bytes to text

/// The text encoding a CSV file turned out to be in.
public enum TextEncoding: Sendable, Equatable {
    case utf8
    /// GB18030, which is a superset of GBK and GB2312 (what Chinese Excel and WPS write).
    case gb18030
}

/// Turns a CSV file's bytes into text, detecting UTF-8 or GB18030.
///
/// ```swift
/// let (text, encoding) = try CSVDecoding.decode(Data(contentsOf: url))
/// ```
public enum CSVDecoding {
    /// Foundation's `String.Encoding` for GB18030 (CFStringEncoding `GB_18030_2000`).
    static let gb18030Encoding = String.Encoding(rawValue: 0x8000_0632)

    /// Decodes a CSV file's bytes.
    ///
    /// A UTF-8 byte order mark is dropped. Bytes that are valid UTF-8 are read as UTF-8;
    /// anything else is read as GB18030 (which covers GBK and GB2312). A GB18030 byte order
    /// mark is dropped too.
    ///
    /// - Parameter data: the file's bytes.
    /// - Returns: the text and the encoding it was in.
    /// - Throws: ``CSVError`` when the bytes are neither (its line is the line of the first
    ///   byte that is not UTF-8), or start with a UTF-16 byte order mark.
    public static func decode(_ data: Data) throws(CSVError) -> (text: String, encoding: TextEncoding) {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let invalidOffset: Int? = bytes.withUnsafeBytes { raw in
            firstInvalidUTF8Offset(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                       count: raw.count))
        }
        guard let invalidOffset else {
            return (String(decoding: bytes, as: UTF8.self), .utf8)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw CSVError(line: 1, message: "the file is UTF-16 text (Excel's \"Unicode text\"), not UTF-8 or "
                + "GB18030/GBK; save it again as \"CSV UTF-8\" and retry")
        }
        if var text = String(data: bytes, encoding: gb18030Encoding) {
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            return (text, .gb18030)
        }
        let line = 1 + bytes.prefix(invalidOffset).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        throw CSVError(line: line, message: "the file is neither UTF-8 nor GB18030/GBK text; "
            + "save it again as \"CSV UTF-8\" (or as GBK) and retry")
    }

    /// The offset of the first byte that breaks strict UTF-8 (no overlongs, no surrogates,
    /// nothing past U+10FFFF), or nil when all of it is valid.
    static func firstInvalidUTF8Offset(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        var i = 0
        while i < n {
            // Skip ASCII eight bytes at a time.
            while i + 8 <= n {
                let word = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { return nil }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let start = i
            func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
                start + k < n && b[start + k] >= lo && b[start + k] <= hi
            }
            switch c {
            case 0xC2...0xDF:
                guard cont(1) else { return start }
                i += 2
            case 0xE0:
                guard cont(1, 0xA0), cont(2) else { return start }
                i += 3
            case 0xE1...0xEC, 0xEE...0xEF:
                guard cont(1), cont(2) else { return start }
                i += 3
            case 0xED:
                guard cont(1, 0x80, 0x9F), cont(2) else { return start }
                i += 3
            case 0xF0:
                guard cont(1, 0x90), cont(2), cont(3) else { return start }
                i += 4
            case 0xF1...0xF3:
                guard cont(1), cont(2), cont(3) else { return start }
                i += 4
            case 0xF4:
                guard cont(1, 0x80, 0x8F), cont(2), cont(3) else { return start }
                i += 4
            default:
                return start
            }
        }
        return nil
    }
}

// MARK: - Reading

/// One record of a CSV file: its fields and the line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The fields, unquoted, in file order.
    public var fields: [String]
    /// The 1-based physical line where the record starts. A record whose quoted fields hold
    /// line breaks spans several lines; the next record's line counts them.
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// An RFC 4180 CSV reader over text.
///
/// Reads comma-separated records whose fields may be quoted with `"`: quoted fields may hold
/// commas, line breaks and doubled quotes (`""` is one `"`). Lines end with LF, CRLF or CR;
/// the last line may or may not end with one. Fully empty lines are skipped; a line holding
/// only `""` is a record with one empty field. Nothing is trimmed. A `"` inside an unquoted
/// field is kept as it is.
///
/// Streaming, which an import uses:
///
/// ```swift
/// let (text, _) = try CSVDecoding.decode(data)
/// try CSVReader(text).forEachRecord { record in
///     print(record.line, record.fields)
/// }
/// ```
///
/// `for record in reader` works too, but stops quietly at a malformed record; use
/// ``forEachRecord(_:)``, ``records()`` or ``Iterator/nextRecord()``, which throw.
public struct CSVReader: Sequence, Sendable {
    /// The text being read (kept in contiguous UTF-8, which the parser scans as bytes).
    public let text: String

    public init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
    }

    /// All records.
    ///
    /// - Throws: ``CSVError`` at the first malformed record (an unterminated quote, or text
    ///   after a closing quote).
    public func records() throws(CSVError) -> [CSVRecord] {
        var all: [CSVRecord] = []
        try withBytes { (bytes) throws(CSVError) in
            var parser = CSVParser()
            while let record = try parser.next(in: bytes) { all.append(record) }
        }
        return all
    }

    /// Calls `body` with each record in turn, without keeping them.
    ///
    /// - Throws: ``CSVError`` at the first malformed record, or whatever `body` throws; both
    ///   stop the reading. Records before a malformed one have been handed to `body`.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        try withBytes { (bytes) throws in
            var parser = CSVParser()
            while let record = try parser.next(in: bytes) { try body(record) }
        }
    }

    public func makeIterator() -> Iterator { Iterator(reader: self) }

    /// Steps through the records; ``nextRecord()`` throws where ``next()`` stops.
    public struct Iterator: IteratorProtocol {
        let reader: CSVReader
        var parser = CSVParser()
        /// The error that ended the iteration, if one did.
        public private(set) var error: CSVError?

        init(reader: CSVReader) { self.reader = reader }

        /// The next record, or nil at the end of the text.
        /// - Throws: ``CSVError`` for a malformed record; later calls return nil.
        public mutating func nextRecord() throws(CSVError) -> CSVRecord? {
            if error != nil { return nil }
            var parser = self.parser
            self.parser = CSVParser()  // so that `parser` owns its scratch buffer uniquely
            let result: Result<CSVRecord?, CSVError> = reader.withBytes { bytes in
                do throws(CSVError) { return .success(try parser.next(in: bytes)) }
                catch { return .failure(error) }
            }
            self.parser = parser
            switch result {
            case .success(let record): return record
            case .failure(let e): error = e; throw e
            }
        }

        /// The next record, or nil at the end of the text or at a malformed record (then
        /// ``error`` says what was wrong).
        public mutating func next() -> CSVRecord? {
            try? nextRecord()
        }
    }

    func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        // `init` made the text contiguous, so the first path is the one taken; the copy is a
        // fallback that keeps this correct if that ever changes.
        let result: Result<R, E>? = text.utf8.withContiguousStorageIfAvailable { bytes in
            do throws(E) { return .success(try body(bytes)) } catch { return .failure(error) }
        }
        if let result { return try result.get() }
        let copy = Array(text.utf8)
        let fallback: Result<R, E> = copy.withUnsafeBufferPointer { bytes in
            do throws(E) { return .success(try body(bytes)) } catch { return .failure(error) }
        }
        return try fallback.get()
    }
}

/// The record parser's state between records: a byte offset and the current line.
struct CSVParser: Sendable {
    var offset = 0
    var line = 1
    /// How many fields the last record had, to size the next one's array.
    var fieldHint = 8
    /// Bytes of a quoted field with doubled quotes, reused between fields.
    var scratch: [UInt8] = []

    private static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// Parses the record at `offset` and moves past it; nil when only empty lines are left.
    mutating func next(in b: UnsafeBufferPointer<UInt8>) throws(CSVError) -> CSVRecord? {
        let n = b.count
        var i = offset
        // Skip fully empty lines.
        while i < n {
            let c = b[i]
            if c == Self.lf {
                i += 1
            } else if c == Self.cr {
                i += 1
                if i < n && b[i] == Self.lf { i += 1 }
            } else {
                break
            }
            line += 1
        }
        guard i < n else { offset = i; return nil }

        let startLine = line
        var fields: [String] = []
        fields.reserveCapacity(fieldHint)
        defer { offset = i; fieldHint = Swift.max(fields.count, 1) }

        while true {
            if i < n && b[i] == Self.quote {
                // A quoted field: up to the next lone quote.
                let openLine = line
                i += 1
                var segment = i
                var doubled = false
                while true {
                    guard i < n else {
                        throw CSVError(line: openLine, column: fields.count + 1,
                                       message: "unterminated quoted field: a \" opens here and is never closed")
                    }
                    let c = b[i]
                    if c == Self.quote {
                        if i + 1 < n && b[i + 1] == Self.quote {
                            if !doubled { scratch.removeAll(keepingCapacity: true); doubled = true }
                            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[segment...i]))
                            i += 2
                            segment = i
                            continue
                        }
                        if doubled {
                            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[segment..<i]))
                            fields.append(String(decoding: scratch, as: UTF8.self))
                        } else {
                            fields.append(String(decoding: UnsafeBufferPointer(rebasing: b[segment..<i]), as: UTF8.self))
                        }
                        i += 1
                        break
                    } else if c == Self.lf {
                        line += 1
                        i += 1
                    } else if c == Self.cr {
                        line += 1
                        i += 1
                        if i < n && b[i] == Self.lf { i += 1 }
                    } else {
                        i += 1
                    }
                }
                guard i < n else { return CSVRecord(fields: fields, line: startLine) }
                let c = b[i]
                if c == Self.comma { i += 1; continue }
                if c == Self.lf || c == Self.cr {
                    i += 1
                    if c == Self.cr && i < n && b[i] == Self.lf { i += 1 }
                    line += 1
                    return CSVRecord(fields: fields, line: startLine)
                }
                throw CSVError(line: line, column: fields.count,
                               message: "text after the closing quote of a quoted field; "
                                   + "a quote inside a quoted field is written twice (\"\")")
            } else {
                // An unquoted field: up to a comma or a line break.
                let start = i
                while i < n {
                    let c = b[i]
                    if c == Self.comma || c == Self.lf || c == Self.cr { break }
                    i += 1
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
                guard i < n else { return CSVRecord(fields: fields, line: startLine) }
                let c = b[i]
                i += 1
                if c == Self.comma { continue }
                if c == Self.cr && i < n && b[i] == Self.lf { i += 1 }
                line += 1
                return CSVRecord(fields: fields, line: startLine)
            }
        }
    }
}

// MARK: - Writing

/// Writes RFC 4180 CSV: UTF-8 without a byte order mark, LF line endings, fields quoted only
/// when they must be.
///
/// A field is quoted when it holds a comma, a quote, CR or LF, or starts or ends with
/// whitespace; a record of one empty field is written `""` so that it is not an empty line.
///
/// ```swift
/// var writer = CSVWriter()
/// writer.write(["客户编号", "名称"])
/// writer.write(["C1", "华东商贸, 上海"])
/// writer.text   // "客户编号,名称\nC1,\"华东商贸, 上海\"\n"
/// try writer.data.write(to: url)
/// ```
public struct CSVWriter: Sendable {
    /// The CSV written so far, as UTF-8 bytes.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// The CSV written so far, as a string (made from ``bytes`` at each call).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The CSV written so far, as UTF-8 bytes (no byte order mark).
    public var data: Data { Data(bytes) }

    /// Appends one record and its line ending.
    public mutating func write(_ fields: [String]) {
        Self.append(fields, to: &bytes)
    }

    /// Appends several records.
    public mutating func write(contentsOf records: [[String]]) {
        for fields in records { Self.append(fields, to: &bytes) }
    }

    /// One record as a CSV line, LF included.
    public static func line(_ fields: [String]) -> String {
        var line: [UInt8] = []
        append(fields, to: &line)
        return String(decoding: line, as: UTF8.self)
    }

    /// A field as it is written: quoted, with quotes doubled, when it must be.
    public static func escape(_ field: String) -> String {
        var out: [UInt8] = []
        append(field, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func append(_ fields: [String], to out: inout [UInt8]) {
        if fields.count == 1 && fields[0].isEmpty {
            out.append(contentsOf: [0x22, 0x22, 0x0A])
            return
        }
        for (k, field) in fields.enumerated() {
            if k > 0 { out.append(0x2C) }
            append(field, to: &out)
        }
        out.append(0x0A)
    }

    static func append(_ field: String, to out: inout [UInt8]) {
        func write(_ utf8: UnsafeBufferPointer<UInt8>) {
            guard needsQuotes(field, utf8) else {
                out.append(contentsOf: utf8)
                return
            }
            out.append(0x22)
            for b in utf8 {
                out.append(b)
                if b == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        }
        if field.utf8.withContiguousStorageIfAvailable(write) == nil {
            Array(field.utf8).withUnsafeBufferPointer(write)  // a bridged string that is not UTF-8
        }
    }

    static func needsQuotes(_ field: String, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        for b in utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { return true }
        func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
        if first < 0x80 && last < 0x80 { return isASCIISpace(first) || isASCIISpace(last) }
        return field.unicodeScalars.first!.properties.isWhitespace || field.unicodeScalars.last!.properties.isWhitespace
    }
}
