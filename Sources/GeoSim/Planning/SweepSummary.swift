/// Per point of a sweep, each metric's mean across replicates and the half-width of its
/// 95% confidence interval (Student's t with n − 1 degrees of freedom: for a handful of
/// replicates the normal 1.96 would be far too narrow).
public struct SweepSummary: Sendable, Equatable {
    /// One metric at one point.
    public struct Statistic: Sendable, Equatable {
        /// Replicates that had a figure.
        public var count: Int
        public var mean: Double
        /// t(0.975, n−1) · s / √n; nil with a single value.
        public var halfWidth: Double?
    }

    /// One point: its axis values and a statistic per metric (nil where no replicate had a figure).
    public struct Point: Sendable, Equatable {
        public var point: Int
        public var vary: [String]
        /// Rows found for the point.
        public var replicates: Int
        public var statistics: [Statistic?]
    }

    public var points: [Point]

    /// Summarizes `rows` (any order; they are grouped by point, each point's rows folded
    /// in replicate order, so the sums are the same however the rows were produced).
    public init(rows: [SweepRow]) {
        let sorted = rows.sorted { ($0.point, $0.replicate) < ($1.point, $1.replicate) }
        var points: [Point] = []
        var start = 0
        while start < sorted.count {
            var end = start
            while end < sorted.count, sorted[end].point == sorted[start].point { end += 1 }
            let group = sorted[start..<end]
            let statistics = SweepMetrics.names.indices.map { metric in
                SweepSummary.statistic(group.compactMap { metric < $0.metrics.count ? $0.metrics[metric] : nil })
            }
            points.append(Point(point: sorted[start].point, vary: sorted[start].vary, replicates: group.count, statistics: statistics))
            start = end
        }
        self.points = points
    }

    /// Mean and 95% half-width of `values` (in the order given).
    public static func statistic(_ values: [Double]) -> Statistic? {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count > 1 else { return Statistic(count: 1, mean: mean, halfWidth: nil) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = StudentT.quantile975(degreesOfFreedom: values.count - 1) * variance.squareRoot() / n.squareRoot()
        return Statistic(count: values.count, mean: mean, halfWidth: half)
    }
}
