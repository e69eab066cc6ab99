/// What each replication mode promises, and so which invariants `geosim check` holds a
/// run to; `--expect` adds stronger properties, to show how a mode fails them.
///
/// - raft: everything geosim checks (linearizable strong reads and writes, staleness
///   bounds, no lost acknowledged write, Raft and lease safety, sessions, liveness).
/// - primary-sync: the primary's reads and writes are linearizable, a replica's bounded
///   reads keep their bound, and no acknowledged write is lost on failover (a
///   synchronous replica had it, and the replica that received the most is promoted).
/// - primary-async: only the staleness bounds of replica reads; a promotion may lose the
///   writes not yet shipped: counted (`RunHistory.lostAcknowledgedWrites`), a violation
///   only under `--expect durable`; linearizability only under `--expect linearizable`.
/// - leaderless with R + W > N: a read invoked after a write was acknowledged returns
///   that write's version or a newer one (quorums intersect); not linearizable (last
///   writer wins, and a read can see a write still in flight that a later read misses).
/// - leaderless with R + W ≤ N: no promise; staleness is measured, not checked.
///
/// Caches keep their policy's staleness bound and sessions their guarantees in every mode
/// but leaderless (whose reads may miss the newest version, and whose clients keep no
/// session token), and every mode must make progress after the faults heal.
public enum ModePromise {
    /// The invariants a run of `scenario` is held to, in `Invariant` order.
    public static func invariants(_ scenario: Scenario) -> [Invariant] {
        var promised: [Invariant] = [.liveness, .serializability]
        // A cache's bound counts from the latest version; a leaderless store may hand a
        // fill an older one (no quorum saw the newest), so its caches promise nothing more.
        if scenario.replication.mode != .leaderless { promised.append(.cacheStaleness) }
        let replication = scenario.replication
        switch replication.mode {
        case .raft:
            promised += [.linearizability, .staleness, .durability, .raftSafety, .leaseSafety]
        case .primarySync:
            promised += [.linearizability, .staleness, .durability]
        case .primaryAsync:
            promised += [.staleness]
        case .leaderless:
            if replication.r + replication.w > replication.n { promised.append(.quorumReads) }
        }
        if replication.mode != .leaderless || scenario.expectations.contains(.readYourWrites) {
            promised += [.readYourWrites, .monotonicReads]
        }
        for expectation in scenario.expectations {
            switch expectation {
            case .linearizable: promised.append(.linearizability)
            case .sequential: promised.append(.sequentialConsistency)
            case .durable: promised.append(.durability)
            case .readYourWrites: promised.append(.readYourWrites)
            }
        }
        return Invariant.allCases.filter { promised.contains($0) }
    }

    /// One line naming what the mode promises and what `--expect` added.
    public static func summary(_ scenario: Scenario) -> String {
        let promised = invariants(scenario).map(\.rawValue)
        let extra = scenario.expectations.map(\.rawValue)
        return "\(scenario.replication.mode.rawValue) is held to: \(promised.joined(separator: ", "))"
            + (extra.isEmpty ? "" : " (--expect \(extra.joined(separator: ",")))")
    }
}
