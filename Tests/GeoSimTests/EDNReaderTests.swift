import Testing

@testable import GeoSim

/// The EDN reader: the forms Jepsen histories use, and errors with line and column.
@Suite struct EDNReaderTests {
    func read(_ text: String) throws -> [EDNValue] {
        try EDNReader.forms(Array(text.utf8)).map(\.value)
    }

    /// The error's location and message, or nil if `text` reads.
    func failure(_ text: String) -> InputError? {
        do {
            _ = try EDNReader.forms(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func readsScalars() throws {
        let values = try read("nil true false 42 -7 +3 12N 1.5 2e3 \"a\\\"b\\n\" :write :jepsen/x sym \\a")
        #expect(
            values == [
                .null, .bool(true), .bool(false), .integer(42), .integer(-7), .integer(3), .integer(12), .number("1.5"), .number("2e3"),
                .string("a\"b\n"), .keyword("write"), .keyword("jepsen/x"), .symbol("sym"), .character("a"),
            ])
    }

    @Test func commasCommentsAndDiscardAreSpace() throws {
        let values = try read(
            """
            ; a comment line
            [1, 2,, 3] ; trailing comment
            #_ {:discarded 1} #_#_ 8 9 (4 5)
            """)
        #expect(values.count == 2)
        #expect(values[0].items == [.integer(1), .integer(2), .integer(3)])
        #expect(values[1] == .sequence([.integer(4), .integer(5)], isVector: false))
    }

    @Test func listsAndVectorsCompareEqualMapsAndSetsIgnoreOrder() throws {
        let values = try read("(1 2) [1 2] {:a 1, :b 2} {:b 2 :a 1} #{3 1} #{1 3} 1 1.0")
        #expect(values[0].canonicalText == values[1].canonicalText)
        #expect(values[2].canonicalText == values[3].canonicalText)
        #expect(values[4].canonicalText == values[5].canonicalText)
        #expect(values[6].canonicalText != values[7].canonicalText)
    }

    @Test func mapsKnowWhereTheyStartAndTaggedLiteralsReadAsTheirForm() throws {
        let forms = try EDNReader.forms(Array("\n  {:process 0}\n#jepsen.history.Op{:process 1} #inst \"2024-01-01\"".utf8))
        #expect(forms[0].at == EDNPosition(line: 2, column: 3))
        #expect(forms[0].value[keyword: "process"] == .integer(0))
        #expect(forms[1].value[keyword: "process"] == .integer(1))
        #expect(forms[2].value == .string("2024-01-01"))
    }

    @Test func errorsNameLineColumnAndWhatWasExpected() throws {
        let unclosed = try #require(failure("[{:a 1}\n {:b 2}"))
        #expect(unclosed.location == "line 2, column 8")
        #expect(unclosed.message.contains("expected ']' to close the '[' at line 1, column 1"))
        let odd = try #require(failure("\n\n   {:a 1 :b}"))
        #expect(odd.location == "line 3, column 4")
        #expect(odd.message.contains("odd number"))
        let mismatched = try #require(failure("[1 2}"))
        #expect(mismatched.location == "line 1, column 5")
        #expect(mismatched.message.contains("expected ']'"))
        let string = try #require(failure("{:f \"abc"))
        #expect(string.message.contains("unterminated string"))
        #expect(string.location == "line 1, column 9")
        let escape = try #require(failure("\"a\\qb\""))
        #expect(escape.location == "line 1, column 3")
        let number = try #require(failure("12abc"))
        #expect(number.message.contains("invalid number"))
        let stray = try #require(failure(":a )"))
        #expect(stray.location == "line 1, column 4")
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try #require(failure(deep))
        #expect(error.message.contains("nested deeper"))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(failure("\"é\" )"))
        #expect(error.location == "line 1, column 5")
    }
}
