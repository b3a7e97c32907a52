import Foundation
import GRDB

/// A score's parts lists (the JSON a playbook's loyalty and strength return) stored compactly,
/// and read back as exactly the same JSON text.
///
/// The JSON is cut into its *skeleton* — everything but the values: brackets, keys, commas —
/// and its *holes*, the values. A run keeps a dictionary (`run_text`): each skeleton once, with
/// the values its first client had (the *defaults*), and each string value once. A row then
/// holds, per list, the skeleton's id and one entry per hole:
///
/// - `0`: the hole's default (a part's name and weight are the same for almost every client);
/// - varint `n << 2 | 1`: an integer, zigzag-coded;
/// - byte `2` and 8 bytes: a float that prints back as it was written;
/// - varint `id << 2 | 3`: a string (a note) or any other value, from the dictionary.
///
/// What the form cannot hold exactly is never bent: the encoder decodes what it wrote and,
/// if that is not the text it was given, the row keeps the JSON as it came.
public enum CompactParts {
    /// The byte standing for a hole in a skeleton (JSON text has none: control characters
    /// inside strings are escaped, and none may appear outside them); 0x02 separates a skeleton
    /// from its defaults in `run_text`.
    static let hole: UInt8 = 0x01
    /// Entries of `run_text`: a skeleton with its defaults, or a value.
    static let skeletonTag = "S", valueTag = "V"
    static let separator: Character = "\u{2}"

    /// One JSON text cut into its skeleton and holes, or nil when it is not JSON as the
    /// encoder understands it (the row then keeps the text).
    static func cut(_ json: String) -> (skeleton: String, holes: [Substring])? {
        var skeleton: [UInt8] = [], holes: [Substring] = []
        let bytes = Array(json.utf8)
        var i = 0
        func slice(_ a: Int, _ b: Int) -> Substring {
            let u = json.utf8
            return Substring(u[u.index(u.startIndex, offsetBy: a)..<u.index(u.startIndex, offsetBy: b)])
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == hole || b == 0x02 { return nil }
            if b == UInt8(ascii: "\"") {
                var j = i + 1
                while j < bytes.count, bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                guard j < bytes.count else { return nil }
                var k = j + 1
                while k < bytes.count, bytes[k] == 0x20 { k += 1 }
                if k < bytes.count, bytes[k] == UInt8(ascii: ":") {
                    // A key: part of the skeleton, which must not hold the bytes that mark holes.
                    if bytes[i...j].contains(where: { $0 == hole || $0 == 0x02 }) { return nil }
                    skeleton.append(contentsOf: bytes[i...j])
                } else {
                    skeleton.append(hole)
                    holes.append(slice(i, j + 1))
                }
                i = j + 1
            } else if b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) {
                var j = i + 1
                while j < bytes.count, "0123456789.eE+-".utf8.contains(bytes[j]) { j += 1 }
                skeleton.append(hole)
                holes.append(slice(i, j))
                i = j
            } else if b == UInt8(ascii: "t") || b == UInt8(ascii: "f") || b == UInt8(ascii: "n") {
                var j = i
                while j < bytes.count, bytes[j] >= UInt8(ascii: "a"), bytes[j] <= UInt8(ascii: "z") { j += 1 }
                skeleton.append(hole)
                holes.append(slice(i, j))
                i = j
            } else {
                skeleton.append(b)
                i += 1
            }
        }
        return (String(decoding: skeleton, as: UTF8.self), holes)
    }

    /// A run's dictionary as the encoder grows it; new entries go to `run_text` as they come.
    public final class Writer {
        let run: Int64
        let insert: Statement
        var skeletons: [String: (id: Int, defaults: [String])] = [:]
        var values: [String: Int] = [:]
        var next = 1
        /// What the encoder wrote, to read each row back before it is stored.
        let reader: Reader

        public init(_ connection: StoreConnection, run: Int64) throws {
            self.run = run
            reader = try Reader.writing(run: run)
            insert = try connection.db.makeStatement(sql: "INSERT INTO run_text (run_id, id, text) VALUES (?, ?, ?)")
            next = (try Int.fetchOne(connection.db, sql: "SELECT MAX(id) FROM run_text WHERE run_id = ?", arguments: [run]) ?? 0) + 1
        }

        func add(_ text: String) throws -> Int {
            let id = next
            next += 1
            try insert.execute(arguments: [run, id, text])
            return id
        }

        /// Both lists as one blob, or nil when either cannot be stored compactly (the row
        /// then keeps the JSON).
        public func encode(_ loyalty: String, _ strength: String) throws -> Data? {
            var out: [UInt8] = []
            for json in [loyalty, strength] {
                guard let (skeleton, holes) = CompactParts.cut(json) else { return nil }
                let entry: (id: Int, defaults: [String])
                if let known = skeletons[skeleton], known.defaults.count == holes.count {
                    entry = known
                } else {
                    let defaults = holes.map(String.init)
                    let text = CompactParts.skeletonTag + skeleton + String(CompactParts.separator)
                        + defaults.joined(separator: String(CompactParts.separator))
                    entry = (try add(text), defaults)
                    skeletons[skeleton] = entry
                    reader.known[entry.id] = .skeleton(skeleton, defaults)
                }
                varint(UInt64(entry.id), into: &out)
                for (n, h) in holes.enumerated() {
                    if h == entry.defaults[n] { out.append(0); continue }
                    if let i = Int64(h), String(i) == h, UInt64(bitPattern: (i << 1) ^ (i >> 63)) < 1 << 62 {
                        varint(UInt64(bitPattern: (i << 1) ^ (i >> 63)) << 2 | 1, into: &out)
                    } else if h.first != "\"", let d = Double(h), d.isFinite, d.description == h {
                        out.append(2)
                        withUnsafeBytes(of: d.bitPattern.littleEndian) { out.append(contentsOf: $0) }
                    } else {
                        let id: Int
                        if let known = values[String(h)] { id = known } else {
                            id = try add(CompactParts.valueTag + h)
                            values[String(h)] = id
                            reader.known[id] = .value(String(h))
                        }
                        varint(UInt64(id) << 2 | 3, into: &out)
                    }
                }
            }
            let blob = Data(out)
            // Stored only if it reads back as the very text it came from. A blob that does not
            // (or does not decode at all: an encoder fault) costs nothing but room: the caller
            // keeps the JSON as it came, so no part is ever lost or bent.
            let back: (loyalty: String, strength: String)
            do { back = try reader.decode(blob) } catch { return nil }
            guard back.loyalty == loyalty, back.strength == strength else { return nil }
            return blob
        }
    }

    /// Reads blobs back, fetching the entries of `run_text` they name (all of a run's at once
    /// when a whole run is read; one by one for one client's history).
    public final class Reader {
        enum Entry { case skeleton(String, [String]), value(String) }
        let db: Database?
        let run: Int64
        var known: [Int: Entry] = [:]
        let lookup: Statement?

        init(_ db: Database?, run: Int64) throws {
            self.db = db
            self.run = run
            lookup = try db?.makeStatement(sql: "SELECT text FROM run_text WHERE run_id = ? AND id = ?")
        }

        /// A reader of `run` with every entry loaded.
        public static func whole(_ connection: StoreConnection, run: Int64) throws -> Reader {
            let r = try Reader(connection.db, run: run)
            let rows = try Row.fetchCursor(connection.db, sql: "SELECT id, text FROM run_text WHERE run_id = ?", arguments: [run])
            while let row = try rows.next() { r.known[row[0]] = try entry(row[1]) }
            return r
        }

        /// A reader that fetches entries as blobs need them.
        public static func lazy(_ connection: StoreConnection, run: Int64) throws -> Reader {
            try Reader(connection.db, run: run)
        }

        /// A reader for the encoder's own check (it knows every entry it made).
        static func writing(run: Int64) throws -> Reader { try Reader(nil, run: run) }

        static func entry(_ text: String) throws -> Entry {
            if text.hasPrefix(CompactParts.skeletonTag) {
                let parts = text.dropFirst().split(separator: CompactParts.separator, omittingEmptySubsequences: false).map(String.init)
                return .skeleton(parts[0], Array(parts.dropFirst()))
            }
            guard text.hasPrefix(CompactParts.valueTag) else { throw KehuError.invalid("run_text entry of an unknown kind") }
            return .value(String(text.dropFirst()))
        }

        func entry(_ id: Int) throws -> Entry {
            if let e = known[id] { return e }
            guard let lookup, let text = try String.fetchOne(lookup, arguments: [run, id]) else {
                throw KehuError.invalid("run \(run)'s stored parts name entry \(id), which its dictionary (run_text) lacks")
            }
            let e = try Self.entry(text)
            known[id] = e
            return e
        }

        public func decode(_ blob: Data) throws -> (loyalty: String, strength: String) {
            let bytes = [UInt8](blob)
            var i = 0
            func read() throws -> UInt64 {
                var v: UInt64 = 0, shift: UInt64 = 0
                while true {
                    guard i < bytes.count, shift < 64 else { throw KehuError.invalid("run \(run)'s stored parts are cut short") }
                    let b = bytes[i]
                    i += 1
                    v |= UInt64(b & 0x7F) << shift
                    if b < 0x80 { return v }
                    shift += 7
                }
            }
            var lists: [String] = []
            for _ in 0..<2 {
                guard case .skeleton(let skeleton, let defaults) = try entry(Int(try read())) else {
                    throw KehuError.invalid("run \(run)'s stored parts name a value where a skeleton belongs")
                }
                var out: [UInt8] = []
                var n = 0
                for b in skeleton.utf8 {
                    guard b == CompactParts.hole else { out.append(b); continue }
                    guard n < defaults.count else { throw KehuError.invalid("run \(run)'s stored parts do not fit their skeleton") }
                    let v = try read()
                    switch v & 3 {
                    case 0: out.append(contentsOf: defaults[n].utf8)
                    case 1:
                        let z = v >> 2
                        out.append(contentsOf: String(Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)).utf8)
                    case 2:
                        guard i + 8 <= bytes.count else { throw KehuError.invalid("run \(run)'s stored parts are cut short") }
                        var bits: UInt64 = 0
                        for k in 0..<8 { bits |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
                        i += 8
                        out.append(contentsOf: Double(bitPattern: bits).description.utf8)
                    default:
                        guard case .value(let text) = try entry(Int(v >> 2)) else {
                            throw KehuError.invalid("run \(run)'s stored parts name a skeleton where a value belongs")
                        }
                        out.append(contentsOf: text.utf8)
                    }
                    n += 1
                }
                lists.append(String(decoding: out, as: UTF8.self))
            }
            return (lists[0], lists[1])
        }
    }

    static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
