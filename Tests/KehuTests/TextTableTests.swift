import Testing
@testable import kehu

@Suite struct TextTableTests {
    @Test func chineseCharactersTakeTwoColumnsAndEverythingElseOne() {
        #expect(TextTable.width("华东商贸") == 8)
        #expect(TextTable.width("C0001") == 5)
        #expect(TextTable.width("¥1,234.50") == 9)          // the yuan sign is narrow
        #expect(TextTable.width("（全角）：") == 10)          // full-width punctuation is wide
        #expect(TextTable.width("ｋｅｈｕ") == 8)             // full-width Latin letters
        #expect(TextTable.width("한국") == 4)                 // Hangul syllables
        #expect(TextTable.width("e\u{301}") == 1)           // a combining accent takes no column
        #expect(TextTable.width("𠀀") == 2)                  // CJK Extension B, outside the BMP
    }

    @Test func columnsLineUpByDisplayWidth() {
        var t = TextTable(headers: ["名称 name", "金额"])
        t.rightAligned = [1]
        t.rows = [["华东商贸", "¥1.00"], ["ABC", "¥12,345.00"]]
        let lines = t.render().split(separator: "\n").map(String.init)
        #expect(lines == [
            "名称 name        金额",
            "─────────  ──────────",
            "华东商贸        ¥1.00",
            "ABC        ¥12,345.00",
        ])
        #expect(lines.map(TextTable.width) == [21, 21, 21, 21])
    }
}

@Suite struct TextTableHostileTests {
    @Test func aVeryLongCellIsCutWithAnEllipsisAndTheTableStaysNarrow() {
        var t = TextTable(headers: ["code", "name"])
        t.rows = [["C1", String(repeating: "华", count: 5_000)], ["C2", "短"]]
        let lines = t.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[2].hasSuffix("…"))
        #expect(TextTable.width(lines[2]) == 6 + 59)   // "C1", padding, the gap, then 59 columns and the ellipsis
        #expect(lines[3] == "C2    短")
    }

    @Test func aLongCellOfSpacesDoesNotTakeQuadraticTime() {
        // 200,000 spaces and a letter: the old trailing-space regex took minutes on this.
        var t = TextTable(headers: ["a", "b"])
        t.maxCellWidth = 300_000
        t.rows = [[String(repeating: " ", count: 200_000) + "x", ""]]
        let out = t.render()
        #expect(out.hasSuffix("x"))
    }

    @Test func controlCharactersFromTheDataAreShownEscaped() {
        var t = TextTable(headers: ["name"])
        t.rows = [["\u{1B}]0;pwned\u{07}\u{1B}[2J华东"]]
        #expect(t.render().split(separator: "\n").last == "\\x1b]0;pwned\\x07\\x1b[2J华东")
    }

    @Test func cellsThatFitAreLeftAlone() {
        let exact = String(repeating: "a", count: 60)
        #expect(TextTable.fit(exact, 60).text == exact)
        #expect(TextTable.fit(exact + "b", 60).text == String(repeating: "a", count: 59) + "…")
        #expect(TextTable.fit(String(repeating: "华", count: 31), 60).text == String(repeating: "华", count: 29) + "…")
    }
}
