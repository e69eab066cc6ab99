/// The t-visibility curve: the probability that a read starting t after a write's commit
/// sees that write, on a fixed grid of t. Each read contributes one sample: t is the time
/// since the newest committed version of its key, and it counts as consistent if it
/// returned that version.
public struct VisibilityCurve: Sendable, Equatable {
    /// Bin lower edges (ns): a sample with t in [grid[i], grid[i+1]) falls in bin i.
    public static let grid: [Nanoseconds] = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 3000, 4000, 5000, 10000, 20000]
        .map { $0 * .millisecond }

    public var samples: [Int] = Array(repeating: 0, count: VisibilityCurve.grid.count)
    public var consistent: [Int] = Array(repeating: 0, count: VisibilityCurve.grid.count)

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

    /// (t, probability consistent) for the bins that have samples.
    public var points: [(t: Nanoseconds, probability: Double)] {
        samples.indices.filter { samples[$0] > 0 }.map { (VisibilityCurve.grid[$0], Double(consistent[$0]) / Double(samples[$0])) }
    }
}
