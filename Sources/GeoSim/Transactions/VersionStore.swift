/// The committed versions of each key that transactions read (MVCC): the newest few
/// versions per key (their timestamps), the intent a writer has proposed but not yet
/// committed, and the snapshot readers waiting for such an intent to resolve.
///
/// A snapshot read at timestamp T returns the newest version at or below T. If an intent
/// at or below T is pending, the read waits for it (it may commit below T), as a
/// CockroachDB reader waits on a lower-timestamped intent. Only `keptVersions` versions
/// per key are kept, so memory follows the keys written, not the run's length; a read
/// older than all of them fails ("snapshot too old").
///
/// Invariants: each key's versions increase; a key has at most one intent (its writer
/// holds the key's lock).
struct VersionStore {
    /// Versions kept per key.
    static let keptVersions = 8

    private var versions: [Int: [Int64]] = [:]
    private var intents: [Int: Int64] = [:]
    private var waiters: [Int: [(transaction: UInt32, node: Int)]] = [:]

    /// The version a locking read returns: the newest (0: the initial value).
    func latest(of key: Int) -> Int64 { versions[key]?.last ?? 0 }

    /// The newest version of `key` at or below `snapshot`; nil when the kept versions no
    /// longer reach back that far.
    func version(of key: Int, at snapshot: Int64) -> Int64? {
        guard let kept = versions[key], let first = kept.first else { return 0 }
        if let newest = kept.last(where: { $0 <= snapshot }) { return newest }
        return kept.count < Self.keptVersions || first == 0 ? 0 : nil
    }

    /// Whether a snapshot read of `key` at `snapshot` must wait for a pending intent.
    func mustWait(_ key: Int, at snapshot: Int64) -> Bool { intents[key].map { $0 <= snapshot } ?? false }

    /// A writer proposed `version` of `key`.
    mutating func propose(_ key: Int, version: Int64) { intents[key] = version }

    /// `version` of `key` committed (or, `committed` false, was abandoned): the intent
    /// resolves. Returns the snapshot readers that waited on it.
    mutating func resolve(_ key: Int, version: Int64, committed: Bool) -> [(transaction: UInt32, node: Int)] {
        if intents[key] == version { intents[key] = nil }
        // In place: no copy of the key's versions per commit.
        if committed, version > versions[key]?.last ?? 0 {
            versions[key, default: []].append(version)
            if let count = versions[key]?.count, count > Self.keptVersions { versions[key]?.removeFirst(count - Self.keptVersions) }
        }
        return waiters.removeValue(forKey: key) ?? []
    }

    /// A snapshot reader waits on `key`'s intent.
    mutating func wait(_ key: Int, transaction: UInt32, node: Int) { waiters[key, default: []].append((transaction, node)) }
}
