/// The t-visibility curve: the probability that a read starting t after a write's commit
/// sees that write, on a fixed grid of t. Each read contributes one sample: t is the time
/// since the newest committed version of its key, and it counts as consistent if it
/// returned that version.
///
/// The fraction observed in each bin is noisy (a bin can hold a handful of reads), and
/// bin by bin it can fall as t grows although the probability cannot: a write only gets
/// more visible with time. `estimates` therefore gives, next to each bin's observed
/// fraction and its 95% Wilson interval, the monotone estimate: the non-decreasing curve
/// closest to the observed fractions weighted by their samples (isotonic regression by
/// pool-adjacent-violators, the maximum-likelihood non-decreasing fit of binomial bins).
public struct VisibilityCurve: Sendable, Equatable {
    /// Bin lower edges (ns): a sample with t in [grid[i], grid[i+1]) falls in bin i.
    public static let grid: [Nanoseconds] = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 3000, 4000, 5000, 10000, 20000]
        .map { $0 * .millisecond }

    public var samples: [Int] = Array(repeating: 0, count: VisibilityCurve.grid.count)
    public var consistent: [Int] = Array(repeating: 0, count: VisibilityCurve.grid.count)

    /// One bin with samples.
    public struct Estimate: Sendable, Equatable {
        /// The bin's lower edge (ns).
        public var t: Nanoseconds
        public var samples: Int
        public var consistent: Int
        /// consistent / samples (0…1).
        public var observed: Double
        /// The monotone (non-decreasing in t) estimate (0…1).
        public var monotone: Double
        /// The 95% Wilson score interval of the bin's own fraction (0…1).
        public var low: Double
        public var high: Double
    }

    public init() {}

    public mutating func record(sinceCommit t: Nanoseconds, sawIt: Bool) {
        var bin = 0
        while bin + 1 < VisibilityCurve.grid.count && VisibilityCurve.grid[bin + 1] <= t { bin += 1 }
        samples[bin] += 1
        if sawIt { consistent[bin] += 1 }
    }

    public mutating func merge(_ other: VisibilityCurve) {
        for bin in samples.indices {
            samples[bin] += other.samples[bin]
            consistent[bin] += other.consistent[bin]
        }
    }

    /// (t, monotone estimate) for the bins that have samples.
    public var points: [(t: Nanoseconds, probability: Double)] {
        estimates.map { ($0.t, $0.monotone) }
    }

    /// Every bin with samples, in t order: observed fraction, monotone estimate, interval.
    public var estimates: [Estimate] {
        let bins = samples.indices.filter { samples[$0] > 0 }
        let observed = bins.map { Double(consistent[$0]) / Double(samples[$0]) }
        let monotone = VisibilityCurve.isotonic(observed, weights: bins.map { Double(samples[$0]) })
        return bins.indices.map { index in
            let bin = bins[index]
            let interval = VisibilityCurve.wilson(successes: consistent[bin], trials: samples[bin])
            return Estimate(
                t: VisibilityCurve.grid[bin], samples: samples[bin], consistent: consistent[bin], observed: observed[index],
                monotone: monotone[index], low: interval.low, high: interval.high)
        }
    }

    /// The weighted non-decreasing least-squares fit of `values` (pool adjacent
    /// violators): adjacent blocks whose means fall are merged into their weighted mean.
    public static func isotonic(_ values: [Double], weights: [Double]) -> [Double] {
        var blocks: [(mean: Double, weight: Double, count: Int)] = []
        for (value, weight) in zip(values, weights) {
            blocks.append((value, weight, 1))
            while blocks.count > 1, blocks[blocks.count - 2].mean > blocks[blocks.count - 1].mean {
                let last = blocks.removeLast()
                let previous = blocks.removeLast()
                let total = previous.weight + last.weight
                let mean = total > 0 ? (previous.mean * previous.weight + last.mean * last.weight) / total : last.mean
                blocks.append((mean, total, previous.count + last.count))
            }
        }
        return blocks.flatMap { Array(repeating: $0.mean, count: $0.count) }
    }

    /// The 95% Wilson score interval of `successes` out of `trials` (z = 1.959964):
    /// unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and is not empty at p = 0 or 1.
    /// (0, 1) without trials.
    public static func wilson(successes: Int, trials: Int) -> (low: Double, high: Double) {
        guard trials > 0 else { return (0, 1) }
        let z = 1.959963984540054
        let n = Double(trials)
        let p = Double(successes) / n
        let denominator = 1 + z * z / n
        let center = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        // At 0 or all successes the interval reaches 0 or 1 exactly; rounding would stop
        // it a hair short.
        return (successes == 0 ? 0 : max(0, center - half), successes == trials ? 1 : min(1, center + half))
    }
}
