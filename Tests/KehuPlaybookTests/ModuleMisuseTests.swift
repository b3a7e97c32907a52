import Foundation
@testable import KehuCore
import LuaEngine
import Testing
@testable import KehuPlaybook

/// The kehu module under misuse: errors name the user's call and point at the user's line,
/// wrongly typed or unknown options are errors rather than ignored, and data echoed in an
/// error is escaped.
@Suite struct ModuleMisuseTests {
    /// The error `call` raises on line 2 of a chunk named `mine`, caught with pcall.
    func error(of call: String) throws -> String {
        let store = try Dealer.make()
        let session = try Dealer.session()
        return try store.writer.read { db in
            try session.runtime.using(StoreConnection(db)) {
                let r = try session.run("""
                    local c = kehu.client("B1")
                    local ok, e = pcall(function() local r = \(call); return r end)
                    return ok, e
                    """, chunkName: "=mine")
                #expect(r.first == .boolean(false), "\(call) should fail")
                return r.count > 1 ? (r[1].stringValue ?? "") : ""
            }
        }
    }

    @Test func aWronglyTypedOrUnknownFilterIsAnErrorAtTheUsersCall() throws {
        let cases = [
            ("kehu.clients{kind = 1}", "mine:2: bad argument #1 to 'kehu.clients' (filter field 'kind' must be a string, got number)"),
            ("kehu.clients{abc = true}", "mine:2: bad argument #1 to 'kehu.clients' (filter field 'abc' must be a string, got boolean)"),
            (#"kehu.clients{knd = "channel"}"#, #"mine:2: bad argument #1 to 'kehu.clients' (unknown filter field "knd" (use kind, region, owner, tag, abc, status))"#),
            (#"kehu.clients{"channel"}"#, "mine:2: bad argument #1 to 'kehu.clients' (filter has a list part"),
            (#"c:orders{from = "2026-02-30"}"#, #"mine:2: bad argument #1 to 'orders' (field 'from' must be a date like 2026-11-25, got "2026-02-30")"#),
            (#"c:payments{form = "2026-01-01"}"#, #"mine:2: bad argument #1 to 'payments' (unknown window field "form" (use from, to))"#),
            ("c:interactions{kind = 3}", "mine:2: bad argument #1 to 'interactions' (window field 'kind' must be a string, got number)"),
            ("c:orders(7)", "mine:2: bad argument #1 to 'orders' (table expected, got number)"),
            ("kehu.out.json(print)", "mine:2: bad argument #1 to 'kehu.out.json' (cannot write a function"),
            ("kehu.out.table{ 1, 2 }", "mine:2: bad argument #1 to 'kehu.out.table' (row 1 is a number, not a table)"),
            ("kehu.out.csv({}, 'a,b')", "mine:2: bad argument #2 to 'kehu.out.csv' (table expected, got string)"),
            ("kehu.out.table({}, { columns = 'a' })", "mine:2: bad argument #2 to 'kehu.out.table' (field 'columns' must be a list of column names, got string)"),
        ]
        for (call, expected) in cases {
            let message = try error(of: call)
            #expect(message.hasPrefix(expected), "\(call): \(message)")
            #expect(!message.contains("kehu:") && !message.contains("client_codes"), "\(call): names the prelude: \(message)")
        }
    }

    /// The functions written in Lua check their arguments by their declared types (the
    /// registry's parameters are the check): every typed parameter, given a boolean, is refused
    /// at the user's line with the declared type.
    @Test func everyDeclaredParameterOfAPreludeFunctionIsItsArgumentCheck() throws {
        var checked = 0
        for f in KehuAPI.functions where f.body == nil {
            for (i, p) in f.parameters.enumerated() where p.checkedType.type != "any" {
                let args = f.parameters.prefix(i).map { q -> String in
                    switch q.checkedType.type {
                    case "table": return "{}"
                    case "string": return "'x'"
                    default: return "nil"
                    }
                } + ["true"]
                let call = f.isMethod ? "c:\(f.key)(\(args.joined(separator: ", ")))" : "\(f.name)(\(args.joined(separator: ", ")))"
                let name = f.isMethod ? f.key : f.name
                let message = try error(of: call)
                #expect(message.hasPrefix("mine:2: bad argument #\(i + 1) to '\(name)' (\(p.checkedType.type) expected, got boolean)"), "\(call): \(message)")
                checked += 1
            }
        }
        #expect(checked >= 8, "the prelude's functions have typed parameters")
        #expect(try error(of: "kehu.client()").hasPrefix("mine:2: bad argument #1 to 'kehu.client' (string expected, got no value)"))
    }

    @Test func aRightFilterStillFilters() throws {
        let store = try Dealer.make()
        let session = try Dealer.session()
        let n = try store.writer.read { db in
            try session.runtime.using(StoreConnection(db)) {
                try session.run("""
                    local n = 0
                    for _ in kehu.clients{ kind = "terminal" } do n = n + 1 end
                    local m = 0
                    for _ in kehu.client("K1"):interactions{ kind = "visit", from = "2026-01-01" } do m = m + 1 end
                    return n, m
                    """, chunkName: "=ok")
            }
        }
        #expect(n == [.integer(2), .integer(1)])
    }

    @Test func dataEchoedInAnErrorIsEscaped() throws {
        let message = try error(of: #"c:orders{from = "x\27[2J"}"#)
        #expect(message.contains(#"got "x\x1b[2J""#), "\(message)")
        #expect(!message.unicodeScalars.contains("\u{1B}"))
        let dir = try TempPlaybook(hooks: #"return { followups = function(c) return { { kind = "a\27[31m", message = "m", channel = "fax\27]0;t\7" } } end }"#)
        #expect {
            _ = try FollowupRun.run(try Dealer.make(), session: try PlaybookSession(playbook: try dir.playbook, asOf: Dealer.day), dryRun: true)
        } throws: { e in
            let text = "\(e)"
            return text.contains(#"entry 1 (a\x1b[31m): channel "fax\x1b]0;t\x07" is not one of"#) && !text.unicodeScalars.contains("\u{1B}")
        }
    }
}

/// `kehu.money_short` says what its documentation says, in the run's language.
@Suite struct MoneyShortTests {
    func short(_ values: [String], language: String) throws -> [String] {
        let session = try PlaybookSession(asOf: Dealer.day, language: language)
        let r = try session.run("return " + values.map { "kehu.money_short(\($0))" }.joined(separator: ", "), chunkName: "=money")
        return r.map { $0.stringValue ?? "?" }
    }

    @Test func chineseGroupsThousandsSignsLikeMoneyAndMovesTo亿() throws {
        #expect(try short(["8500", "-5000", "123456", "-123456", "1e8", "99999999", "9999.6", "0", "250000000"], language: "zh")
                == ["¥8,500", "-¥5,000", "12.3万", "-12.3万", "1.0亿", "1.0亿", "1.0万", "¥0", "2.5亿"])
    }

    @Test func englishUsesKAndMNever万() throws {
        #expect(try short(["850", "8500", "-5000", "123456", "1e8", "999999"], language: "en")
                == ["¥850", "¥8.5K", "-¥5.0K", "¥123.5K", "¥100.00M", "¥1.00M"])
    }

    @Test func theDocumentedExamplesHold() throws {
        let f = try #require(KehuAPI.functions.first { $0.name == "kehu.money_short" })
        #expect(f.returns.first?.description.contains("¥8,500") == true)
        #expect(try short(["8500", "123456"], language: "zh") == ["¥8,500", "12.3万"])
        #expect(try short(["8500", "123456", "1e8"], language: "en") == ["¥8.5K", "¥123.5K", "¥100.00M"])
    }
}

@Suite struct ConsoleMisuseTests {
    @Test func aMisusedKehuCallTypedInTheREPLPointsAtTheTypedLineNotTheREPLsCode() throws {
        let (c, _) = try ConsoleTests.console()
        for (line, expected) in [("kehu.clients{kind = 1}", "stdin:1: bad argument #1 to 'kehu.clients' (filter field 'kind'"),
                                 ("kehu.client(5)", "stdin:1: bad argument #1 to 'kehu.client' (string expected, got number)"),
                                 ("kehu.client('K1'):orders{from = 1}", "stdin:1: bad argument #1 to 'orders'")] {
            guard case .failed(let message) = c.feed(line) else { Issue.record("\(line) should fail"); continue }
            #expect(message.hasPrefix(expected), "\(line): \(message)")
            let first = message.split(separator: "\n").first.map(String.init) ?? ""
            #expect(!first.contains("repl:") && !first.contains("kehu:"), "\(line): \(message)")
        }
        // Expressions still print all their values, and `return 1;` is still an expression.
        #expect(ConsoleTests.output(c.feed("1, nil, 3")) == "1\tnil\t3")
        #expect(ConsoleTests.output(c.feed("1;")) == "1")
    }
}
