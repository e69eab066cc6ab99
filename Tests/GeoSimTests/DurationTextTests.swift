import Testing

@testable import GeoSim

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("1ns", Int64(1)), ("250us", 250_000), ("250µs", 250_000), ("150ms", 150_000_000), ("3s", 3_000_000_000),
        ("2m", 120_000_000_000), ("1h", 3_600_000_000_000), ("0ms", 0), ("0s", 0),
        ("1.5s", 1_500_000_000), ("0.235ms", 235_000), (".5ms", 500_000), ("1e3ms", 1_000_000_000),
        ("0.0004ns", 0), ("1.6ns", 2),
    ])
    func parsesUnitsAndDecimals(text: String, nanoseconds: Int64) throws {
        #expect(try DurationText.parse(text) == nanoseconds)
    }

    @Test(arguments: ["5", "0", "1.5", "12", "-3"])
    func bareNumberIsMissingUnit(text: String) {
        #expect(throws: DurationText.ParseError.missingUnit(text)) { try DurationText.parse(text) }
    }

    /// Durations follow `NumberText`: no surrounding spaces, no leading `+`, no hex.
    @Test(arguments: [" 5ms ", " 5ms", "5ms ", "+2s", " 12 ", "0x10ms", "0x1p3s", "+5"])
    func otherNumberSpellingsAreMalformed(text: String) {
        #expect(throws: DurationText.ParseError.malformed(text)) { try DurationText.parse(text) }
    }

    @Test(arguments: ["-5ms", "-0.1s", "-1h"])
    func negativesRejected(text: String) {
        #expect(throws: DurationText.ParseError.negative(text)) { try DurationText.parse(text) }
    }

    @Test(arguments: ["", "ms", "5 ms", "5msx", "5sec", "five ms", "5..0ms", "infms", "1e400s", "5MS", "abc", "s5", "nan", "inf"])
    func malformedRejected(text: String) {
        #expect(throws: DurationText.ParseError.malformed(text)) { try DurationText.parse(text) }
    }

    @Test func tooLarge() {
        #expect(throws: DurationText.ParseError.tooLarge("10000000h")) { try DurationText.parse("10000000h") }
    }

    @Test func messagesAreSentences() {
        #expect(DurationText.ParseError.missingUnit("5").description.contains("5ms"))
        #expect(DurationText.ParseError.negative("-5ms").description.contains("zero or more"))
    }

    @Test(arguments: [
        (Int64(0), "0ns"), (999, "999ns"), (1_000, "1us"), (1_500, "1.5us"), (150_000_000, "150ms"),
        (1_500_000_000, "1.5s"), (60_000_000_000, "1m"), (3_600_000_000_000, "1h"), (1_234_567, "1.235ms"),
        (1_999_999_999, "2s"), (-150_000_000, "-150ms"),
    ])
    func formats(nanoseconds: Int64, text: String) {
        #expect(DurationText.format(nanoseconds) == text)
    }

    @Test func formatParsesBack() throws {
        for value: Int64 in [1, 999, 1_000, 250_000, 150_000_000, 3_000_000_000, 120_000_000_000, 7_200_000_000_000] {
            #expect(try DurationText.parse(DurationText.format(value)) == value)
        }
    }
}
