import Testing

@testable import GeoSim

@Suite struct JSONWriterTests {
    @Test func keysSortedByUTF8BytesAtEveryDepth() {
        let value = JSONValue.object([
            ("zeta", .number(1)),
            ("Zeta", .number(2)),
            ("alpha", .object([("b", .bool(true)), ("a", .array([.object([("y", .null), ("x", .null)])]))])),
            ("é", .number(3)),
            ("a_b", .number(4)),
            // Canonically equivalent to "é" as a Swift String, but sorts by its bytes.
            ("e\u{301}", .number(6)),
            ("aB", .number(5)),
        ])
        // Bytes: "Z" 0x5A < "a" 0x61; "aB" (0x42) < "a_b" (0x5F) < "alpha" < "e\u{301}" (0x65 0xCC 0x81)
        // < "zeta" < "é" (0xC3 0xA9): Swift's String `<` would tie the last two spellings of é.
        #expect(
            JSONWriter.string(value, pretty: false)
                == #"{"Zeta":2,"aB":5,"a_b":4,"alpha":{"a":[{"x":null,"y":null}],"b":true},"e\#u{301}":6,"zeta":1,"é":3}"#)
    }

    @Test func sortingIgnoresMemberOrder() {
        let one = JSONValue.object([("b", .number(1)), ("a", .object([("d", .number(2)), ("c", .number(3))]))])
        let two = JSONValue.object([("a", .object([("c", .number(3)), ("d", .number(2))])), ("b", .number(1))])
        #expect(JSONWriter.string(one) == JSONWriter.string(two))
        #expect(JSONWriter.string(one, pretty: false) == JSONWriter.string(two, pretty: false))
    }

    @Test(arguments: [
        (12.0, "12"), (-3.0, "-3"), (0.0, "0"), (-0.0, "0"), (0.5, "0.5"), (0.1, "0.1"),
        (1e-5, "0.00001"), (1.2345e-5, "0.000012345"), (1e-6, "0.000001"), (1e-7, "1e-07"),
        (123456789012345.6, "123456789012345.6"), (1e15, "1000000000000000"),
        (9007199254740992.0, "9007199254740992.0"), (1e16, "1e+16"), (1e300, "1e+300"),
        (-2.5e-6, "-0.0000025"), (12345678.9, "12345678.9"), (0.1 + 0.2, "0.30000000000000004"),
        (Double.nan, "null"), (Double.infinity, "null"), (-Double.infinity, "null"),
    ])
    func numberFormats(number: Double, text: String) {
        #expect(JSONWriter.string(.number(number)) == text)
    }

    @Test func rounding() {
        #expect(JSONWriter.string(.rounded(0.1 + 0.2, decimals: 3)) == "0.3")
        #expect(JSONWriter.string(.rounded(1.0005, decimals: 3)) == "1.001")
        #expect(JSONWriter.string(.rounded(-1.0005, decimals: 3)) == "-1.001")
        #expect(JSONWriter.string(.rounded(2.675, decimals: 2)) == "2.68")
        #expect(JSONWriter.string(.rounded(0.0004, decimals: 3)) == "0")
        #expect(JSONWriter.string(.rounded(0.0005, decimals: 3)) == "0.001")
        #expect(JSONWriter.string(.rounded(0.00004, decimals: 3)) == "0")
        #expect(JSONWriter.string(.rounded(9.9996, decimals: 3)) == "10")
        #expect(JSONWriter.string(.rounded(123.4567, decimals: 0)) == "123")
        #expect(JSONWriter.string(.rounded(2.5, decimals: 0)) == "3")
        #expect(JSONWriter.string(.rounded(1.25, decimals: 5)) == "1.25")
        #expect(JSONWriter.string(.rounded(1e20, decimals: 3)) == "1e+20")
        #expect(JSONWriter.string(.rounded(.nan, decimals: 3)) == "null")
        #expect(JSONWriter.string(.rounded(12.3456789, decimals: 3)) == "12.346")
    }

    @Test func stringEscaping() {
        let text = "q\" b\\ s/ \n\t\r\u{08}\u{0C}\u{01}\u{1F} é 😀"
        #expect(JSONWriter.string(.string(text)) == #""q\" b\\ s/ \n\t\r\b\f\u0001\u001f é 😀""#)
        #expect(JSONWriter.string(.object([("a\"b", .string(""))]), pretty: false) == #"{"a\"b":""}"#)
    }

    @Test func prettyLayout() {
        let value = JSONValue.object([
            ("list", .array([.string("x"), .object([])])),
            ("numbers", .array([.number(1), .number(2.5)])),
            ("empty", .array([])),
            ("nested", .object([("k", .bool(false))])),
        ])
        let expected = """
            {
              "empty": [],
              "list": [
                "x",
                {}
              ],
              "nested": {
                "k": false
              },
              "numbers": [1, 2.5]
            }
            """
        #expect(JSONWriter.string(value) == expected)
        #expect(JSONWriter.string(value, pretty: false) == #"{"empty":[],"list":["x",{}],"nested":{"k":false},"numbers":[1,2.5]}"#)
    }

    /// The value with every object's members sorted, for comparing modulo key order.
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(canonical))
        case .object(let members):
            return .object(
                members.map { ($0.key, canonical($0.value)) }
                    .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
        default: return value
        }
    }

    @Test func roundTripsThroughParser() throws {
        var random = RandomStream(seed: 3, component: "json-writer-test")
        var numbers: [JSONValue] = [.number(1e-7), .number(.leastNonzeroMagnitude), .number(1.7976931348623157e308), .number(-0.000123)]
        for _ in 0..<200 {
            let magnitude = _exp((random.nextUnit() - 0.5) * 80)
            numbers.append(.number(random.nextUnit() < 0.5 ? magnitude : -magnitude))
        }
        let value = JSONValue.object([
            ("z", .array(numbers)),
            ("strings", .array([.string("a\u{0}b\u{7F}c"), .string("line\nbreak"), .string("𝄞 \\ \"")])),
            ("nested", .object([("b", .object([("y", .null), ("x", .bool(true))])), ("a", .array([]))])),
            ("empty", .object([])),
        ])
        for pretty in [true, false] {
            let parsed = try JSONParser.parse(JSONWriter.string(value, pretty: pretty))
            #expect(parsed == Self.canonical(value))
        }
    }
}
