import Foundation

/// The tail of a latency distribution drawn HdrHistogram style: x is the percentile p
/// placed at −log10(1 − p), so 50%, 90%, 99%, 99.9% and 99.99% are equally spaced and the
/// tail gets as much room as the body; y is the latency in ms on a log axis, whose ticks
/// reach below 1 ms where local reads live.
enum TailChart {
    /// The labelled percentiles: (−log10(1 − p), label).
    static let ticks: [(value: Double, label: String)] = [
        (log10(2.0), "50%"), (1, "90%"), (2, "99%"), (3, "99.9%"), (4, "99.99%"),
    ]

    /// Steps of −log10(1 − p) between the ticks: 20 per decade of the tail.
    static let grid: [Double] = [log10(2.0)] + (7...80).map { Double($0) / 20 }

    /// The tail of `histogram`: (−log10(1 − p), latency in ms) for p from 50% up to the
    /// highest percentile its count supports (1 − p ≥ 1 / count), ending with the
    /// largest value at that position. Empty for an empty histogram.
    static func series(_ histogram: LatencyHistogram, name: String) -> LineSeries {
        guard !histogram.isEmpty else { return LineSeries(name: name, points: []) }
        let reach = log10(Double(max(histogram.count, 2)))
        var points: [(x: Double, y: Double)] = []
        for t in grid where t <= reach + 1e-9 {
            let p = 1 - pow(10, -t)
            points.append((t, Double(histogram.percentile(p)) / 1e6))
        }
        if let last = points.last, last.x < reach - 1e-9, reach <= 4 {
            points.append((reach, Double(histogram.max) / 1e6))
        }
        return LineSeries(name: name, points: points)
    }

    /// The chart of writes' (or reads') tails, one line per client region.
    static func spec(_ report: Report, writes: Bool) -> ChartSpec {
        let name = writes ? "write" : "read"
        let lines = report.regions.map { series(writes ? $0.writes.latency : $0.reads.latency, name: $0.name) }
        let reach = lines.compactMap { $0.points.last?.x }.max() ?? 4
        let right = min(4, max(1, reach.rounded(.up)))
        var spec = ChartSpec(
            title: "\(name.capitalized) latency tail by client region", xLabel: "percentile (spaced by 1/(1 − p), log scale)",
            yLabel: "\(name) latency (ms, log scale)", series: lines, yLog: true)
        spec.xRange = log10(2.0)...right
        spec.xTicks = ticks.filter { $0.value <= right + 1e-9 }
        return spec
    }
}
