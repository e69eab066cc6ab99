/// Reads and writes durations as text with a unit: `250us`, `150ms`, `3s`, `2m`, `1h`.
///
/// A bare number is rejected rather than guessed at: "5" could mean 5 ms or 5 s, and a
/// wrong guess silently changes every figure of a run by a factor of a thousand.
public enum DurationText {
    /// The units accepted, longest suffix first so that `ms` is not read as `m` + `s`.
    static let units: [(suffix: String, nanoseconds: Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// The longest duration accepted: 2562047 h (about 292 years), the whole hours below
    /// `Int64.max` ns. Durations at most this long format (`format`) as text that parses
    /// back, which a limit closer to `Int64.max` would not guarantee (the formatter rounds).
    public static let maximum: Nanoseconds = 2_562_047 * 3_600_000_000_000

    /// Why a text is not a duration; `description` is a sentence for the user.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case missingUnit(String)
        case malformed(String)
        case negative(String)
        case tooLarge(String)

        public var description: String {
            switch self {
            case .missingUnit(let text):
                let short = text.excerpt()
                return "'\(short)' has no unit; write a duration with a unit such as \(short)ms or \(short)s"
            case .malformed(let text):
                return "'\(text.excerpt())' is not a duration; expected a number and a unit (ns, us, ms, s, m, h), e.g. 150ms"
            case .negative(let text):
                return "'\(text.excerpt())' is negative; a duration must be zero or more"
            case .tooLarge(let text):
                return "'\(text.excerpt())' is too large for a duration (at most 2562047h, about 292 years)"
            }
        }
    }

    /// Parses `text` (for example `1.5s`) into nanoseconds, rounded to the nearest nanosecond.
    /// The number follows `NumberText` (plain decimal, no sign but `-`, no hex) and the
    /// text has no surrounding spaces, as every numeric value geosim reads.
    public static func parse(_ text: String) throws(ParseError) -> Nanoseconds {
        guard !text.isEmpty, text.trimmingSpaces == text else { throw .malformed(text) }
        if NumberText.decimal(text) != nil { throw .missingUnit(text) }
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let number = NumberText.decimal(String(text.dropLast(unit.suffix.count))) else { throw .malformed(text) }
            if number < 0 { throw .negative(text) }
            let value = (number * unit.nanoseconds).rounded()
            guard value <= Double(maximum) else { throw .tooLarge(text) }
            return Int64(value)
        }
        throw .malformed(text)
    }

    /// Formats a duration compactly with the largest unit that keeps it readable:
    /// `150ms`, `1.5s`, `250us`. Exact for whole units; otherwise up to three decimals.
    public static func format(_ duration: Nanoseconds) -> String {
        let magnitude = duration.magnitude
        let sign = duration < 0 ? "-" : ""
        let (unitValue, suffix): (UInt64, String)
        switch magnitude {
        case 3_600_000_000_000...: (unitValue, suffix) = (3_600_000_000_000, "h")
        case 60_000_000_000...: (unitValue, suffix) = (60_000_000_000, "m")
        case 1_000_000_000...: (unitValue, suffix) = (1_000_000_000, "s")
        case 1_000_000...: (unitValue, suffix) = (1_000_000, "ms")
        case 1_000...: (unitValue, suffix) = (1_000, "us")
        default: (unitValue, suffix) = (1, "ns")
        }
        let whole = magnitude / unitValue
        let remainder = magnitude % unitValue
        if remainder == 0 { return "\(sign)\(whole)\(suffix)" }
        // Three decimals, trailing zeros dropped.
        let thousandths = (remainder * 1000 + unitValue / 2) / unitValue
        if thousandths == 1000 { return "\(sign)\(whole + 1)\(suffix)" }
        var fraction = String(thousandths)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(sign)\(whole)\(suffix)" : "\(sign)\(whole).\(fraction)\(suffix)"
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
