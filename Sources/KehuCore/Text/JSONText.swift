import Foundation

/// Pretty-printed JSON written straight to bytes, byte for byte what Foundation's
/// `JSONSerialization` writes with `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`
/// (which every `--json` of Kehu has always printed), at a fraction of its cost: no boxing of
/// every value in `Any`, keys sorted once per set of keys rather than per object, and a long
/// list streamed element by element instead of built whole in memory.
public enum JSONText {
    /// A value to write. Objects keep their keys in any order; they are written sorted.
    public indirect enum Value {
        case null
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case string(String)
        case array([Value])
        case object([(String, Value)])
        /// A scalar already written as JSON.
        case raw(String)
    }

    /// The value of a Foundation JSON object (`[String: Any]`, arrays, strings, numbers,
    /// `NSNull`), or nil when it holds something `JSONSerialization` would refuse.
    public static func value(_ any: Any) -> Value? {
        // Exact types first: a Swift Int must not be taken for a Foundation number (whose
        // booleans and integers print by their own rules).
        let type = Swift.type(of: any)
        if type == Int.self { return .int(Int64(any as! Int)) }
        if type == Double.self { let d = any as! Double; return d.isFinite ? .double(d) : nil }
        if type == Bool.self { return .bool(any as! Bool) }
        if type == Int64.self { return .int(any as! Int64) }
        if type == Int32.self { return .int(Int64(any as! Int32)) }
        if type == String.self { return .string(any as! String) }
        // Containers by their exact types too: asking a Swift dictionary whether it is a
        // Foundation object would bridge it, which costs more than writing it.
        if type == [String: Any].self { return object(any as! [String: Any]) }
        if type == [Any].self { return array(any as! [Any]) }
        if type == [String].self { return .array((any as! [String]).map { .string($0) }) }
        if type == [Double].self { return array(any as! [Double]) }
        if type == [Int].self { return .array((any as! [Int]).map { .int(Int64($0)) }) }
        if type == [String: Int].self { return .object((any as! [String: Int]).map { ($0.key, .int(Int64($0.value))) }) }
        if type == [[String: Any]].self { return array(any as! [[String: Any]]) }
        if let optional = any as? AnyOptional {
            // As Foundation writes an optional: its value, or null.
            guard let wrapped = optional.wrappedValue else { return .null }
            return value(wrapped)
        }
        switch any {
        case is NSNull: return .null
        case is NSNumber:
            // A parsed number: Foundation says how it prints. One it refuses (NaN) makes the
            // whole value nil, and the caller then has Foundation refuse it with its reason.
            do {
                return .raw(String(decoding: try JSONSerialization.data(withJSONObject: any, options: [.fragmentsAllowed]), as: UTF8.self))
            } catch {
                return nil
            }
        case let s as String: return .string(s)
        case let list as [Any]: return array(list)
        case let dict as [String: Any]: return object(dict)
        default: return nil
        }
    }

    static func array<T>(_ list: [T]) -> Value? {
        var out: [Value] = []
        out.reserveCapacity(list.count)
        for e in list { guard let v = value(e) else { return nil }; out.append(v) }
        return .array(out)
    }

    static func object(_ dict: [String: Any]) -> Value? {
        var out: [(String, Value)] = []
        out.reserveCapacity(dict.count)
        for (k, e) in dict { guard let v = value(e) else { return nil }; out.append((k, v)) }
        return .object(out)
    }

    /// Bytes of `value`, pretty-printed, without a trailing newline.
    public static func bytes(_ value: Value) -> [UInt8] {
        var w = Writer()
        w.write(value, indent: 0)
        return w.out
    }

    /// Writes a top-level array element by element: `open()`, `element(_:)` for each, `close()`.
    /// The bytes are those of the whole array written at once, followed by a newline.
    public struct ArrayStream {
        var writer = Writer()
        var count = 0
        let sink: ([UInt8]) -> Void

        public init(sink: @escaping ([UInt8]) -> Void) { self.sink = sink }

        public mutating func element(_ value: Value) {
            if count == 0 { writer.out.append(contentsOf: "[\n".utf8) } else { writer.out.append(contentsOf: ",\n".utf8) }
            count += 1
            writer.pad(1)
            writer.write(value, indent: 1)
            if writer.out.count >= 1 << 16 { flush() }
        }

        public mutating func close() {
            if count == 0 { writer.out.append(contentsOf: "[\n\n]\n".utf8) } else { writer.out.append(contentsOf: "\n]\n".utf8) }
            flush()
        }

        mutating func flush() {
            sink(writer.out)
            writer.out.removeAll(keepingCapacity: true)
        }
    }

    /// The order `JSONSerialization` sorts keys in (numeric, case-insensitive, forced), worked
    /// out once per set of keys: a list of a hundred thousand objects shares one.
    static let orders = KeyOrders()

    final class KeyOrders: @unchecked Sendable {
        private var cache: [[String]: [Int]] = [:]
        private let lock = NSLock()

        func order(_ keys: [String]) -> [Int] {
            lock.lock()
            defer { lock.unlock() }
            if let known = cache[keys] { return known }
            let locale = Locale(identifier: "")
            let order = keys.indices.sorted { i, j in
                let a = keys[i], b = keys[j]
                return a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex,
                                 locale: locale) == .orderedAscending
            }
            if cache.count > 256 { cache.removeAll() }
            cache[keys] = order
            return order
        }
    }

    struct Writer {
        var out: [UInt8] = []

        mutating func pad(_ indent: Int) {
            for _ in 0..<indent { out.append(0x20); out.append(0x20) }
        }

        mutating func write(_ value: Value, indent: Int) {
            switch value {
            case .null: out.append(contentsOf: "null".utf8)
            case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
            case .int(let i): out.append(contentsOf: String(i).utf8)
            case .double(let d):
                var text = d.description
                if text.hasSuffix(".0") { text.removeLast(2) }
                out.append(contentsOf: text.utf8)
            case .string(let s): string(s)
            case .raw(let text): out.append(contentsOf: text.utf8)
            case .array(let list):
                out.append(contentsOf: "[\n".utf8)
                if list.isEmpty { out.append(0x0A) }
                for (n, e) in list.enumerated() {
                    if n > 0 { out.append(contentsOf: ",\n".utf8) }
                    pad(indent + 1)
                    write(e, indent: indent + 1)
                }
                if !list.isEmpty { out.append(0x0A) }
                pad(indent)
                out.append(UInt8(ascii: "]"))
            case .object(let fields):
                out.append(contentsOf: "{\n".utf8)
                if fields.isEmpty { out.append(0x0A) }
                let order = JSONText.orders.order(fields.map(\.0))
                for (n, i) in order.enumerated() {
                    if n > 0 { out.append(contentsOf: ",\n".utf8) }
                    pad(indent + 1)
                    string(fields[i].0)
                    out.append(contentsOf: " : ".utf8)
                    write(fields[i].1, indent: indent + 1)
                }
                if !fields.isEmpty { out.append(0x0A) }
                pad(indent)
                out.append(UInt8(ascii: "}"))
            }
        }

        mutating func string(_ s: String) {
            out.append(UInt8(ascii: "\""))
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            for byte in s.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case 0x08: out.append(contentsOf: "\\b".utf8)
                case 0x0C: out.append(contentsOf: "\\f".utf8)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x09: out.append(contentsOf: "\\t".utf8)
                case 0..<0x20:
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}

/// An `Optional` seen through `Any`.
protocol AnyOptional {
    var wrappedValue: Any? { get }
}

extension Optional: AnyOptional {
    var wrappedValue: Any? { self.map { $0 as Any } }
}
