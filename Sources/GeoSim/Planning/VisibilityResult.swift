/// What `VisibilityExperiment.run` measured: the probability that a read started t after a
/// write's commit sees that write, for each t of the grid, and the latencies of the
/// writes and reads of the trials.
public struct VisibilityResult: Sendable, Equatable {
    /// The number of trials (one write and one read per trial, evaluated at every t).
    public var trials: Int
    /// One point per grid t, in the order the grid was given: t (ns since the write's
    /// commit) and the fraction of trials (0…1) whose read saw the write.
    public var curve: [(t: Nanoseconds, pConsistent: Double)]
    /// The least t (ns) at which at least 99.9% of the reads are consistent: the least grid
    /// t that reaches it, else the exact least t over the same trials (found past the
    /// grid); nil when no t reaches it (a write that can miss replicas forever).
    public var t999: Nanoseconds?
    /// Commit latency of the writes (ns): from the coordinator sending the write to its
    /// W-th acknowledgement.
    public var writeLatency: LatencyHistogram
    /// Latency of the reads (ns): from the coordinator sending the read requests to the
    /// R-th response it uses. Independent of t.
    public var readLatency: LatencyHistogram

    public init(
        trials: Int, curve: [(t: Nanoseconds, pConsistent: Double)], t999: Nanoseconds?,
        writeLatency: LatencyHistogram, readLatency: LatencyHistogram
    ) {
        self.trials = trials
        self.curve = curve
        self.t999 = t999
        self.writeLatency = writeLatency
        self.readLatency = readLatency
    }

    public static func == (lhs: VisibilityResult, rhs: VisibilityResult) -> Bool {
        lhs.trials == rhs.trials && lhs.t999 == rhs.t999
            && lhs.curve.count == rhs.curve.count
            && zip(lhs.curve, rhs.curve).allSatisfy { $0.t == $1.t && $0.pConsistent == $1.pConsistent }
            && lhs.writeLatency == rhs.writeLatency && lhs.readLatency == rhs.readLatency
    }
}
