/// Builds chart series from geosim data. All x values are in milliseconds.
public enum ChartData {
    /// The probability grid of `cdf`: fine in both tails, where latency curves bend.
    static let cdfGrid: [Double] = {
        var grid: [Double] = [0.001, 0.002, 0.005]
        grid += (1...99).map { Double($0) / 100 }
        grid += [0.995, 0.998, 0.999]
        return grid.sorted()
    }()

    /// The empirical CDF of `histogram`: x = latency in ms, y = fraction of values at or
    /// below it. Starts at (min, 0), follows `percentile(p)` on `cdfGrid` and ends at
    /// (max, 1); non-decreasing in both x and y, consecutive duplicates removed. An empty
    /// histogram gives a series without points.
    public static func cdf(from histogram: LatencyHistogram, name: String) -> LineSeries {
        guard !histogram.isEmpty else { return LineSeries(name: name, points: []) }
        var points: [(x: Double, y: Double)] = [(milliseconds(histogram.min), 0)]
        for p in cdfGrid {
            points.append((milliseconds(histogram.percentile(p)), p))
        }
        points.append((milliseconds(histogram.max), 1))
        // Enforce monotonicity against any rounding in the histogram, then drop repeats.
        var result: [(x: Double, y: Double)] = []
        for point in points {
            let x = Swift.max(point.x, result.last?.x ?? point.x)
            let y = Swift.max(point.y, result.last?.y ?? point.y)
            if let last = result.last, last.x == x, last.y == y { continue }
            result.append((x, y))
        }
        return LineSeries(name: name, points: result)
    }

    /// A probability curve over time, e.g. the chance that a write is visible t after it
    /// was acknowledged: x = t in ms, y = probability, in the given order.
    public static func curve(_ points: [(t: Nanoseconds, probability: Double)], name: String) -> LineSeries {
        LineSeries(name: name, points: points.map { (milliseconds($0.t), $0.probability) })
    }

    static func milliseconds(_ value: Nanoseconds) -> Double { Double(value) / 1e6 }
}
