/// How stale the reads of one place (a region, or all) were.
///
/// Time staleness of a read: now minus the true commit time of the oldest committed
/// version it did not see (0 when it saw the newest). Version staleness: how many
/// committed versions newer than the one it returned existed.
public struct StalenessStats: Sendable, Equatable {
    /// Time staleness of every read (ns), fresh reads included as 0.
    public var time = LatencyHistogram()
    /// Version staleness of every read (a count, recorded as if nanoseconds).
    public var versions = LatencyHistogram()
    /// Reads measured, and how many of them missed at least one version.
    public var reads = 0
    public var stale = 0
    /// Reads served by a replica in the client's region, and reads that went to the
    /// leader because the local replica could not meet the bound.
    public var servedLocally = 0
    public var fellBack = 0

    public init() {}

    public var staleFraction: Double { reads == 0 ? 0 : Double(stale) / Double(reads) }

    /// k-staleness: the probability that a read returned one of the last `k` versions
    /// (missed fewer than `k`). Exact for k up to 8, the versions remembered per key.
    public func probabilityWithinLast(_ k: Int) -> Double {
        guard reads > 0 else { return 1 }
        return versions.fraction(atMost: Int64(k - 1))
    }
    public var localFraction: Double { reads == 0 ? 0 : Double(servedLocally) / Double(reads) }

    public mutating func record(time staleness: Nanoseconds, versions missed: Int, local: Bool, fellBack didFallBack: Bool) {
        reads += 1
        time.record(staleness)
        versions.record(Int64(missed))
        if missed > 0 { stale += 1 }
        if local { servedLocally += 1 }
        if didFallBack { fellBack += 1 }
    }

    public mutating func merge(_ other: StalenessStats) {
        time.merge(other.time)
        versions.merge(other.versions)
        reads += other.reads
        stale += other.stale
        servedLocally += other.servedLocally
        fellBack += other.fellBack
    }
}
