/// Everything a recorded run (`Scenario.recordHistory`) hands the consistency checkers:
/// the clients' operations and what the replicas did, in simulated time (ns).
public struct RunHistory: Sendable {
    /// One write's first commit: from `at` on, a read may return `value` for `key`.
    public struct Commit: Sendable, Equatable {
        public var key: Int
        public var value: Int64
        public var at: Nanoseconds
        public init(key: Int, value: Int64, at: Nanoseconds) {
            self.key = key
            self.value = value
            self.at = at
        }
    }

    /// Something a range's leader did in a term: became leader, or served a strong read
    /// from its lease without a quorum round.
    public struct LeaderEvent: Sendable, Equatable {
        public var range: Int
        /// The node that led (and served).
        public var node: Int
        /// The term it led.
        public var term: UInt64
        public var at: Nanoseconds
        public init(range: Int, node: Int, term: UInt64, at: Nanoseconds) {
            self.range = range
            self.node = node
            self.term = term
            self.at = at
        }
    }

    /// Every client attempt, in completion order (unknown ones when they timed out).
    public var operations: [HistoryOperation] = []
    /// Transactions (`--txn`), with the isolation level they promise; nil without.
    public var transactions: TransactionHistory?
    public var isolation = IsolationLevel.serializable
    /// Every write's first commit, in time order.
    public var commits: [Commit] = []
    public var leaseReads: [LeaderEvent] = []
    public var leaderships: [LeaderEvent] = []
    /// Per range, the values of every write the range's final leader applied (ascending);
    /// nil for a range with no leader at the end (durability cannot be judged there).
    public var finalValues: [[Int64]?] = []
    /// Which range each key belongs to: `min(key / keysPerRange, rangeCount - 1)`.
    public var keysPerRange = 1
    /// When the liveness phase healed every fault (ns), and per range the completion time
    /// of the first write invoked after that which was acknowledged (nil: none).
    public var healedAt: Nanoseconds?
    public var firstProgressAfterHeal: [Nanoseconds?] = []
    /// When the run ended (ns).
    public var endedAt: Nanoseconds = 0
    /// The clock offsets the system is built to tolerate (ns): staleness is judged with
    /// this much slack, since replicas read at their own clock's idea of "now − bound".
    public var clockSlack: Nanoseconds = 0
    /// What Raft's safety checker saw during the run.
    public var raftViolations: [String] = []
    /// The session guarantees the clients asked for.
    public var sessionGuarantees: SessionGuarantees = []

    /// The invariants the run is held to: what its mode promises, and `--expect`
    /// (`ModePromise`); unless set, Raft's (every one but leaderless quorum reads).
    public var promised = Invariant.allCases.filter { $0 != .quorumReads && $0 != .sequentialConsistency }
    /// Acknowledged writes a promotion lost (primary-async): counted, a violation only
    /// when durability is promised.
    public var lostAcknowledgedWrites = 0
    /// Per key, when a promotion first rolled back one of its writes (primary
    /// replication): the version order by value no longer holds from then on.
    public var rolledBack: [Int: Nanoseconds] = [:]

    public init() {}

    /// The range holding `key`, among `rangeCount` ranges (the last takes the remainder,
    /// as in `RangeLayout`).
    public func range(ofKey key: Int, rangeCount: Int) -> Int {
        min(key / max(keysPerRange, 1), max(rangeCount, 1) - 1)
    }
}
