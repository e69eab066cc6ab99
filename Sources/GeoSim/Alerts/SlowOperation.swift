/// One client operation that took at least the slow-operation threshold, from issue to
/// end, with where its time went.
///
/// Phases (ns) add up to `latency`: `earlierAttempts` (failed or timed-out attempts and the
/// backoff before the last one), `poolWait` (the last attempt waiting for a pool or pooler
/// connection), `toLeaseholder` (client → gateway → leaseholder and back at the
/// topology's round trips, without jitter), `replication` (a Raft write's leaseholder to
/// its nearest quorum and back, likewise), and `other`: the rest — jitter, queueing at busy
/// nodes, elections, and for an attempt that got no answer, all of its time after the pool.
public struct SlowOperation: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case ok
        case failed
        /// It timed out, or failed after an attempt that timed out: a write may have applied.
        case unknown
    }

    /// When the client issued it (ns of simulated time).
    public var start: Nanoseconds
    /// The client's region (index into the topology's regions).
    public var region: Int
    public var isWrite: Bool
    public var outcome: Outcome
    public var latency: Nanoseconds
    /// Attempts made (1 without retries).
    public var attempts: Int
    public var earlierAttempts: Nanoseconds = 0
    public var poolWait: Nanoseconds = 0
    public var toLeaseholder: Nanoseconds = 0
    public var replication: Nanoseconds = 0
    public var other: Nanoseconds = 0

    public init(start: Nanoseconds, region: Int, isWrite: Bool, outcome: Outcome, latency: Nanoseconds, attempts: Int) {
        self.start = start
        self.region = region
        self.isWrite = isWrite
        self.outcome = outcome
        self.latency = latency
        self.attempts = attempts
    }

    /// The phases' names (as in reports and exports) and durations (ns), in path order.
    public var phases: [(name: String, duration: Nanoseconds)] {
        [
            ("earlier_attempts", earlierAttempts), ("pool_wait", poolWait), ("to_leaseholder", toLeaseholder),
            ("replication", replication), ("other", other),
        ]
    }

    /// Slowest first; ties: the earlier issued, then the lower region.
    static func isSlower(_ a: SlowOperation, than b: SlowOperation) -> Bool {
        if a.latency != b.latency { return a.latency > b.latency }
        if a.start != b.start { return a.start < b.start }
        return a.region < b.region
    }
}
