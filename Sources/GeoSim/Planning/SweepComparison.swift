/// A sweep's results as figures to compare (`geosim diff` of two `sweep --out` folders):
/// per point (its axis values) and metric, the mean over the replicates and its 95%
/// confidence half-width, from the exact per-replicate values of `rows.jsonl`.
public enum SweepComparison {
    /// Fields of a row that are not metrics.
    static let bookkeeping: Set<String> = ["point", "replicate", "seed", "vary"]

    /// The figures of `text` (a rows.jsonl), named `rate=100 writes_p99_ms`, points in
    /// order of first appearance and metrics in row order. Errors name `file` and the line.
    public static func figures(rowsJSONL text: String, file: String) throws(InputError) -> [(name: String, value: Double?, ci: Double?)] {
        var points: [String] = []
        var metrics: [String] = []
        var values: [String: [String: [Double]]] = [:]
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let row: JSONValue
            do { row = try JSONParser.parse(String(line)) } catch {
                throw InputError(file: file, location: "line \(offset + 1)", message: "not a sweep row: \(error.message)")
            }
            guard case .object(let members) = row, case .object(let vary)? = row["vary"] else {
                throw InputError(file: file, location: "line \(offset + 1)", message: "expected a sweep row with a \"vary\" object")
            }
            let point = vary.map { member in
                if case .string(let text) = member.value { return "\(member.key)=\(text)" }
                return "\(member.key)=?"
            }.joined(separator: " ")
            if values[point] == nil {
                points.append(point)
                values[point] = [:]
            }
            for member in members where !bookkeeping.contains(member.key) {
                if !metrics.contains(member.key) { metrics.append(member.key) }
                if case .number(let number) = member.value { values[point, default: [:]][member.key, default: []].append(number) }
            }
        }
        var figures: [(name: String, value: Double?, ci: Double?)] = []
        for point in points {
            for metric in metrics {
                let statistic = SweepSummary.statistic(values[point]?[metric] ?? [])
                figures.append(("\(point) \(metric)", statistic?.mean, statistic?.halfWidth))
            }
        }
        return figures
    }
}
