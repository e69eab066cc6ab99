/// MVCC bookkeeping: the most recent committed versions of every key that was written,
/// with their log index, commit timestamp and the true time they committed. Enough for a
/// read to know which version it returned and how stale it is.
///
/// Each written key keeps its newest `depth` versions in a ring; a read that missed more
/// than that many reports `depth` versions missed (a documented floor, not an estimate).
/// Memory grows with the number of distinct keys written, never with the number of writes.
struct VersionHistory {
    /// One committed version.
    struct Version {
        /// Log index of the write.
        var index: UInt64
        /// Commit (MVCC) timestamp: the leaseholder's clock when it proposed the write (ns).
        var timestamp: Nanoseconds
        /// True simulated time at which the write committed (ns).
        var committedAt: Nanoseconds
    }

    /// What a read missed.
    struct Miss {
        /// Committed versions newer than the one the read returned (capped at `depth`).
        var versions: Int
        /// True commit time of the oldest version it missed; nil when it missed none.
        var oldestCommittedAt: Nanoseconds?
        /// True commit time of the newest committed version, if any.
        var newestCommittedAt: Nanoseconds?
        /// Missed versions whose timestamp is at or below the read timestamp: a
        /// timestamped read must never miss one (it would return a version older than
        /// its timestamp promises).
        var missedAtOrBelowReadTimestamp = 0
        /// The timestamp of the newest version the read did see (0: the initial value).
        var visibleTimestamp: Nanoseconds = 0
    }

    let depth: Int
    /// The slot of each written key (a hash map, never iterated: lookups only).
    private var slotOfKey: [Int: Int32] = [:]
    private var versions: [Version] = []
    private var counts: [UInt8] = []
    private var heads: [UInt8] = []

    init(depth: Int = 8) {
        self.depth = depth
    }

    /// Records that `key` got a committed version.
    mutating func record(key: Int, _ version: Version) {
        let slot: Int
        if let existing = slotOfKey[key] {
            slot = Int(existing)
        } else {
            slot = counts.count
            slotOfKey[key] = Int32(slot)
            counts.append(0)
            heads.append(0)
            versions.append(contentsOf: repeatElement(Version(index: 0, timestamp: 0, committedAt: 0), count: depth))
        }
        let head = Int(heads[slot])
        versions[slot * depth + head] = version
        heads[slot] = UInt8((head + 1) % depth)
        if Int(counts[slot]) < depth { counts[slot] += 1 }
    }

    /// The committed versions of `key` a read did not see: those newer than what the
    /// serving replica had applied (`appliedIndex`) or, for a timestamped read, those with
    /// a commit timestamp above `readTimestamp`. Only versions committed by `now` count.
    func miss(key: Int, appliedIndex: UInt64, readTimestamp: Nanoseconds?, now: Nanoseconds) -> Miss {
        // A key never written holds its initial value, version 0.
        guard let found = slotOfKey[key] else { return Miss(versions: 0, oldestCommittedAt: nil, newestCommittedAt: nil, visibleTimestamp: 0) }
        let slot = Int(found)
        var missed = 0
        var oldest: Nanoseconds?
        var newest: Nanoseconds?
        var missedBelow = 0
        var visible: Nanoseconds = 0
        for offset in 0..<Int(counts[slot]) {
            let version = versions[slot * depth + offset]
            guard version.committedAt <= now else { continue }
            newest = max(newest ?? version.committedAt, version.committedAt)
            let seen = version.index <= appliedIndex && readTimestamp.map { version.timestamp <= $0 } ?? true
            if seen { visible = max(visible, version.timestamp) }
            if !seen {
                missed += 1
                oldest = min(oldest ?? version.committedAt, version.committedAt)
                if let readTimestamp, version.timestamp <= readTimestamp { missedBelow += 1 }
            }
        }
        return Miss(
            versions: missed, oldestCommittedAt: oldest, newestCommittedAt: newest,
            missedAtOrBelowReadTimestamp: missedBelow, visibleTimestamp: visible)
    }
}
