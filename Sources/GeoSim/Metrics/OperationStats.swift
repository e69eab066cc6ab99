/// Outcomes and latencies of one kind of operation (writes or reads) from one place.
/// Every operation ends exactly one way: ok, failed (known not applied) or unknown (the
/// client gave up; a write may still have been applied).
public struct OperationStats: Sendable, Equatable {
    /// Latencies of the operations that ended ok (ns).
    public var latency = LatencyHistogram()
    public var ok = 0
    public var failed = 0
    public var unknown = 0

    public init() {}

    /// Operations that ended, whichever way.
    public var count: Int { ok + failed + unknown }

    /// The fraction that ended ok (1 when there were none: nothing was unavailable).
    public var availability: Double { count == 0 ? 1 : Double(ok) / Double(count) }

    /// The fraction that ended ok, or nil when none ended: what reports show (n/a in
    /// text, null in JSON, empty in CSV), since a run without reads measured no read
    /// availability rather than a perfect one.
    public var measuredAvailability: Double? { count == 0 ? nil : Double(ok) / Double(count) }

    public mutating func recordOK(latency value: Nanoseconds) {
        ok += 1
        latency.record(value)
    }

    public mutating func merge(_ other: OperationStats) {
        latency.merge(other.latency)
        ok += other.ok
        failed += other.failed
        unknown += other.unknown
    }
}
