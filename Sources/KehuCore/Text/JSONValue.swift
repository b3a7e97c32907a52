import Foundation

/// Reading stored JSON (score parts, free attributes) back.
public enum JSONValue {
    /// A parsed JSON document.
    public indirect enum Node: Decodable, Equatable {
        case null, bool(Bool), number(Double), string(String), array([Node]), object([String: Node])

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let a = try? c.decode([Node].self) { self = .array(a) }
            else { self = .object(try c.decode([String: Node].self)) }
        }
    }

    public static func parse(_ text: String) -> Node? {
        try? JSONDecoder().decode(Node.self, from: Data(text.utf8))
    }

    /// Shortest round-tripping form; integral values without a fraction.
    public static func number(_ d: Double) -> String {
        if d.rounded() == d && abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}
