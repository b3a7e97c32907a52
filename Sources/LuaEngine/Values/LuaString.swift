/// A Lua string: a sequence of bytes that is usually, but not always, UTF-8.
///
/// ```swift
/// let s = LuaString("经销商")
/// s.bytes.count   // 9
/// s.string        // "经销商"
/// LuaString(bytes: [0xff]).string   // nil: not UTF-8
/// ```
public struct LuaString: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ string: String) { self.bytes = Array(string.utf8) }
    public init(stringLiteral value: String) { self.init(value) }

    /// The text if the bytes are valid UTF-8, otherwise nil.
    public var string: String? { String(validating: bytes, as: UTF8.self) }

    /// The text, with invalid UTF-8 replaced by U+FFFD.
    public var description: String { String(decoding: bytes, as: UTF8.self) }
}
