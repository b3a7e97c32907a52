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
