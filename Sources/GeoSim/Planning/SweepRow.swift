/// The figures of one run of a sweep: which point and replicate, the seed it ran with,
/// the axis values (in axis order) and the metrics (in `SweepMetrics.names` order).
public struct SweepRow: Sendable, Equatable {
    /// The point's index in the grid (first axis slowest).
    public var point: Int
    /// The replicate, 0..<replicates.
    public var replicate: Int
    /// The seed of this run (`SweepSeed.mix`), below 2^53.
    public var seed: UInt64
    /// The value of each axis at this point, in axis order.
    public var vary: [String]
    /// One value per `SweepMetrics.names`; nil where there is no figure.
    public var metrics: [Double?]
    /// The run's events and client operations, when it ran in this process (benchmarks);
    /// not written to rows files, so 0 for rows read back from them.
    public var events: UInt64 = 0
    public var operations = 0

    public init(point: Int, replicate: Int, seed: UInt64, vary: [String], metrics: [Double?]) {
        self.point = point
        self.replicate = replicate
        self.seed = seed
        self.vary = vary
        self.metrics = metrics
    }

    /// The metric named `name`, if known and present.
    public func metric(_ name: String) -> Double? {
        guard let index = SweepMetrics.index(of: name), index < metrics.count else { return nil }
        return metrics[index]
    }
}
