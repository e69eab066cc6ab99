/// A primary with read replicas (Postgres streaming replication): the primary's log, what
/// each replica has received and applied, and the replay lag. Pure bookkeeping; the
/// simulation moves the messages.
///
/// A replica applies entries one after another, each taking a draw of the apply time
/// (its replay is single-threaded, like Postgres's startup process), so when writes come
/// faster than it can apply, the lag grows without bound.
struct PrimaryReplicaSet {
    /// One replica's state; indexed by node.
    struct Replica {
        /// The highest log index received (and so durable on the replica).
        var received: UInt64 = 0
        /// The highest index applied (visible to reads) and when its replay ends.
        var applied: UInt64 = 0
        /// Entries received but not yet applied: (index, true time its replay ends).
        var replaying = FIFOQueue<(index: UInt64, appliedAt: Nanoseconds)>()
        /// When the last received entry's replay ends (ns).
        var replayEnd: Nanoseconds = 0
    }

    /// The node acting as primary.
    var primary: Int
    var replicas: [Replica]
    /// The primary's last log index.
    var lastIndex: UInt64 = 0
    /// Commit times of the entries not yet applied everywhere, for lag: commitTime[i - commitBase].
    private var commitTimes: [Nanoseconds] = []
    /// The entries' versions, as `commitTimes`; and the last forgotten one's.
    private var versions: [Int64] = []
    private var versionBeforeBase: Int64?
    private var commitBase: UInt64 = 1
    /// Entries whose commit time was forgotten before every replica applied them (past the
    /// `trim` limit): a replica missing one is stale, and its lag is not measured.
    private(set) var forgottenEntries: UInt64 = 0

    init(primary: Int, nodeCount: Int) {
        self.primary = primary
        replicas = Array(repeating: Replica(), count: nodeCount)
    }

    /// The primary appends a write committed at `time` with MVCC timestamp `version`;
    /// returns its index.
    mutating func append(at time: Nanoseconds, version: Int64) -> UInt64 {
        lastIndex += 1
        commitTimes.append(time)
        versions.append(version)
        replicas[primary].received = lastIndex
        replicas[primary].applied = lastIndex
        return lastIndex
    }

    /// The version (MVCC timestamp) of entry `index`, if still remembered: what a replica
    /// that applied through it has seen (`Int64.min` for index 0, nothing applied).
    func version(through index: UInt64) -> Int64? {
        if index == 0 { return Int64.min }
        if index + 1 == commitBase { return versionBeforeBase }
        guard index >= commitBase, index - commitBase < UInt64(versions.count) else { return nil }
        return versions[Int(index - commitBase)]
    }

    /// When entry `index` committed on the primary (ns), if still remembered.
    func commitTime(of index: UInt64) -> Nanoseconds? {
        guard index >= commitBase, index - commitBase < UInt64(commitTimes.count) else { return nil }
        return commitTimes[Int(index - commitBase)]
    }

    /// Whether everything replica `node` has not applied committed at most `bound` ago. A
    /// replica missing an entry whose commit time was forgotten is not: that entry is older
    /// than any remembered.
    func isFresh(_ node: Int, now: Nanoseconds, bound: Nanoseconds) -> Bool {
        let missing = replicas[node].applied + 1
        if missing > lastIndex { return true }
        guard let committed = commitTime(of: missing) else { return false }
        return now - committed <= bound
    }

    /// Replica `node` received entry `index` at `time`; its replay ends `applyTime` after
    /// the previous entry's. Returns when it will be applied. Entries arrive in order
    /// (FIFO links); a duplicate or old one is ignored (nil).
    mutating func receive(_ index: UInt64, at node: Int, time: Nanoseconds, applyTime: Nanoseconds) -> Nanoseconds? {
        guard index == replicas[node].received + 1 else { return nil }
        replicas[node].received = index
        let end = max(time, replicas[node].replayEnd) +| applyTime
        replicas[node].replayEnd = end
        replicas[node].replaying.append((index, end))
        return end
    }

    /// Advances replica `node`'s applied index to what has replayed by `time`, adding the
    /// replay lag (apply time minus commit time, ns) of each entry it applies to `lags`.
    mutating func catchUp(_ node: Int, to time: Nanoseconds, lags: inout [Nanoseconds]) {
        while let next = replicas[node].replaying.first, next.appliedAt <= time {
            _ = replicas[node].replaying.popFirst()
            replicas[node].applied = next.index
            if let committed = commitTime(of: next.index) { lags.append(next.appliedAt - committed) }
        }
    }

    /// Forgets commit times every replica has applied, and past `limit` remembered ones the
    /// oldest even if a replica lags behind them (a replica down for hours must not grow
    /// the primary's memory without bound, as Postgres invalidates a replication slot past
    /// `max_slot_wal_keep_size`). Drops in chunks, so the cost per entry stays constant.
    mutating func trim(keepingAtMost limit: Int) {
        var lowest = lastIndex
        for replica in replicas { lowest = min(lowest, replica.applied) }
        var drop = Int(min(UInt64(commitTimes.count), lowest >= commitBase ? lowest - commitBase + 1 : 0))
        if commitTimes.count - drop >= limit + 4096 {
            forgottenEntries += UInt64(commitTimes.count - limit - drop)
            drop = commitTimes.count - limit
        }
        if drop >= 4096 {
            versionBeforeBase = versions[drop - 1]
            commitTimes.removeFirst(drop)
            versions.removeFirst(drop)
            commitBase += UInt64(drop)
        }
    }

    /// Promotes `node` after the primary failed: its received log is the new history; the
    /// primary's entries beyond it are lost. Returns the index it takes over at.
    mutating func promote(_ node: Int) -> UInt64 {
        primary = node
        let takeover = replicas[node].received
        // A promoted replica finishes replaying before it serves.
        replicas[node].applied = takeover
        replicas[node].replaying.removeAll()
        lastIndex = takeover
        let discarded = max(0, commitTimes.count - Int(takeover >= commitBase ? takeover - commitBase + 1 : 0))
        commitTimes.removeLast(discarded)
        versions.removeLast(discarded)
        // A takeover behind the forgotten commit times starts the remembered ones afresh.
        if commitTimes.isEmpty { commitBase = takeover + 1 }
        for other in replicas.indices where other != node {
            // Replicas ahead of the new primary discard what it never had.
            if replicas[other].received > takeover {
                replicas[other].received = takeover
                replicas[other].applied = min(replicas[other].applied, takeover)
                replicas[other].replaying.removeAll()
            }
        }
        return takeover
    }
}
