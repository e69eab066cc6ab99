/// A sweep's results as figures to compare (`geosim diff` of two `sweep --out` folders):
/// per point (its axis values) and metric, the mean over the replicates and its 95%
/// confidence half-width (`SweepSummary`, from the exact per-replicate values).
public enum SweepComparison {
    /// The figures of `rows` (axes named `axes`, in `--vary` order), named
    /// `rate=100 writes_p99_ms`, points in grid order and metrics in `SweepMetrics.names`
    /// order; a metric no replicate of a point measured is left out.
    public static func figures(rows: [SweepRow], axes: [String]) -> [(name: String, value: Double?, ci: Double?)] {
        var figures: [(name: String, value: Double?, ci: Double?)] = []
        for point in SweepSummary(rows: rows).points {
            let label = zip(axes, point.vary).map { "\($0)=\($1)" }.joined(separator: " ")
            for (name, statistic) in zip(SweepMetrics.names, point.statistics) {
                guard let statistic else { continue }
                figures.append(("\(label) \(name)", statistic.mean, statistic.halfWidth))
            }
        }
        return figures
    }
}
