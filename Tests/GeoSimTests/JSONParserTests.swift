import Testing

@testable import GeoSim

@Suite struct JSONParserTests {
    static func error(_ text: String) -> InputError? {
        do {
            _ = try JSONParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func nestedValuesKeepMemberOrder() throws {
        let value = try JSONParser.parse(
            #"""
            {"b": [1, -2.5, 3e2, 0.125E-1, true, false, null, "s"], "a": {"z": {}, "y": []}, "b2": -0}
            """#)
        #expect(
            value
                == .object([
                    ("b", .array([.number(1), .number(-2.5), .number(300), .number(0.0125), .bool(true), .bool(false), .null, .string("s")])),
                    ("a", .object([("z", .object([])), ("y", .array([]))])),
                    ("b2", .number(0)),
                ]))
        #expect(value["a"]?["z"] == .object([]))
        #expect(try JSONParser.parse(" \n\t42\r\n ") == .number(42))
    }

    @Test func escapes() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try JSONParser.parse(#""\u00e9\u0041\u20AC""#) == .string("éA€"))
        // A surrogate pair is one scalar outside the BMP.
        #expect(try JSONParser.parse(#""\ud83d\ude00 \uD834\uDD1E""#) == .string("😀 𝄞"))
        #expect(try JSONParser.parse("\"raw é 😀\"") == .string("raw é 😀"))
    }

    @Test(arguments: [
        (#""\ud83d""#, "unpaired surrogate"),
        (#""\ud83dx""#, "unpaired surrogate"),
        (#""\ud83d\u0041""#, "invalid surrogate pair"),
        (#""\ude00""#, "invalid \u{5C}u escape"),
        (#""\x""#, "invalid escape"),
        (#""\u12G4""#, "invalid hex digit"),
        ("\"a\nb\"", "control character"),
        (#""abc"#, "unterminated string"),
    ])
    func badStrings(text: String, fragment: String) {
        let error = Self.error(text)
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("{\"a\": 1,\n  \"b\" 2}", "line 2, column 7", "expected ':'"),
        ("[1, 2,]", "line 1, column 7", "expected a value"),
        ("{\"a\": tru}", "line 1, column 10", "expected 'true'"),
        ("[1 2]", "line 1, column 4", "expected ',' or ']'"),
        ("{\"a\": 1 \"b\": 2}", "line 1, column 9", "expected ',' or '}'"),
        ("{a: 1}", "line 1, column 2", "member name"),
        ("01", "line 1, column 2", "unexpected text after"),
        ("1.", "line 1, column 3", "digit after '.'"),
        ("1e", "line 1, column 3", "exponent"),
        ("-", "line 1, column 2", "expected a digit"),
        ("", "line 1, column 1", "unexpected end of input"),
        ("\n\n  @", "line 3, column 3", "unexpected character '@'"),
        ("1e999", "line 1, column 6", "out of range"),
        ("NaN", "line 1, column 1", "unexpected character"),
        // Columns count characters, not UTF-8 bytes.
        ("[\"éé😀\", x]", "line 1, column 9", "unexpected character 'x'"),
        ("{\"a\": 1, \"a\": 2}", "line 1, column 10", "appears twice"),
    ])
    func syntaxErrorsHaveLineAndColumn(text: String, location: String, fragment: String) {
        let error = Self.error(text)
        #expect(error?.location == location, "\(String(describing: error))")
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func trailingTextRejected() {
        #expect(Self.error(#"{"a": 1} {"b": 2}"#)?.message.contains("after the JSON value") == true)
        #expect(Self.error("[] x")?.location == "line 1, column 4")
        #expect(Self.error("true false") != nil)
    }

    @Test func deepNestingRejected() throws {
        let ok = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.error(deep)?.message.contains("nested deeper") == true)
        let deepObjects = String(repeating: #"{"a":"#, count: 300) + "1" + String(repeating: "}", count: 300)
        #expect(Self.error(deepObjects)?.message.contains("nested deeper") == true)
    }
}
