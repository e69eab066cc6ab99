/// A consistency promise `geosim check` holds a run to.
public enum Invariant: String, CaseIterable, Sendable, Comparable {
    /// Strong reads and writes are linearizable, key by key.
    case linearizability
    /// Strong reads and writes take one order that keeps each client's own order (real
    /// time between clients aside); `--expect sequential` only
    /// (`SequentialConsistencyChecker`).
    case sequentialConsistency = "sequential-consistency"
    /// Exact and bounded reads return a version that was the latest at some instant
    /// within their bound.
    case staleness
    /// After healing and quiescence, every acknowledged write is in its range's log.
    case durability
    /// Raft's five safety properties (election safety, leader append-only, log matching,
    /// leader completeness, state machine safety).
    case raftSafety = "raft-safety"
    /// No node serves a lease read once another node leads a later term.
    case leaseSafety = "lease-safety"
    /// A read answered by a cache is no older than the cache's policy allows.
    case cacheStaleness = "cache-staleness"
    /// A session's reads see its own acknowledged writes (when configured).
    case readYourWrites = "read-your-writes"
    /// A session's reads of a key never go back to an older version (when configured).
    case monotonicReads = "monotonic-reads"
    /// Once faults heal, every range acknowledges a write within the liveness bound.
    case liveness
    /// Leaderless with R + W > N: a read invoked after a write's acknowledgement returns
    /// that write's version or a newer one (`QuorumReadChecker`).
    case quorumReads = "quorum-reads"
    /// Transactions: no dependency cycle the isolation level forbids (G0, G1, G-single,
    /// G2-item), no read of an aborted write (`SerializabilityChecker`).
    case serializability

    public static func < (lhs: Invariant, rhs: Invariant) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// One broken promise: which, and the evidence in words.
public struct Violation: Sendable, Equatable {
    public var invariant: Invariant
    public var detail: String

    public init(_ invariant: Invariant, _ detail: String) {
        self.invariant = invariant
        self.detail = detail
    }
}
