/// The flat figures a sweep records for each run, in a fixed order (the order of CSV
/// columns; JSON rows sort their keys). Latencies are milliseconds rounded to 3 decimals;
/// availabilities are fractions (0..1) rounded to 6 decimals; `ops` counts operations
/// that ended (ok, failed or unknown). A latency is nil (null in JSON, empty in CSV)
/// when no operation of its kind ended ok.
public enum SweepMetrics {
    public static let names: [String] = [
        "availability", "availability_reads", "availability_writes", "ops",
        "reads_mean_ms", "reads_p50_ms", "reads_p90_ms", "reads_p99_ms", "reads_p999_ms",
        "writes_mean_ms", "writes_p50_ms", "writes_p90_ms", "writes_p99_ms", "writes_p999_ms",
    ]

    /// The position of metric `name` in `names`.
    public static func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The figures of one run's report, in `names` order.
    public static func measure(_ report: Report) -> [Double?] {
        let writes = report.totalWrites
        let reads = report.totalReads
        let ended = writes.count + reads.count
        let overall = ended == 0 ? 1 : Double(writes.ok + reads.ok) / Double(ended)
        func latency(_ stats: OperationStats) -> [Double?] {
            guard stats.ok > 0 else { return [nil, nil, nil, nil, nil] }
            let histogram = stats.latency
            return [milliseconds(histogram.mean)]
                + [0.5, 0.9, 0.99, 0.999].map { milliseconds(Double(histogram.percentile($0))) }
        }
        return [rounded(overall, 6), rounded(reads.availability, 6), rounded(writes.availability, 6), Double(ended)]
            + latency(reads) + latency(writes)
    }

    /// ns → ms, 3 decimals.
    static func milliseconds(_ nanoseconds: Double) -> Double? { rounded(nanoseconds / 1e6, 3) }

    /// `value` rounded half away from zero on its shortest decimal digits.
    static func rounded(_ value: Double, _ decimals: Int) -> Double {
        if case .number(let number) = JSONValue.rounded(value, decimals: decimals) { return number }
        return value
    }
}
