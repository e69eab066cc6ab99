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

    /// The intent at `intent` on `key` resolves: committed at timestamp `commit` (the
    /// transaction's one commit timestamp, at or above the intent's), or abandoned (nil).
    /// Returns the snapshot readers that waited on it.
    mutating func resolve(_ key: Int, intent: Int64, committedAt commit: Int64?) -> [(transaction: UInt32, node: Int)] {
        // One hash lookup per table on the common path (an intent of this version, no
        // waiters): this runs for every key every transaction writes.
        if let current = intents.removeValue(forKey: key), current != intent { intents[key] = current }
        if let commit { Self.add(commit, to: &versions[key, default: []]) }
        return waiters.isEmpty ? [] : waiters.removeValue(forKey: key) ?? []
    }

    /// Appends `version` to a key's kept versions if it is newer, keeping the newest few.
    private static func add(_ version: Int64, to kept: inout [Int64]) {
        guard version > kept.last ?? 0 else { return }
        kept.append(version)
        if kept.count > keptVersions { kept.removeFirst(kept.count - keptVersions) }
    }

    /// A snapshot reader waits on `key`'s intent.
    mutating func wait(_ key: Int, transaction: UInt32, node: Int) { waiters[key, default: []].append((transaction, node)) }
}
