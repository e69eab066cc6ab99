/// The rows of a sweep: the cartesian product of its axes (the first axis varies
/// slowest), each point run `replicates` times.
///
/// Rows are numbered `k = point × replicates + replicate`, for point in 0..<pointCount and
/// replicate in 0..<replicates; that row index is what shards split (`k mod N`) and what
/// output is ordered by (point, then replicate).
public struct SweepGrid: Sendable, Equatable {
    public var axes: [SweepAxis]
    /// Runs per point, each with its own seed (≥ 1).
    public var replicates: Int

    public init(axes: [SweepAxis], replicates: Int) {
        self.axes = axes
        self.replicates = replicates
    }

    /// The number of points: the product of the axes' value counts (1 with no axis).
    public var pointCount: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// The number of rows: points × replicates.
    public var rowCount: Int { pointCount * replicates }

    /// The values of every axis at `point`, in axis order (mixed radix, first axis slowest).
    public func values(atPoint point: Int) -> [String] {
        var remainder = point
        var result = Array(repeating: "", count: axes.count)
        for index in axes.indices.reversed() {
            let count = axes[index].values.count
            result[index] = axes[index].values[remainder % count]
            remainder /= count
        }
        return result
    }

    /// (point, replicate) of row `row`.
    public func position(ofRow row: Int) -> (point: Int, replicate: Int) {
        (row / replicates, row % replicates)
    }

    /// The rows of shard `index` of `count`: every row k with k mod count == index.
    public func rows(ofShard index: Int, of count: Int) -> [Int] {
        Array(stride(from: index, to: rowCount, by: count))
    }
}
