import Foundation
import Testing
@testable import KehuCore

/// JSONText must write exactly the bytes Foundation's JSONSerialization writes with the
/// options every `--json` uses: scripts compare outputs byte for byte across releases.
@Suite struct JSONTextTests {
    static func foundation(_ v: Any) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: v, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
    }

    @Test func scalarsStringsAndNestingMatchFoundation() throws {
        let v: [String: Any] = [
            "b": 1, "a": [Any](), "e": [String: Any](), "B": 0.1, "中": 1e20, "é": -0.0, "x": 123456.78,
            "s": "a/\"\\\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}😀中", "n": NSNull(), "t": true, "f": false, "i64": Int64(-5),
            "d": 100.0, "nested": ["z": [1, 2.5, "q", [String: Any](), [Any]()], "y": ["k": 1]],
            "big": 1e16, "small": 1e-7, "neg": -3.25, "Z": 9007199254740992.0, "key10": 1, "key9": 2, "Key8": 3,
            "ａ": "fullwidth", "_": 0, "-": 0, "1": 0,
            "none": Optional<String>.none as Any, "some": Optional("x") as Any, "someList": Optional([1, 2]) as Any,
        ]
        for value in [v as Any, [v, v] as Any, [Any]() as Any, [String: Any]() as Any, ["only": [Any]()] as Any] {
            let ours = try #require(JSONText.value(value))
            #expect(JSONText.bytes(ours) == (try Self.foundation(value)))
        }
    }

    @Test func randomNumbersMatchFoundation() throws {
        var rng = SeededRandom(seed: 42)
        var list: [Any] = []
        for _ in 0..<5000 {
            let bits = rng.next()
            switch bits % 6 {
            case 0: list.append(Double(bitPattern: rng.next()).isFinite ? Double(bitPattern: rng.next()) : 1.5)
            case 1: list.append(Double(Int64(bitPattern: rng.next()) % 10_000_000_000) / 100)
            case 2: list.append(Int64(bitPattern: rng.next()))
            case 3: list.append(Double(rng.next() % 1000) / 7)
            case 4: list.append(Int(Int32(truncatingIfNeeded: rng.next())))
            default: list.append(Double(rng.next() % 100_000) * 1e-9)
            }
        }
        list = list.filter { ($0 as? Double)?.isFinite ?? true }
        let ours = try #require(JSONText.value(list))
        #expect(JSONText.bytes(ours) == (try Self.foundation(list)))
    }

    @Test func parsedNumbersKeepTheirForm() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(#"{"a": 1, "b": 2.5, "c": true, "d": [false, 0, 1e3]}"#.utf8))
        let ours = try #require(JSONText.value(parsed))
        #expect(JSONText.bytes(ours) == (try Self.foundation(parsed)))
    }

    @Test func aStreamedListIsTheWholeListsBytes() throws {
        let items: [[String: Any]] = (0..<50).map { ["code": "C\($0)", "n": $0, "v": Double($0) / 3] }
        for list in [items, [], Array(items.prefix(1))] {
            var out: [UInt8] = []
            var stream = JSONText.ArrayStream { out += $0 }
            for item in list { stream.element(try #require(JSONText.value(item))) }
            stream.close()
            #expect(out == (try Self.foundation(list)) + [0x0A])
        }
    }

    @Test func whatJSONCannotHoldIsRefused() {
        #expect(JSONText.value(Double.nan) == nil)
        #expect(JSONText.value(["x": Double.infinity]) == nil)
        #expect(JSONText.value(Date()) == nil)
    }
}
