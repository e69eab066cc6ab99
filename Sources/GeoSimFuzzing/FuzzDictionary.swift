/// Tokens the mutator inserts: syntax characters, hostile numbers, separators of the
/// flag grammars, unusual Unicode, plus words lifted from the corpus (region names, field
/// names, units) so mutations stay near valid input.
public enum FuzzDictionary {
    /// Tokens that break parsers in general.
    public static let interesting: [String] = [
        "\"", "{", "}", "[", "]", ":", ",", "\\", "\\\"", "\\u", "\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00",
        "1e309", "-1e309", "1e-400", "-0", "-0.0", "0", "1", "-1", "0.5", "1.5", "NaN", "nan", "-nan", "inf", "-inf",
        "Infinity", "1e18", "9.2e18", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "18446744073709551615", "18446744073709551616", "4294967296", "1e100", "1e-7", "0x10", "0b1", "1_000",
        "00", "01", ".5", "5.", "1e", "1e+", "+1", "--1", "1..2", "..", "...", "@", "@@", "->", "<-", "|", "||", "-",
        "+", "x", "X", "x0", "x1e308", "=", "==", ",drift=", "drift=0.4999", "/", "//", " ", "  ", "\t", "\n", "\r\n",
        "\u{0}", "\u{7F}", "é", "µs", "μs", "🦀", "e\u{301}", "\u{200B}", "\u{FEFF}", "\u{202E}", "\u{10FFFF}",
        "ﬀ", "İ", "ß", "null", "true", "false", "[]", "{}", "[[", "]]", "{\"\":", "\"\"", "ns", "us", "ms", "s", "m",
        "h", "d", "1ms", "0s", "0ns", "-5ms", "+5ms", "99999999999h", "2562047h", "2562048h", "153722867m",
        "9223372036s", "9223372037s", "1e18ns", "1e-9s", "0.0000001ns", "--", "-h", "--help", "--version", "=",
        "--topology", "--scenario", "--faults", "/dev/null", "/dev/zero", "topologies/", ".json", "/", "\u{0}.json",
    ]

    /// Words of the corpus worth reusing: every double-quoted string, and every run of
    /// letters, digits, `-`, `_`, `/` and `.` of length 2…40, sorted and unique.
    public static func words(from corpus: [[UInt8]]) -> [String] {
        var found = Set<String>()
        for entry in corpus {
            var current: [UInt8] = []
            var inQuotes = false
            var quoted: [UInt8] = []
            func flush() {
                if current.count >= 2 && current.count <= 40 { found.insert(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            }
            for byte in entry {
                if byte == UInt8(ascii: "\"") {
                    if inQuotes, quoted.count <= 40 { found.insert("\"" + String(decoding: quoted, as: UTF8.self) + "\"") }
                    inQuotes.toggle()
                    quoted.removeAll(keepingCapacity: true)
                } else if inQuotes {
                    quoted.append(byte)
                }
                let isWordByte =
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "/")
                    || byte == UInt8(ascii: ".")
                if isWordByte { current.append(byte) } else { flush() }
            }
            flush()
        }
        return found.sorted()
    }
}
