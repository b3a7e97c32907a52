import Foundation
import Testing
@testable import KehuCore

@Suite struct CSVReaderTests {
    /// The records of `text`, as (line, fields) pairs, for compact expectations.
    private func read(_ text: String) throws -> [(line: Int, fields: [String])] {
        try CSVReader(text).records().map { ($0.line, $0.fields) }
    }

    private func parseError(_ text: String) -> CSVError? {
        do {
            _ = try CSVReader(text).records()
            return nil
        } catch {
            return error
        }
    }

    // MARK: Records and lines

    @Test func readsRecordsWithTheirLineNumbers() throws {
        let records = try read("客户编号,名称,类型\nC1,华东商贸,渠道\nC2,老王五金,终端\n")
        #expect(records.map(\.line) == [1, 2, 3])
        #expect(records.map(\.fields) == [["客户编号", "名称", "类型"], ["C1", "华东商贸", "渠道"], ["C2", "老王五金", "终端"]])
    }

    @Test func readsTheLastLineWithoutANewline() throws {
        let records = try read("a,b\n1,2")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(records.map(\.line) == [1, 2])
    }

    @Test func quotedFieldsHoldCommasAndDoubledQuotes() throws {
        let records = try read("\"华东商贸, 上海\",\"他说\"\"好\"\"\",x,\"\"\"\"\n")
        #expect(records.map(\.fields) == [["华东商贸, 上海", "他说\"好\"", "x", "\""]])
    }

    @Test func quotedNewlinesCountTowardTheNextRecordsLine() throws {
        let text = "id,note\n1,\"line one\nline two\nline three\"\n2,after\n3,\"a\n\"\n4,end"
        let records = try read(text)
        #expect(records.map(\.line) == [1, 2, 5, 6, 8])
        #expect(records[1].fields == ["1", "line one\nline two\nline three"])
        #expect(records[2].fields == ["2", "after"])
        #expect(records[3].fields == ["3", "a\n"])
        #expect(records[4].fields == ["4", "end"])
    }

    @Test func readsCRLFLineEndings() throws {
        let records = try read("a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n4,5\r\n")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "x\r\ny"], ["4", "5"]])
        // A CRLF is one line break, inside quotes too.
        #expect(records.map(\.line) == [1, 2, 4, 6])
    }

    @Test func readsLoneCRLineEndings() throws {
        let records = try read("a,b\r1,2\r\r3,4")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func keepsEmptyFields() throws {
        let records = try read(",a,,\n\"\"\na,\"\"\n,\n")
        #expect(records.map(\.fields) == [["", "a", "", ""], [""], ["a", ""], ["", ""]])
    }

    @Test func trailingCommaAtTheEndOfTheTextGivesAnEmptyLastField() throws {
        #expect(try read("a,").map(\.fields) == [["a", ""]])
    }

    @Test func skipsFullyEmptyLinesButCountsThem() throws {
        let records = try read("\n\na\n\n\nb\n\n")
        #expect(records.map(\.fields) == [["a"], ["b"]])
        #expect(records.map(\.line) == [3, 6])
    }

    @Test func emptyTextHasNoRecords() throws {
        #expect(try read("").isEmpty)
        #expect(try read("\n\r\n\r").isEmpty)
    }

    @Test func keepsWhitespaceAndQuotesInsideUnquotedFields() throws {
        let records = try read(" a , b \n5'10\",x\n \"q\",y\n")
        #expect(records.map(\.fields) == [[" a ", " b "], ["5'10\"", "x"], [" \"q\"", "y"]])
    }

    @Test func recordsMayHaveDifferentFieldCounts() throws {
        #expect(try read("a,b,c\n1\n1,2,3,4\n").map(\.fields.count) == [3, 1, 4])
    }

    // MARK: Errors

    @Test func unterminatedQuoteIsAnErrorAtTheLineItOpens() throws {
        let error = try #require(parseError("a,b\n1,\"open\n2,3\n4,5\n"))
        #expect(error.line == 2)
        #expect(error.column == 2)
        #expect(error.description == "line 2, column 2: unterminated quoted field: a \" opens here and is never closed")
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        let error = try #require(parseError("a,b\n\"x\"y,z\n"))
        #expect(error.line == 2)
        #expect(error.column == 1)
        #expect(error.message.hasPrefix("text after the closing quote of a quoted field"))
    }

    @Test func errorAfterAMultilineFieldReportsItsOwnLine() throws {
        let error = try #require(parseError("1,\"a\nb\"\n2,\"c\"d\n"))
        #expect(error.line == 3)
        #expect(error.column == 2)
    }

    @Test func errorDescriptionWithoutAColumn() {
        #expect(CSVError(line: 7, message: "boom").description == "line 7: boom")
    }

    // MARK: Streaming and iteration

    @Test func forEachRecordStreamsRecordsThenStopsAtTheError() throws {
        var seen: [Int] = []
        #expect(throws: CSVError.self) {
            try CSVReader("a\nb\n\"c\nd\n").forEachRecord { seen.append($0.line) }
        }
        #expect(seen == [1, 2])
    }

    @Test func forEachRecordStopsWhenTheBodyThrows() throws {
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try CSVReader("a\nb\nc\n").forEachRecord { _ in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }

    @Test func forInGivesTheSameRecordsAsRecords() throws {
        let reader = CSVReader("h1,h2\n1,\"x\ny\"\n\n2,z\r\n")
        let looped = Array(reader)
        #expect(looped == (try reader.records()))
        #expect(looped.map(\.line) == [1, 2, 5])
    }

    @Test func iteratorKeepsTheErrorThatStoppedIt() throws {
        var iterator = CSVReader("a\n\"b\n").makeIterator()
        #expect(iterator.next()?.fields == ["a"])
        #expect(iterator.next() == nil)
        #expect(iterator.error?.line == 2)
        #expect(iterator.next() == nil)

        var throwing = CSVReader("a\n\"b\n").makeIterator()
        #expect(try throwing.nextRecord()?.fields == ["a"])
        #expect(throws: CSVError.self) { try throwing.nextRecord() }
    }

    @Test func readsAGeneratedFileOfManyRecords() throws {
        var writer = CSVWriter()
        writer.write(["code", "name", "note"])
        for i in 1...2000 {
            writer.write(["C\(i)", "客户\(i)", i % 7 == 0 ? "两行\n备注, \"引号\"" : ""])
        }
        var count = 0, lastLine = 0
        try CSVReader(writer.text).forEachRecord { record in
            count += 1
            lastLine = record.line
            #expect(record.fields.count == 3)
        }
        #expect(count == 2001)
        // 285 notes (multiples of 7 up to 2000) add one line each.
        #expect(lastLine == 2001 + 285)
    }

    // MARK: Decoding

    @Test func decodesUTF8AndDropsItsByteOrderMark() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("编号,名称\n".utf8)
        let (text, encoding) = try CSVDecoding.decode(data)
        #expect(text == "编号,名称\n")
        #expect(encoding == .utf8)
    }

    @Test func plainASCIIIsUTF8() throws {
        let (text, encoding) = try CSVDecoding.decode(Data("a,b\n".utf8))
        #expect(text == "a,b\n")
        #expect(encoding == .utf8)
    }

    @Test func emptyDataIsEmptyUTF8Text() throws {
        let (text, encoding) = try CSVDecoding.decode(Data())
        #expect(text.isEmpty)
        #expect(encoding == .utf8)
    }

    @Test func detectsAndDecodesGB18030() throws {
        let original = "客户编号,名称\nC1,华东商贸\n"
        let data = try #require(original.data(using: String.Encoding(rawValue: 0x8000_0632)))
        // 客 is BF CD in GBK/GB18030, not its UTF-8 E5 AE A2.
        #expect(Array(data.prefix(2)) == [0xBF, 0xCD])
        let (text, encoding) = try CSVDecoding.decode(data)
        #expect(encoding == .gb18030)
        #expect(text == original)
        #expect(try CSVReader(text).records().map(\.fields) == [["客户编号", "名称"], ["C1", "华东商贸"]])
    }

    @Test func gbkBytesThatLookLikeUTF8AreStillGB18030() throws {
        // 联通 in GBK is C1 AA CD A8: lead and continuation bytes in UTF-8's shape, but C1 is an
        // overlong lead that strict UTF-8 refuses.
        let data = Data([0xC1, 0xAA, 0xCD, 0xA8])
        let (text, encoding) = try CSVDecoding.decode(data)
        #expect(encoding == .gb18030)
        #expect(text == "联通")
    }

    @Test func bytesThatAreNeitherEncodingAreAnErrorWithTheirLine() throws {
        let data = Data("a,b\nc,d\n".utf8) + Data([0xFF, 0xFF, 0x0A])
        var caught: CSVError?
        do { _ = try CSVDecoding.decode(data) } catch { caught = error }
        let error = try #require(caught)
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.message.contains("neither UTF-8 nor GB18030/GBK"))
    }

    @Test func utf16IsRefusedWithAHint() throws {
        var caught: CSVError?
        do { _ = try CSVDecoding.decode(Data([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00])) } catch { caught = error }
        let error = try #require(caught)
        #expect(error.description.hasPrefix("line 1: the file is UTF-16 text"))
    }

    @Test func utf8ValidationIsStrict() {
        func offset(_ bytes: [UInt8]) -> Int? {
            bytes.withUnsafeBufferPointer { CSVDecoding.firstInvalidUTF8Offset($0) }
        }
        #expect(offset(Array("abcdefghijklmnop客户😀".utf8)) == nil)
        #expect(offset(Array("abcdefghij".utf8) + [0xC0, 0x80]) == 10)      // overlong NUL
        #expect(offset([0x41, 0xE0, 0x80, 0x80]) == 1)                        // overlong 3-byte
        #expect(offset([0xED, 0xA0, 0x80]) == 0)                              // UTF-16 surrogate
        #expect(offset([0xF4, 0x90, 0x80, 0x80]) == 0)                        // past U+10FFFF
        #expect(offset([0x41, 0x42, 0xE5, 0xAE]) == 2)                        // cut short
        #expect(offset([0x80]) == 0)                                          // stray continuation
    }

    // MARK: Writing

    @Test func writerQuotesOnlyWhenNeeded() {
        var writer = CSVWriter()
        writer.write(["a", "b,c", "say \"hi\"", "two\nlines", "cr\rhere", " lead", "trail ", "普通", ""])
        #expect(writer.text == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\" lead\",\"trail \",普通,\n")
    }

    @Test func writerQuotesAFullWidthSpaceAtTheEdge() {
        #expect(CSVWriter.escape("\u{3000}名称") == "\"\u{3000}名称\"")
        #expect(CSVWriter.escape("名 称") == "名 称")
    }

    @Test func writerWritesALoneEmptyFieldAsQuotesSoItIsNotAnEmptyLine() {
        #expect(CSVWriter.line([""]) == "\"\"\n")
        #expect(CSVWriter.line(["", ""]) == ",\n")
    }

    @Test func writerDataIsUTF8WithoutAByteOrderMark() {
        var writer = CSVWriter()
        writer.write(contentsOf: [["编号"], ["C1"]])
        #expect(writer.data == Data("编号\nC1\n".utf8))
        #expect(Array(writer.data.prefix(3)) == [0xE7, 0xBC, 0x96])
    }

    @Test func writtenRecordsReadBackUnchanged() throws {
        let rows: [[String]] = [
            ["编号", "名称", "备注"],
            ["C1", "华东商贸, 上海", "他说\"好\""],
            ["C2", "", "第一行\r\n第二行\n第三行"],
            [""],
            [" 空格 ", "\"", ","],
        ]
        var writer = CSVWriter()
        writer.write(contentsOf: rows)
        let back = try CSVReader(writer.text).records()
        #expect(back.map(\.fields) == rows)
        #expect(back.map(\.line) == [1, 2, 3, 6, 7])
    }
}
