/// Writes `JSONValue`s as text that is byte-for-byte the same for the same value, on every
/// machine: the form reports are compared and diffed in.
///
/// - Object members are sorted by the UTF-8 bytes of their keys (ascending) at every
///   level, whatever their order in the value. Members with equal keys keep their order.
/// - Numbers: non-finite values print `null` (JSON has no NaN or infinity). Integral values
///   of magnitude below 2^53 print as integers (`12`, never `12.0`). Other values print the
///   shortest digits that read back as the same `Double` (Swift's `description`), written
///   as a plain decimal (`0.000012`, `123456.75`) when the magnitude is in [1e-6, 1e15),
///   and in exponent form (`1e-07`, `1e+16`) outside it, where plain digits would be long.
/// - Strings are escaped per RFC 8259: `"` and `\` with a backslash; backspace, form feed,
///   newline, carriage return and tab as `\b \f \n \r \t`; other control characters
///   below U+0020 as `\u00xx` (lowercase hex). Everything else is written as UTF-8.
/// - Pretty form: two spaces per level, `"key": value`, one member or element per line,
///   except that an array holding only numbers is written on one line (`[1, 2.5, 3]`),
///   which keeps series such as histogram bounds readable. Empty arrays and objects are
///   `[]` and `{}`. No trailing newline in either form.
public enum JSONWriter {
    /// The text of `value`; `pretty` selects the indented form, otherwise the compact
    /// form without any spaces.
    public static func string(_ value: JSONValue, pretty: Bool = true) -> String {
        // Built as UTF-8 bytes: appending bytes is several times faster than appending
        // to a String, and every escape JSON needs is a single ASCII byte.
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        write(value, pretty: pretty, indent: 0, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, pretty: Bool, indent: Int, into output: inout [UInt8]) {
        switch value {
        case .null:
            output += "null".utf8
        case .bool(let flag):
            output += (flag ? "true" : "false").utf8
        case .number(let number):
            output += format(number).utf8
        case .string(let text):
            writeString(text, into: &output)
        case .array(let elements):
            guard !elements.isEmpty else {
                output += "[]".utf8
                return
            }
            let allNumbers = elements.allSatisfy { if case .number = $0 { true } else { false } }
            if !pretty || allNumbers {
                output.append(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { output += (pretty ? ", " : ",").utf8 }
                    write(element, pretty: pretty, indent: indent + 1, into: &output)
                }
                output.append(UInt8(ascii: "]"))
                return
            }
            output += "[\n".utf8
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ",\n".utf8 }
                appendIndent(indent + 1, into: &output)
                write(element, pretty: pretty, indent: indent + 1, into: &output)
            }
            output.append(UInt8(ascii: "\n"))
            appendIndent(indent, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}".utf8
                return
            }
            output += (pretty ? "{\n" : "{").utf8
            for (position, index) in sortedMemberIndices(members).enumerated() {
                if position > 0 { output += (pretty ? ",\n" : ",").utf8 }
                if pretty { appendIndent(indent + 1, into: &output) }
                writeString(members[index].key, into: &output)
                output += (pretty ? ": " : ":").utf8
                write(members[index].value, pretty: pretty, indent: indent + 1, into: &output)
            }
            if pretty {
                output.append(UInt8(ascii: "\n"))
                appendIndent(indent, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Member positions in key order (UTF-8 bytes), ties by position: an explicit
    /// tie-break, because `sort` does not promise stability.
    private static func sortedMemberIndices(_ members: [(key: String, value: JSONValue)]) -> [Int] {
        let keys = members.map { Array($0.key.utf8) }
        return keys.indices.sorted { left, right in
            if keys[left] == keys[right] { return left < right }
            return keys[left].lexicographicallyPrecedes(keys[right])
        }
    }

    private static func appendIndent(_ level: Int, into output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Every byte that needs escaping is ASCII, and in UTF-8 ASCII bytes never occur
        // inside a multi-byte sequence, so escaping byte by byte is exact.
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += "\\\"".utf8
            case UInt8(ascii: "\\"): output += "\\\\".utf8
            case 0x08: output += "\\b".utf8
            case 0x0C: output += "\\f".utf8
            case 0x0A: output += "\\n".utf8
            case 0x0D: output += "\\r".utf8
            case 0x09: output += "\\t".utf8
            case 0x00..<0x20:
                // Lowercase hex; the high digit is 0 or 1.
                let low = byte & 0xF
                output += "\\u00".utf8
                output.append(UInt8(ascii: "0") + (byte >> 4))
                output.append(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The deterministic text of one number (see the type's note).
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        let magnitude = number.magnitude
        if number == number.rounded(), magnitude < 0x1.0p53 { return String(Int64(number)) }
        let text = number.description
        // Swift switches to exponent form below 1e-4 (and from 2^53 up); only those
        // inside [1e-6, 1e15) are rewritten as plain digits.
        guard magnitude >= 1e-6, magnitude < 1e15, text.utf8.contains(UInt8(ascii: "e")),
            let decimal = DecimalDigits(number)
        else { return text }
        return decimal.plainText
    }

    /// The shortest round-trip decimal digits of a finite `Double`: value = ±0.d₁d₂…dₙ × 10^pointPosition,
    /// d₁ ≠ 0 (no digits for zero). Read from Swift's `description`, whose digits are the
    /// shortest that parse back to the same `Double`.
    struct DecimalDigits {
        var isNegative: Bool
        /// ASCII digits without leading or trailing zeros.
        var digits: [UInt8]
        var pointPosition: Int

        init?(_ number: Double) {
            guard number.isFinite else { return nil }
            var text = Substring(number.description)
            isNegative = text.hasPrefix("-")
            if isNegative { text = text.dropFirst() }
            var exponent = 0
            if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                guard let value = Int(text[text.index(after: e)...].drop(while: { $0 == "+" })) else { return nil }
                exponent = value
                text = text[..<e]
            }
            var digits: [UInt8] = []
            var integerDigitCount: Int?
            for byte in text.utf8 {
                if byte == UInt8(ascii: ".") {
                    integerDigitCount = digits.count
                } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    digits.append(byte)
                } else {
                    return nil
                }
            }
            var point = (integerDigitCount ?? digits.count) + exponent
            let leadingZeros = digits.prefix(while: { $0 == UInt8(ascii: "0") }).count
            digits.removeFirst(leadingZeros)
            point -= leadingZeros
            while digits.last == UInt8(ascii: "0") { digits.removeLast() }
            if digits.isEmpty { point = 0 }
            self.digits = digits
            self.pointPosition = point
        }

        /// The digits as a plain decimal without exponent: `0.00012`, `1234.5`, `-7`.
        var plainText: String {
            var bytes: [UInt8] = isNegative ? [UInt8(ascii: "-")] : []
            let zero = UInt8(ascii: "0")
            if digits.isEmpty {
                bytes = [zero]
            } else if pointPosition <= 0 {
                bytes += [zero, UInt8(ascii: ".")]
                bytes += Array(repeating: zero, count: -pointPosition)
                bytes += digits
            } else if pointPosition >= digits.count {
                bytes += digits
                bytes += Array(repeating: zero, count: pointPosition - digits.count)
            } else {
                bytes += digits[..<pointPosition]
                bytes.append(UInt8(ascii: "."))
                bytes += digits[pointPosition...]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension JSONValue {
    /// `x` rounded half away from zero to `decimals` places (clamped to 0...17), as a number: for
    /// report figures such as milliseconds with 3 decimals.
    ///
    /// Rounding works on the shortest decimal digits of `x` (what it prints as), not on its
    /// binary expansion, so a figure that prints `1.0005` rounds to `1.001` and
    /// `0.1 + 0.2` (0.30000000000000004) to `0.3`; the result is the `Double` nearest to
    /// the rounded decimal, so it prints with at most `decimals` places. Non-finite
    /// values pass through (and are written as null).
    public static func rounded(_ x: Double, decimals: Int) -> JSONValue {
        let places = Swift.min(Swift.max(decimals, 0), 17)
        guard x.isFinite, x != 0, let decimal = JSONWriter.DecimalDigits(x) else { return .number(x) }
        let keep = decimal.pointPosition + places
        guard keep < decimal.digits.count else { return .number(x) }
        guard keep >= 0 else { return .number(0) }
        // At most 17 significant digits are kept, so the integer fits in a UInt64.
        var scaled: UInt64 = 0
        for digit in decimal.digits[..<keep] { scaled = scaled * 10 + UInt64(digit - UInt8(ascii: "0")) }
        if decimal.digits[keep] >= UInt8(ascii: "5") { scaled += 1 }
        guard scaled > 0 else { return .number(0) }
        let text = (decimal.isNegative ? "-" : "") + "\(scaled)e-\(places)"
        return .number(Double(text) ?? x)
    }
}
