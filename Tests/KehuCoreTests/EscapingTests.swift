import Testing
import KehuCore

@Suite struct EscapingTests {
    @Test func controlCharactersAreShownEscapedAndEverythingElseKept() {
        #expect("华东\u{1B}[2J".escapedForTerminal == #"华东\x1b[2J"#)
        #expect("a\tb\nc\r".escapedForTerminal == #"a\tb\nc\r"#)
        #expect("\u{7F}\u{9B}\u{0}".escapedForTerminal == #"\x7f\x9b\0"#)
        #expect("abc\u{202E}cba".escapedForTerminal == #"abc\u{202e}cba"#)
        #expect(#"C:\path 王芳 ¥1"#.escapedForTerminal == #"C:\path 王芳 ¥1"#)
        #expect("x\u{1B}]0;pwned\u{7}".escapedForTerminal.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F })
    }

    @Test func multiLineTextKeepsItsLinesAndTabs() {
        #expect("a\u{1B}[31m\n\tb\u{8}".escapedForTerminalKeepingLines == "a\\x1b[31m\n\tb\\x08")
    }
}
