import Foundation
import Testing
import KehuCore
@testable import KehuPlaybook

final class Printed: @unchecked Sendable { var text = "" }

@Suite struct ConsoleTests {
    static func console() throws -> (Console, Printed) {
        let printed = Printed()
        let c = try Console(store: try Dealer.make(), asOf: Dealer.day) { printed.text += $0 }
        return (c, printed)
    }

    static func output(_ o: Console.Outcome) -> String? {
        if case .done(let text, _) = o { return text }
        return nil
    }

    @Test func incompleteChunksContinueAndExpressionsPrintTheirValues() throws {
        let (c, printed) = try Self.console()
        #expect(c.feed("for i = 1, 2 do") == .more)
        #expect(c.isContinuing)
        #expect(Self.output(c.feed("print(i * 10) end")) == "")
        #expect(printed.text == "10\n20\n")
        #expect(Self.output(c.feed("1 + 1")) == "2")
        #expect(c.feed("local s = [[") == .more)
        #expect(Self.output(c.feed("two lines]]")) == "")
        #expect(Self.output(c.feed("kehu.money(1234.5), \"华东\"")) == "\"¥1,234.50\"\t\"华东\"")
    }

    @Test func clientsPrintAsAShortFileAndCyclesAreMarked() throws {
        let (c, _) = try Self.console()
        let client = try #require(Self.output(c.feed("kehu.client(\"K1\")")))
        #expect(client.hasPrefix("K1 华东建材集团 — channel"))
        #expect(client.contains("ABC A"))
        #expect(client.contains("c:contacts(), c:orders{}"))
        _ = c.feed("t = { 1, 2, name = \"华东\", nested = { a = 1 } }; t.self = t")
        let t = try #require(Self.output(c.feed("t")))
        #expect(t.contains("name   = \"华东\""))
        #expect(t.contains("nested = { a = 1 }"))
        #expect(t.contains("self   = <cycle: table"))
        let money = try #require(Self.output(c.feed("{ overdue = 1500, count = 3 }")))
        #expect(money == "{ count = 3, overdue = ¥1,500.00 }")
    }

    @Test func errorsReportAndTheConsoleGoesOn() throws {
        let (c, _) = try Self.console()
        guard case .failed(let message) = c.feed("error(\"boom\")") else { Issue.record("expected a failure"); return }
        #expect(message.hasPrefix("stdin:1: boom"))
        #expect(message.contains("stack traceback:"))
        guard case .failed(let syntax) = c.feed("x = = 1") else { Issue.record("expected a syntax error"); return }
        #expect(syntax.contains("unexpected symbol near '='"))
        #expect(Self.output(c.feed("2 * 21")) == "42")
    }

    @Test func tabCompletesGlobalsModuleFunctionsFieldsAndMethods() throws {
        let (c, _) = try Self.console()
        #expect(c.completions(line: "kehu.cl", start: 0, end: 7) == ["kehu.client", "kehu.clients", "kehu.close_followup"])
        #expect(c.completions(line: "x = pri", start: 4, end: 7) == ["print"])
        #expect(c.completions(line: "kehu.out.", start: 0, end: 9) == ["kehu.out.csv", "kehu.out.json", "kehu.out.table"])
        _ = c.feed("c = kehu.client(\"K1\")")
        #expect(c.completions(line: "c:or", start: 0, end: 4) == ["c:orders"])
        #expect(c.completions(line: "c.metrics.sales_3", start: 0, end: 17).contains("c.metrics.sales_365"))
        #expect(c.completions(line: "loy", start: 0, end: 3) == ["loyalty"])   // the playbook's hooks are globals
    }

    @Test func helpComesFromTheRegistry() throws {
        let (c, _) = try Self.console()
        let h = c.help("clients")
        #expect(h.hasPrefix("kehu.clients(filter: table?) → fun(): kehu.Client?"))
        #expect(h.contains("example: for c in kehu.clients"))
        #expect(c.help("client:orders").hasPrefix("client:orders(window: table?)"))
        #expect(c.help("nosuch").contains("no help for nosuch"))
        #expect(c.help("").contains("kehu.add_days"))
        // A client's fields and metrics, from their registries.
        #expect(c.help("credit_limit") == "c.credit_limit: number\n  how much the client may owe, in yuan (0: no credit)")
        #expect(c.help("overdue").hasPrefix("c.metrics.overdue: number\n  "))
        #expect(!c.help("").contains("c.credit_limit"))
        // Every client method the registry declares completes after a colon.
        _ = c.feed("c = kehu.client(\"K1\")")
        let methods = KehuAPI.functions.filter(\.isMethod).map { "c:" + $0.key }.sorted()
        #expect(c.completions(line: "c:", start: 0, end: 2) == methods)
    }

    @Test func hooksCanBeCalledByHandAndAnotherPlaybookLoaded() throws {
        let (c, _) = try Self.console()
        #expect(Self.output(c.feed("(loyalty(kehu.client(\"K1\")))")) == "100.0")
        try c.reload(playbook: try Dealer.playbook("one-hook"), asOf: Dealer.day)
        #expect(Self.output(c.feed("quadrant(90, 90, kehu.client(\"K1\"))")) == "\"watch\"")
        try c.reload(playbook: nil, asOf: Day(iso: "2025-11-25")!)
        #expect(Self.output(c.feed("kehu.today()")) == "\"2025-11-25\"")
    }
}

/// The REPL and playbook hooks see a calendar stopped at the as-of date, but `os.clock()`
/// still measures processor time, as in lua5.4 (it read 0 there).
@Suite struct ClockInSessionsTests {
    @Test func osClockMeasuresProcessorTimeInTheReplAndInHooks() throws {
        let (c, _) = try ConsoleTests.console()
        // The process has run by now, so its processor time is above 0; no timing decides this.
        #expect(ConsoleTests.output(c.feed("os.clock() > 0, math.type(os.clock())")) == "true\t\"float\"")
        let session = try PlaybookSession(asOf: Day(iso: "2026-11-25")!)
        #expect(try session.run("return os.clock() > 0, os.date('%Y-%m-%d')", chunkName: "=t") == [true, "2026-11-25"])
    }
}
