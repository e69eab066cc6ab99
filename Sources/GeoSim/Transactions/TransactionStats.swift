/// Transactions' outcomes per region: committed, aborted by cause, attempts, and the
/// latency of committed ones (from first issue to commit, retries included).
struct TransactionStats: Equatable {
    struct Region: Equatable {
        var committed = 0
        /// Transactions that gave up, by the cause of their last attempt.
        var aborted = Array(repeating: 0, count: TransactionCoordinator.AbortCause.allCases.count)
        /// Attempts that aborted and were retried, by cause.
        var retried = Array(repeating: 0, count: TransactionCoordinator.AbortCause.allCases.count)
        /// Attempts made by committed transactions.
        var attemptsOfCommitted = 0
        var latency = LatencyHistogram()
        /// Lock waits of this region's transactions, queueing to grant (ns).
        var lockWait = LatencyHistogram()
    }

    var regions: [Region]
    /// Per simulated second, the attempts that aborted in it (retried or not).
    var abortsBySecond: [Int] = []
    /// Snapshot reads restarted at a higher timestamp because a version fell inside
    /// their uncertainty interval (`--max-clock-offset`, CockroachDB's
    /// ReadWithinUncertaintyInterval).
    var uncertaintyRestarts = 0

    init(regions: Int) {
        self.regions = Array(repeating: Region(), count: regions)
    }

    /// An attempt ended: committed (`cause` nil), or aborted and retried (`final` false)
    /// or given up.
    mutating func record(region: Int, latency: Nanoseconds, cause: TransactionCoordinator.AbortCause?, attempts: Int, final: Bool, now: Nanoseconds) {
        guard let cause else {
            regions[region].committed += 1
            regions[region].attemptsOfCommitted += attempts
            regions[region].latency.record(latency)
            return
        }
        if final { regions[region].aborted[cause.rawValue] += 1 } else { regions[region].retried[cause.rawValue] += 1 }
        let second = Int(now / .second)
        guard second >= 0, second < 1 << 24 else { return }
        if abortsBySecond.count <= second { abortsBySecond += Array(repeating: 0, count: second - abortsBySecond.count + 1) }
        abortsBySecond[second] += 1
    }
}
