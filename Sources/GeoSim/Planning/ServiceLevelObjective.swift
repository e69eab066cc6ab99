/// A service-level objective `geosim plan` searches against:
///
/// - `p50|p90|p99|p999 write|read < DURATION` (also `p99.9`, `writes`/`reads`, `<=`),
///   a latency percentile of the operations that ended ok, e.g. `p99 write < 250ms`;
/// - `availability [write|read] > FRACTION` (also `>=`, or a percentage `99.9%`): the share
///   of operations (all, writes or reads) that ended ok, e.g. `availability > 0.999`.
///
/// Words are case-insensitive; spaces around the operator are optional.
public struct ServiceLevelObjective: Sendable, Equatable {
    /// The text as the user wrote it (quoted in messages and reports).
    public var text: String
    /// The `SweepMetrics` name it judges: `writes_p99_ms`, `availability_reads`.
    public var metric: String
    /// The bound, in the metric's unit (ms for latencies, a fraction for availability).
    public var bound: Double
    /// True for an upper bound (`<`, latencies), false for a lower bound (`>`).
    public var isUpperBound: Bool
    /// True when equality meets it (`<=`, `>=`).
    public var allowsEqual: Bool

    /// Whether `value` meets the objective; nil (no figure, e.g. no write ended ok) does not.
    public func isMet(by value: Double?) -> Bool {
        guard let value, value.isFinite else { return false }
        if isUpperBound { return allowsEqual ? value <= bound : value < bound }
        return allowsEqual ? value >= bound : value > bound
    }

    /// Parses one `--slo` text.
    public static func parse(_ text: String) throws(UsageError) -> ServiceLevelObjective {
        func malformed(_ why: String) -> UsageError {
            UsageError(
                "Malformed SLO '\(text)': \(why).",
                hint: "Write 'p99 write < 250ms' (p50|p90|p99|p999, write|read) or 'availability [write|read] > 0.999'.")
        }
        // Spaces around the operator, then words.
        var spaced = ""
        for character in text.lowercased() {
            if character == "<" || character == ">" { spaced += " \(character)" } else if character == "=" { spaced += "= " } else { spaced.append(character) }
        }
        var words = spaced.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let operatorIndex = words.firstIndex(where: { $0 == "<" || $0 == ">" || $0 == "<=" || $0 == ">=" }) else {
            throw malformed("no comparison ('<' or '>')")
        }
        let comparison = words[operatorIndex]
        let subject = Array(words[..<operatorIndex])
        words.removeFirst(operatorIndex + 1)
        guard words.count == 1, let boundText = words.first else {
            throw malformed(words.isEmpty ? "no bound after '\(comparison)'" : "expected one bound after '\(comparison)'")
        }
        let upper = comparison.hasPrefix("<")
        let allowsEqual = comparison.hasSuffix("=")
        func kind(_ word: String) -> String? {
            switch word {
            case "write", "writes": return "writes"
            case "read", "reads": return "reads"
            default: return nil
            }
        }
        guard let head = subject.first else { throw malformed("nothing before '\(comparison)'") }
        if head == "availability" {
            guard !upper else { throw malformed("availability takes a lower bound ('>')") }
            var metric = "availability"
            if subject.count == 2 {
                guard let which = kind(subject[1]) else { throw malformed("expected write or read after availability, got '\(subject[1])'") }
                metric += "_" + which
            } else if subject.count > 2 {
                throw malformed("expected 'availability [write|read]'")
            }
            var number = boundText
            var divisor = 1.0
            if number.hasSuffix("%") {
                number.removeLast()
                divisor = 100
            }
            guard let value = NumberText.decimal(number) else { throw malformed("'\(boundText)' is not a fraction") }
            // Rounded on decimal digits, so that 99.9% is exactly the Double 0.999.
            let fraction = divisor == 1 ? value : SweepMetrics.rounded(value / divisor, 12)
            guard fraction >= 0, fraction <= 1 else { throw malformed("availability is a fraction from 0 to 1 (or a percentage)") }
            return ServiceLevelObjective(text: text, metric: metric, bound: fraction, isUpperBound: false, allowsEqual: allowsEqual)
        }
        let percentiles = ["p50": "p50", "p90": "p90", "p99": "p99", "p999": "p999", "p99.9": "p999"]
            .sorted { $0.key < $1.key }
        guard let percentile = percentiles.first(where: { $0.key == head })?.value else {
            throw malformed("'\(head)' is not p50, p90, p99, p999 or availability")
        }
        guard subject.count == 2, let which = kind(subject[1]) else {
            throw malformed("expected write or read after \(head)")
        }
        guard upper else { throw malformed("a latency takes an upper bound ('<')") }
        let nanoseconds: Nanoseconds
        do {
            nanoseconds = try DurationText.parse(boundText)
        } catch {
            throw malformed("'\(boundText)' is not a duration with a unit (250ms, 1s)")
        }
        guard nanoseconds > 0 else { throw malformed("the bound must be greater than zero") }
        return ServiceLevelObjective(
            text: text, metric: "\(which)_\(percentile)_ms", bound: Double(nanoseconds) / 1e6,
            isUpperBound: true, allowsEqual: allowsEqual)
    }
}
