/// The one grammar every numeric option value follows (flags, fault shorthands, `--vary`
/// values, SLO bounds): plain decimal notation, as people write numbers in a shell.
///
/// Accepted: an optional `-`, digits with an optional fraction (`5`, `0.25`, `.5`, `5.`),
/// and an optional exponent (`1e6`, `2.5E-3`). Refused: surrounding spaces (`' 5'`), a
/// leading `+`, hexadecimal (`0x10`), `inf`, `nan`, digit separators and anything else
/// Swift's `Double(_:)` would also take. A value that is out of range for its option is
/// the caller's business; this type only decides what is a number.
public enum NumberText {
    /// `text` as a finite `Double`, or nil when it is not a plain decimal number (or its
    /// magnitude overflows to infinity, e.g. `1e400`).
    public static func decimal(_ text: String) -> Double? {
        guard isDecimal(text), let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `text` as an `Int`: an optional `-` and digits only (no fraction, no exponent), or
    /// nil, also when it does not fit in 64 bits.
    public static func integer(_ text: String) -> Int? {
        guard isInteger(text) else { return nil }
        return Int(text)
    }

    /// `text` as a `UInt64`: digits only, or nil (also when it does not fit).
    public static func unsigned(_ text: String) -> UInt64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return UInt64(text)
    }

    /// Whether `text` is `-?digits` with at least one digit.
    static func isInteger(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether `text` matches `-?(D+(.D*)?|.D+)([eE][+-]?D+)?`, checked byte by byte.
    static func isDecimal(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        var mantissaDigits = digits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
