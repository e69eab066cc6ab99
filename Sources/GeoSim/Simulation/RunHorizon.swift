/// The run's horizon and the draws cut to it.
///
/// Operations are issued before the run's duration ends and each one ends by its last
/// attempt's timeout, so nothing after `Simulation.horizon(for:)` can change a report:
/// the run loop never gets there (it stops at the first event past the duration once no
/// operation is under way). That makes the horizon a safe cap for every draw of a
/// distribution: a service time, apply time, think time, leaderless leg or jitter longer
/// than the horizon lands past it with or without the cap. Capping keeps time arithmetic
/// within `Int64` however heavy the tail (a lognormal with sigma 40, a Pareto with shape
/// 0.001); the report counts the capped draws, because a run where they happen is
/// dominated by them.
extension Simulation {
    /// The latest instant the run can simulate (ns): its duration, plus the longest an
    /// operation issued just before the end can stay under way (every attempt times out,
    /// with the longest backoff pause between attempts), and never more than the duration
    /// limit (`RunLimits.duration`) after the end nor past `Nanoseconds.horizonLimit`.
    /// Saturating: any setting may be as long as `DurationText.maximum`.
    public static func horizon(for scenario: Scenario) -> Nanoseconds {
        let retries = Int64(max(0, scenario.retries))
        // The pause before retry k is below backoff × 2^min(k, 10) (see `finishAttempt`).
        let doublings = min(retries, 11)
        let pauseUnits = ((1 as Int64) << doublings) - 1 + max(0, retries - 11) *| 1024
        let drain = ((retries + 1) *| max(0, scenario.operationTimeout)) +| (max(0, scenario.retryBackoff) *| pauseUnits)
        let bounded = min(drain +| .second, max(scenario.limits.duration, 0))
        return min(max(scenario.duration, 0) +| bounded, Nanoseconds.horizonLimit)
    }
}

/// Draws longer than the run's horizon, cut to it, by source (`RunOutcome.cappedDraws`).
struct CappedDraws {
    /// Where a draw comes from, as the report names it.
    enum Source: Int, CaseIterable {
        case readService, writeService, replicationService, applyService, replicaApply, thinkTime, leaderlessLeg, jitter, fsync

        var name: String {
            switch self {
            case .readService: return "read service time"
            case .writeService: return "write service time"
            case .replicationService: return "replication service time"
            case .applyService: return "apply service time"
            case .replicaApply: return "replica apply time"
            case .thinkTime: return "think time"
            case .leaderlessLeg: return "leaderless leg"
            case .jitter: return "jitter"
            case .fsync: return "fsync time"
            }
        }
    }

    /// The source of each kind of service work, by `NodeCPU.Work.rawValue`.
    static let serviceSources: [Source] = [.readService, .writeService, .replicationService, .applyService]

    private(set) var counts = Array(repeating: 0, count: Source.allCases.count)

    /// `draw`, or `horizon` when it is longer (counted).
    @inline(__always)
    mutating func cap(_ draw: Nanoseconds, at horizon: Nanoseconds, _ source: Source) -> Nanoseconds {
        guard draw > horizon else { return draw }
        counts[source.rawValue] &+= 1
        return horizon
    }

    mutating func add(_ count: Int, _ source: Source) {
        counts[source.rawValue] &+= count
    }

    /// Adds another component's counts.
    mutating func add(_ other: CappedDraws) {
        for source in counts.indices { counts[source] &+= other.counts[source] }
    }

    /// The non-zero counts in `Source` order, for `RunOutcome`.
    var nonZero: [(source: String, count: Int)] {
        Source.allCases.compactMap { counts[$0.rawValue] > 0 ? ($0.name, counts[$0.rawValue]) : nil }
    }
}
