/// Every ok latency of a run, writes and reads apart (all client regions together), kept
/// so that a sweep's per-replicate percentiles are exact order statistics and not
/// histogram bucket midpoints. A bucket of `LatencyHistogram` is 1/128 of its power of two
/// wide (about 1 ms at 130 ms), so replicates whose p50 differ by less than that all
/// reported the same midpoint, and a confidence interval over them came out as ± 0.
///
/// Opt-in (`Scenario.recordExactLatencies`): memory grows with the operations of the run,
/// 8 bytes each, up to `capacity` per kind; past it the kind is given up (`isComplete`
/// false) and callers fall back to the histogram.
public struct ExactLatencies: Sendable, Equatable {
    /// The most latencies kept per kind: 4 Mi values, 32 MiB.
    public static let defaultCapacity = 1 << 22

    /// Latencies (ns) of writes and reads that ended ok, in the order they ended; emptied
    /// when their kind overflowed.
    public private(set) var writes: [Nanoseconds] = []
    public private(set) var reads: [Nanoseconds] = []
    /// False once more than `capacity` values of the kind arrived.
    public private(set) var writesComplete = true
    public private(set) var readsComplete = true
    public let capacity: Int

    public init(capacity: Int = ExactLatencies.defaultCapacity) {
        self.capacity = capacity
    }

    /// Records one ok operation's latency (ns).
    @inline(__always)
    public mutating func record(isWrite: Bool, _ latency: Nanoseconds) {
        if isWrite {
            guard writesComplete else { return }
            if writes.count == capacity {
                writesComplete = false
                writes = []
            } else {
                writes.append(latency)
            }
        } else {
            guard readsComplete else { return }
            if reads.count == capacity {
                readsComplete = false
                reads = []
            } else {
                reads.append(latency)
            }
        }
    }

    /// The nearest-rank percentiles (ns) of `values` at each fraction of `fractions`
    /// (0 < p < 1; the same rank rule as `LatencyHistogram.percentile`), exact; nil when
    /// `values` is empty.
    public static func percentiles(_ values: [Nanoseconds], _ fractions: [Double]) -> [Nanoseconds]? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return fractions.map { fraction in
            sorted[LatencyHistogram.nearestRank(fraction: fraction, count: sorted.count) - 1]
        }
    }
}
