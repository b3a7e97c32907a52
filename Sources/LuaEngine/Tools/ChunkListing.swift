import CLua
import CLuaSupport

/// What a chunk of Lua source does, read from its compiled form without running it: whether
/// it compiles, and which globals it assigns. Compiled by the Lua this program links, so a
/// check needs nothing installed beside it (no `luac`).
///
/// ```swift
/// let listing = try ChunkListing(source: Array("x = 1\nlocal y = 2".utf8), chunkName: "@init.lua")
/// listing.globalAssignments   // [("x", 1)]
/// ```
public struct ChunkListing: Sendable {
    /// A store into a global (`name = …` with no `local name` in scope), where it is.
    public struct GlobalAssignment: Sendable, Equatable {
        public var name: String
        public var line: Int
    }

    public private(set) var globalAssignments: [GlobalAssignment] = []
    /// Reads of globals (`name` with no `local name` in scope: a library, `kehu`, or a
    /// misspelt local), where they are.
    public private(set) var globalReads: [GlobalAssignment] = []
    /// The names of the chunk's local variables (for suggesting what a misspelt name meant).
    public private(set) var localNames: Set<String> = []

    /// Compiles `source` (text only, never a binary chunk). Throws a `LuaError` of kind
    /// `.syntax` with Lua's own message (`init.lua:3: 'end' expected near <eof>`).
    public init(source: [UInt8], chunkName: String) throws {
        guard let L = luaL_newstate() else { throw LuaError(kind: .memory, message: "not enough memory to compile \(chunkName)") }
        defer { lua_close(L) }
        let status = source.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { chars in
                luaL_loadbufferx(L, chars.baseAddress, chars.count, chunkName, "t")
            }
        }
        guard status == LUA_OK else {
            let message = lua_tolstring(L, -1, nil).map { String(cString: $0) } ?? "cannot compile \(chunkName)"
            throw LuaError(kind: status == LUA_ERRSYNTAX ? .syntax : .memory, message: message)
        }
        var dump: [UInt8] = []
        withUnsafeMutablePointer(to: &dump) { out in
            _ = lua_dump(L, { _, p, size, ud in
                guard let p, let ud else { return 0 }
                ud.assumingMemoryBound(to: [UInt8].self).pointee
                    .append(contentsOf: UnsafeRawBufferPointer(start: p, count: size))
                return 0
            }, out, 0)
        }
        var reader = DumpReader(bytes: dump)
        guard let functions = reader.chunk() else {
            throw LuaError(kind: .runtime, message: "cannot read the compiled form of \(chunkName)")
        }
        for f in functions {
            localNames.formUnion(f.localNames)
            for (pc, i) in f.code.enumerated() {
                let op = i & 0x7F
                guard op == Self.opSetTabUp || op == Self.opGetTabUp else { continue }
                // SETTABUP: UpValue[A][K[B]] := …; GETTABUP: R[A] := UpValue[B][K[C]].
                let (up, key) = op == Self.opSetTabUp ? (Int((i >> 7) & 0xFF), Int((i >> 16) & 0xFF))
                                                      : (Int((i >> 16) & 0xFF), Int(i >> 24))
                guard up < f.upvalueNames.count, f.upvalueNames[up] == "_ENV", key < f.constants.count,
                      let name = f.constants[key] else { continue }
                let at = GlobalAssignment(name: name, line: pc < f.lines.count ? f.lines[pc] : f.lineDefined)
                if op == Self.opSetTabUp { globalAssignments.append(at) } else { globalReads.append(at) }
            }
        }
        globalAssignments.sort { ($0.line, $0.name) < ($1.line, $1.name) }
        globalReads.sort { ($0.line, $0.name) < ($1.line, $1.name) }
    }

    /// OP_SETTABUP in Lua 5.4's instruction set: `UpValue[A][K[B]] := RK(C)`.
    static let opSetTabUp: UInt32 = 15
    /// OP_GETTABUP: `R[A] := UpValue[B][K[C]:shortstring]`.
    static let opGetTabUp: UInt32 = 11
}

/// One function of a compiled chunk, with what the listing needs of it.
struct DumpedFunction {
    var lineDefined = 0
    var code: [UInt32] = []
    /// String constants by index (nil where the constant is not a string).
    var constants: [String?] = []
    var upvalueNames: [String] = []
    /// The source line of each instruction.
    var lines: [Int] = []
    var localNames: [String] = []
}

/// Reads the format `lua_dump` writes in Lua 5.4 (ldump.c): a header, then the main function
/// with its nested functions, each with code, constants, upvalues, and debug information.
struct DumpReader {
    let bytes: [UInt8]
    var at = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Every function of the chunk (the main one first), or nil if the bytes are not a 5.4
    /// dump this reader understands.
    mutating func chunk() -> [DumpedFunction]? {
        // "\x1bLua", version 0x54, format 0, LUAC_DATA (6), sizes of Instruction, lua_Integer
        // and lua_Number, then a test integer and a test float.
        guard bytes.count > 32, Array(bytes[0..<4]) == [0x1B, 0x4C, 0x75, 0x61], bytes[4] == 0x54, bytes[5] == 0 else { return nil }
        at = 12
        guard let inst = byte(), let int = byte(), let num = byte(), inst == 4, int == 8, num == 8 else { return nil }
        at += 16
        guard byte() != nil else { return nil }      // the main closure's upvalue count
        var out: [DumpedFunction] = []
        return function(into: &out) ? out : nil
    }

    mutating func byte() -> UInt8? {
        guard at < bytes.count else { return nil }
        defer { at += 1 }
        return bytes[at]
    }

    /// ldump's variable-length size: 7 bits a byte, most significant first, the last byte
    /// marked with 0x80.
    mutating func size() -> Int? {
        var x = 0
        while let b = byte() {
            guard x < Int.max >> 7 else { return nil }
            x = (x << 7) | Int(b & 0x7F)
            if b & 0x80 != 0 { return x }
        }
        return nil
    }

    mutating func string() -> String?? {
        guard let n = size() else { return nil }
        if n == 0 { return .some(nil) }
        guard at + n - 1 <= bytes.count else { return nil }
        defer { at += n - 1 }
        return .some(String(decoding: bytes[at..<at + n - 1], as: UTF8.self))
    }

    mutating func skip(_ n: Int) -> Bool {
        guard n >= 0, at + n <= bytes.count else { return false }
        at += n
        return true
    }

    mutating func function(into out: inout [DumpedFunction]) -> Bool {
        var f = DumpedFunction()
        guard string() != nil, let lineDefined = size(), size() != nil, skip(3) else { return false }  // source, last line, params/vararg/stack
        f.lineDefined = lineDefined
        guard let nCode = size(), at + 4 * nCode <= bytes.count else { return false }
        f.code = (0..<nCode).map { k in
            let p = at + 4 * k
            return UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
        }
        at += 4 * nCode
        guard let nK = size() else { return false }
        for _ in 0..<nK {
            guard let tag = byte() else { return false }
            switch tag {
            case 0x03, 0x13: guard skip(8) else { return false }; f.constants.append(nil)   // integer, float
            case 0x04, 0x14: guard let s = string() else { return false }; f.constants.append(s)  // short, long string
            case 0x00, 0x01, 0x11: f.constants.append(nil)                                // nil, false, true
            default: return false
            }
        }
        guard let nUp = size(), skip(3 * nUp) else { return false }
        let index = out.count
        out.append(f)
        guard let nP = size() else { return false }
        for _ in 0..<nP where !function(into: &out) { return false }
        // Debug information: relative line steps (ABSLINEINFO, -128, where an absolute line
        // is recorded instead), the absolute lines, local names, upvalue names.
        guard let nLines = size(), at + nLines <= bytes.count else { return false }
        let steps = bytes[at..<at + nLines].map { Int(Int8(bitPattern: $0)) }
        at += nLines
        guard let nAbs = size() else { return false }
        var absolute: [Int: Int] = [:]
        for _ in 0..<nAbs {
            guard let pc = size(), let line = size() else { return false }
            absolute[pc] = line
        }
        var line = lineDefined
        out[index].lines = steps.enumerated().map { pc, step in
            if step == -128, let l = absolute[pc] { line = l } else { line += step }
            return line
        }
        guard let nLoc = size() else { return false }
        for _ in 0..<nLoc {
            guard let name = string(), size() != nil, size() != nil else { return false }
            if let name, !name.hasPrefix("(") { out[index].localNames.append(name) }
        }
        guard let nNames = size() else { return false }
        for _ in 0..<nNames {
            guard let name = string() else { return false }
            out[index].upvalueNames.append(name ?? "")
        }
        return true
    }
}
