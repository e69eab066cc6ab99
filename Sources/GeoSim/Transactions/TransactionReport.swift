/// What a transactional run's report says of its transactions: per region the committed
/// and aborted counts (by cause), attempts per commit and latency; lock waits; the
/// hottest keys with each one's throughput ceiling; and what dominated the latency.
public struct TransactionReport: Sendable, Equatable {
    public struct Region: Sendable, Equatable {
        public var name: String
        public var committed: Int
        /// Transactions given up, by cause name (deadlock, conflict, failed, timeout).
        public var aborted: [(cause: String, count: Int)]
        /// Attempts that aborted and were retried, by cause name.
        public var retried: [(cause: String, count: Int)]
        /// Mean attempts per committed transaction (1 when none retried).
        public var attemptsPerCommit: Double
        /// Latency of committed transactions, first issue to commit (ns).
        public var latency: LatencyHistogram
        /// Lock waits of the region's transactions that got their lock (ns).
        public var lockWait: LatencyHistogram

        public static func == (lhs: Region, rhs: Region) -> Bool {
            lhs.name == rhs.name && lhs.committed == rhs.committed && lhs.aborted.map(\.count) == rhs.aborted.map(\.count)
                && lhs.retried.map(\.count) == rhs.retried.map(\.count) && lhs.attemptsPerCommit == rhs.attemptsPerCommit
                && lhs.latency == rhs.latency && lhs.lockWait == rhs.lockWait
        }
    }

    public struct HotKey: Sendable, Equatable {
        public var key: Int
        /// Total time transactions waited for its lock (ns), and how many waits.
        public var totalWait: Nanoseconds
        public var waits: Int
        /// One over the mean time its lock was held: the most transactions a second it can
        /// commit.
        public var ceilingPerSecond: Double?
    }

    /// `rmw:K`, `ro:K`, or the mix with its weights.
    public var shape: String
    public var isolation: String
    public var lockingReads: Bool
    /// How transactions commit: `parallel` or `2pc` on Raft ranges, `primary` (one WAL
    /// commit record at the primary, PostgreSQL-style).
    public var commitProtocol: String
    /// Snapshot reads restarted above a version inside their clock uncertainty interval.
    public var uncertaintyRestarts: Int
    public var regions: [Region]
    /// Lock waits of every transaction that queued (ns).
    public var lockWaits: LatencyHistogram
    public var deadlocks: Int
    /// Mean time a lock was held, grant to release, over every key (ns; 0 before any).
    public var meanLockHold: Double
    /// The ten keys with the most lock wait, most first.
    public var hottestKeys: [HotKey]
    /// Per simulated second: the lock waits that ended in it, summed (ns), and the
    /// attempts that aborted in it.
    public var lockWaitBySecond: [Nanoseconds]
    public var abortsBySecond: [Int]

    init(_ coordinator: TransactionCoordinator, regionNames: [String], onPrimary: Bool) {
        let causes = TransactionCoordinator.AbortCause.allCases
        shape = coordinator.settings.mixText
        isolation = coordinator.settings.isolation.rawValue
        lockingReads = coordinator.settings.lockingReads
        commitProtocol = onPrimary ? "primary" : coordinator.settings.commit.rawValue
        uncertaintyRestarts = coordinator.stats.uncertaintyRestarts
        regions = zip(regionNames, coordinator.stats.regions).map { name, stats in
            Region(
                name: name, committed: stats.committed, aborted: causes.map { ($0.name, stats.aborted[$0.rawValue]) },
                retried: causes.map { ($0.name, stats.retried[$0.rawValue]) },
                attemptsPerCommit: stats.committed == 0 ? 0 : Double(stats.attemptsOfCommitted) / Double(stats.committed),
                latency: stats.latency, lockWait: stats.lockWait)
        }
        lockWaits = coordinator.locks.waits
        deadlocks = coordinator.locks.deadlocks
        meanLockHold = coordinator.locks.meanHold
        lockWaitBySecond = coordinator.locks.waitBySecond
        abortsBySecond = coordinator.stats.abortsBySecond
        hottestKeys = coordinator.locks.hottestKeys(10).map {
            HotKey(key: $0.key, totalWait: $0.stats.totalWait, waits: $0.stats.waits, ceilingPerSecond: $0.stats.ceilingPerSecond)
        }
    }

    public var committed: Int { regions.reduce(0) { $0 + $1.committed } }
    public var aborted: Int { regions.reduce(0) { $0 + $1.aborted.reduce(0) { $0 + $1.count } } }
    /// Committed latency over every region.
    public var latency: LatencyHistogram {
        var all = LatencyHistogram()
        for region in regions { all.merge(region.latency) }
        return all
    }
}
