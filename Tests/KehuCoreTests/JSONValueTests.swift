import Foundation
import Testing
@testable import KehuCore

/// The JSON reader the client tables use agrees with Foundation's decoder on what it accepts
/// and what it makes of it, and refuses what is not JSON.
@Suite struct JSONValueTests {
    static func decoded(_ text: String) -> JSONValue.Node? {
        try? JSONDecoder().decode(JSONValue.Node.self, from: Data(text.utf8))
    }

    @Test(arguments: [
        "{}", "[]", "{\"cultivated_mu\":120}", "{\"a\":[1,2.5,-3e2,true,false,null],\"b\":{\"c\":\"d\"}}",
        "{\"名称\":\"河湾村\",\"esc\":\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83c\\udf3e\"}", " { \"x\" : 0 } ", "\"text\"", "0", "-0.5",
        "[[[[]]]]", "{\"dup\":1,\"dup\":2}",
    ])
    func readsWhatTheDecoderReads(text: String) {
        #expect(JSONValue.parse(text) != nil, "\(text)")
        #expect(JSONValue.parse(text) == Self.decoded(text), "\(text)")
    }

    @Test(arguments: ["", "{", "{\"a\":}", "[1,]", "{\"a\":1,}", "tru", "01", "1.", "\"\\x\"", "{\"a\" 1}", "[1] 2", "\"a\nb\"", "\"\\ud83c\""])
    func refusesWhatIsNotJSON(text: String) {
        #expect(JSONValue.parse(text) == nil, "\(text)")
    }
}
