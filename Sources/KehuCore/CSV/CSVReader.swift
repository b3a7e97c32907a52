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

    /// Decodes a CSV file's bytes, strictly: the whole file in one encoding, or an error at
    /// the first byte that does not fit.
    ///
    /// A UTF-8 byte order mark is dropped. A file that is wholly valid UTF-8 is UTF-8. A file
    /// with a UTF-8 byte order mark, or whose non-ASCII text is mostly well-formed UTF-8, is
    /// UTF-8 with damage (a cut character, a stray byte, a row pasted from GBK): refused at
    /// its first bad byte, rather than read whole as GB18030 mojibake. Otherwise the file must
    /// be valid GB18030 (which covers GBK and GB2312) throughout, and no line of it may be
    /// UTF-8 Chinese (a mixed file). NUL bytes are refused in either.
    ///
    /// One kind of file is both: valid UTF-8 whose only non-ASCII characters are two-byte ones
    /// (accented Latin, Greek, Cyrillic), which is also valid GBK (`小司` is `D0 A1 CB BE`, and
    /// so is `С˾`). Chinese in UTF-8 takes three bytes a character, so such a file is refused
    /// as ambiguous, showing both readings, unless a byte order mark or `encoding` settles it.
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - encoding: the encoding the file must be in, or nil to detect it.
    /// - Returns: the text and the encoding it was in.
    /// - Throws: ``CSVError`` at the line and character column of the first bad byte, or for
    ///   a UTF-16 byte order mark.
    public static func decode(_ data: Data, as encoding: TextEncoding? = nil) throws(CSVError) -> (text: String, encoding: TextEncoding) {
        var bytes = data
        let utf8BOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if utf8BOM { bytes = bytes.dropFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw CSVError(line: 1, message: "the file is UTF-16 text (Excel's \"Unicode text\"), not UTF-8 or "
                + "GB18030/GBK; save it again as \"CSV UTF-8\" and retry")
        }
        let verdict: Result<TextEncoding, CSVError> = bytes.withUnsafeBytes { raw in
            let b = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
            return classify(b, utf8BOM: utf8BOM, forced: encoding)
        }
        switch verdict {
        case .failure(let e): throw e
        case .success(.utf8): return (String(decoding: bytes, as: UTF8.self), .utf8)
        case .success(.gb18030):
            guard var text = String(data: bytes, encoding: gb18030Encoding) else {
                throw CSVError(line: 1, message: "the file is neither UTF-8 nor GB18030/GBK text; "
                    + "save it again as \"CSV UTF-8\" (or as GBK) and retry")
            }
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            return (text, .gb18030)
        }
    }

    /// Decides the encoding of `b` (without a UTF-8 BOM), or says where it breaks.
    static func classify(_ b: UnsafeBufferPointer<UInt8>, utf8BOM: Bool, forced: TextEncoding? = nil) -> Result<TextEncoding, CSVError> {
        if let nul = b.firstIndex(of: 0) {
            let (line, column) = position(of: nul, in: b, gb: false)
            return .failure(CSVError(line: line, column: column, message: "a NUL byte (\\0) in the text: "
                + "the file is binary, UTF-16 or damaged; save it again as \"CSV UTF-8\" and retry"))
        }
        switch forced {
        case .utf8:
            guard let bad = firstInvalidUTF8Offset(b) else { return .success(.utf8) }
            let (line, column) = position(of: bad, in: b, gb: false)
            return .failure(CSVError(line: line, column: column, message: String(format: "byte 0x%02X is not UTF-8 ", b[bad])
                + "(the file was given as UTF-8): fix that line, or leave out the encoding to have it detected"))
        case .gb18030:
            guard let bad = firstInvalidGB18030Offset(b) else { return .success(.gb18030) }
            let (line, column) = position(of: bad, in: b, gb: true)
            return .failure(CSVError(line: line, column: column, message: String(format: "byte 0x%02X is not GB18030/GBK ", b[bad])
                + "(the file was given as GBK): fix that line, or leave out the encoding to have it detected"))
        case nil:
            break
        }
        guard let bad = firstInvalidUTF8Offset(b) else {
            if !utf8BOM, let ambiguity = ambiguousTwoByteText(b) { return .failure(ambiguity) }
            return .success(.utf8)
        }
        let (good, _, invalid) = utf8Census(b)
        if utf8BOM || good >= invalid {
            let (line, column) = position(of: bad, in: b, gb: false)
            return .failure(CSVError(line: line, column: column, message: String(format: "byte 0x%02X is not UTF-8, ", b[bad])
                + "though the file is UTF-8 elsewhere (a damaged file, a character cut short, or rows pasted from "
                + "GBK): fix that line, or save the whole file again as \"CSV UTF-8\""))
        }
        // A GB18030 file with a line of UTF-8 Chinese: one encoding or the other, not both.
        var start = 0
        var line = 1
        while start < b.count {
            let end = b[start...].firstIndex(of: 0x0A) ?? b.count
            let slice = UnsafeBufferPointer(rebasing: b[start..<end])
            // Two or more three-byte characters: Chinese in UTF-8. (Two-byte UTF-8 sequences are
            // also GBK characters, so they prove nothing.)
            if firstInvalidUTF8Offset(slice) == nil, utf8Census(slice).long >= 2 {
                return .failure(CSVError(line: line, column: 1, message: "this line is UTF-8 text, but the file is "
                    + "GB18030/GBK elsewhere (rows pasted from another file?): save the whole file in one encoding"))
            }
            start = end + 1
            line += 1
        }
        if let badGB = firstInvalidGB18030Offset(b) {
            let (line, column) = position(of: badGB, in: b, gb: true)
            return .failure(CSVError(line: line, column: column, message: String(format: "byte 0x%02X is neither ", b[badGB])
                + "UTF-8 nor GB18030/GBK: save the file again as \"CSV UTF-8\" (or as GBK) and retry"))
        }
        return .success(.gb18030)
    }

    /// A file that is valid UTF-8 is ambiguous when every non-ASCII character in it takes two
    /// bytes (none of the three-byte ones Chinese takes) and the same bytes are valid GB18030:
    /// the error names the first such line and shows it read both ways. Nil when it is not.
    static func ambiguousTwoByteText(_ b: UnsafeBufferPointer<UInt8>) -> CSVError? {
        let (good, long, _) = utf8Census(b)
        guard good > 0, long == 0, firstInvalidGB18030Offset(b) == nil,
              let first = b.firstIndex(where: { $0 >= 0x80 }) else { return nil }
        let lineStart = b[..<first].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lineEnd = b[first...].firstIndex(of: 0x0A) ?? b.count
        let bytes = Data(UnsafeBufferPointer(rebasing: b[lineStart..<lineEnd]))
        let asUTF8 = String(decoding: bytes, as: UTF8.self)
        let asGB = String(data: bytes, encoding: gb18030Encoding) ?? ""
        func cut(_ s: String) -> String {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return (t.count > 40 ? String(t.prefix(40)) + "…" : t).escapedForTerminal
        }
        let (line, column) = position(of: first, in: b, gb: false)
        return CSVError(line: line, column: column, message: "the file reads as UTF-8 (\"\(cut(asUTF8))\") and as "
            + "GBK (\"\(cut(asGB))\") alike; say which with --encoding utf8 or --encoding gbk, or save it again "
            + "as \"CSV UTF-8\" (Excel writes a byte order mark that settles it)")
    }

    /// Counts well-formed multi-byte UTF-8 sequences (and those of three or four bytes among
    /// them) and bytes that start no valid sequence.
    static func utf8Census(_ b: UnsafeBufferPointer<UInt8>) -> (good: Int, long: Int, invalid: Int) {
        var good = 0, long = 0, invalid = 0, i = 0
        while i < b.count {
            if b[i] < 0x80 { i += 1; continue }
            let rest = UnsafeBufferPointer(rebasing: b[i..<min(b.count, i + 4)])
            let length = b[i] >= 0xF0 ? 4 : b[i] >= 0xE0 ? 3 : 2
            let piece = UnsafeBufferPointer(rebasing: rest[rest.startIndex..<min(rest.endIndex, rest.startIndex + length)])
            if piece.count == length, firstInvalidUTF8Offset(piece) == nil {
                good += 1
                if length >= 3 { long += 1 }
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return (good, long, invalid)
    }

    /// The offset of the first byte that breaks GB18030's structure (one byte 00–7F; two
    /// bytes 81–FE then 40–7E or 80–FE; four bytes 81–FE, 30–39, 81–FE, 30–39), or nil.
    static func firstInvalidGB18030Offset(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            guard (0x81...0xFE).contains(c), i + 1 < n else { return i }
            let d = b[i + 1]
            if (0x40...0x7E).contains(d) || (0x80...0xFE).contains(d) { i += 2; continue }
            if (0x30...0x39).contains(d), i + 3 < n, (0x81...0xFE).contains(b[i + 2]), (0x30...0x39).contains(b[i + 3]) {
                i += 4
                continue
            }
            return i
        }
        return nil
    }

    /// The 1-based line and character column of byte `offset`.
    static func position(of offset: Int, in b: UnsafeBufferPointer<UInt8>, gb: Bool) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for i in 0..<offset where b[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        var column = 1, i = lineStart
        while i < offset {
            let c = b[i]
            if gb {
                i += c < 0x80 ? 1 : (i + 1 < offset && (0x30...0x39).contains(b[i + 1]) ? 4 : 2)
            } else {
                i += 1
                while i < offset && (0x80...0xBF).contains(b[i]) && c >= 0xC0 { i += 1 }
            }
            column += 1
        }
        return (line, column)
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
