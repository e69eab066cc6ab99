/// The range form of a sweep axis, `LOW..HIGH:K`: K evenly spaced values from LOW to HIGH,
/// both ends included, written as a person would (`2000`, not `2000.0`). LOW and HIGH are
/// decimal numbers that may share a unit suffix (`10s..30s:3`, `0.1..0.5:5`); `plan`
/// writes its search range the same way without `:K`.
enum SweepRange {
    /// The most values one range may give.
    static let maximumCount = 10_000

    /// The values of `text` (`LOW..HIGH:K`) for axis `name`; `option` is the whole
    /// `--vary` text, for errors.
    static func values(_ text: String, name: String, option: String) throws(UsageError) -> [String] {
        let example = "--vary \(name)=1000..4000:4 (four values, ends included), or a list: --vary \(name)=1000,2000,3000,4000."
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw UsageError("Invalid --vary '\(option)': a range needs a count of values, LOW..HIGH:K.", hint: "For example: \(example)")
        }
        guard let count = NumberText.integer(String(parts[1]).trimmingSpaces), count >= 2, count <= maximumCount else {
            throw UsageError(
                "Invalid --vary '\(option)': the count after ':' must be a whole number from 2 to \(maximumCount).", hint: "For example: \(example)")
        }
        let bounds = parts[0].components(separatedBy: "..")
        guard bounds.count == 2, let low = split(bounds[0]), let high = split(bounds[1]), low.unit == high.unit, low.number < high.number
        else {
            throw UsageError(
                "Invalid --vary '\(option)': expected LOW..HIGH:K with numbers LOW < HIGH (in the same unit, if any).", hint: "For example: \(example)")
        }
        let step = (high.number - low.number) / Double(count - 1)
        return (0..<count).map { index in
            // The last value is HIGH exactly, not LOW + (K−1)·step with its rounding.
            let value = index == count - 1 ? high.number : low.number + Double(index) * step
            return SweepRange.text(value) + low.unit
        }
    }

    /// A bound as a number and its unit suffix (letters after the number, possibly none).
    static func split(_ text: String) -> (number: Double, unit: String)? {
        let trimmed = text.trimmingSpaces
        let unit = String(trimmed.reversed().prefix { $0.isLetter }.reversed())
        let digits = String(trimmed.dropLast(unit.count))
        guard let number = NumberText.decimal(digits), number.isFinite else { return nil }
        return (number, unit)
    }

    /// `value` in its shortest decimal form, rounded to 9 decimals first so that steps such
    /// as 0.1 do not print as 0.30000000000000004.
    static func text(_ value: Double) -> String {
        if case .number(let rounded) = JSONValue.rounded(value, decimals: 9) { return JSONWriter.format(rounded) }
        return JSONWriter.format(value)
    }
}
