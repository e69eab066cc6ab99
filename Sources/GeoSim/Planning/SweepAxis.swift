/// One `--vary NAME=V1,V2,...` of a sweep: a run flag (named without its dashes) and the
/// values it takes, in the order given; or `NAME=LOW..HIGH:K`, the range form `plan` takes
/// with a count of K evenly spaced values from LOW to HIGH, both included
/// (`rate=1000..4000:4` is 1000,2000,3000,4000; `duration=10s..30s:3` keeps the unit). Values are kept as text, exactly as the user wrote
/// them, and applied with `ScenarioSettings.apply(flag:value:)`.
public struct SweepAxis: Sendable, Equatable {
    /// The run flag without dashes: `rate`, `leader`, `write-fraction`.
    public var name: String
    /// The values, in the order given (duplicates kept: they are distinct points).
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// The flag as `ScenarioSettings.apply` takes it: `--rate`.
    public var flag: String { "--" + name }

    /// Parses `NAME=V1,V2,...` (the `--vary` text). Checks the shape only; whether NAME is
    /// a run flag and the values valid is the caller's business.
    public static func parse(_ text: String) throws(UsageError) -> SweepAxis {
        guard let equals = text.firstIndex(of: "=") else {
            throw UsageError(
                "Invalid --vary '\(text)': expected NAME=V1,V2,...",
                hint: "For example: --vary rate=500,1000,2000.")
        }
        var name = String(text[..<equals]).trimmingSpaces
        while name.hasPrefix("-") { name.removeFirst() }
        let valueText = String(text[text.index(after: equals)...]).trimmingSpaces
        guard !name.isEmpty else {
            throw UsageError("Invalid --vary '\(text)': the flag name is missing.", hint: "For example: --vary rate=500,1000,2000.")
        }
        if valueText.contains(".."), !valueText.contains(",") {
            return SweepAxis(name: name, values: try SweepRange.values(valueText, name: name, option: text))
        }
        let values = valueText.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard !values.isEmpty, !values.contains(where: \.isEmpty) else {
            throw UsageError("Invalid --vary '\(text)': a value is empty.", hint: "Separate values with commas: --vary \(name)=V1,V2.")
        }
        return SweepAxis(name: name, values: values)
    }
}
