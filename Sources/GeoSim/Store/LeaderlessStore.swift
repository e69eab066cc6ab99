/// A Dynamo-style leaderless store: which replicas hold each key, the newest version
/// (timestamp) each replica has of it, and the requests coordinators are waiting on.
/// Last writer wins by timestamp. Pure bookkeeping; the simulation moves the messages.
struct LeaderlessStore {
    /// A coordinator's wait for a quorum.
    struct Pending {
        var isWrite: Bool
        var key: Int
        /// Answers counted so far, and the quorum needed.
        var answers: Int
        var needed: Int
        /// Reads: the newest timestamp among the answers, and who answered with what.
        var newest: Nanoseconds
        var responders: [(node: Int, timestamp: Nanoseconds)]
        /// Writes: the write's timestamp.
        var timestamp: Nanoseconds
        /// True time the coordinator started (ns): a read should see every write
        /// acknowledged before it began.
        var startedAt: Nanoseconds
    }

    let replicaCount: Int
    let nodeCount: Int
    /// Per node: key → newest timestamp held (lookups only, never iterated).
    private var held: [[Int: Nanoseconds]]
    /// Every key written, in first-write order, for anti-entropy's deterministic sweep.
    private(set) var writtenKeys: [Int] = []
    private var written: Set<Int> = []
    /// Coordinator waits by operation id (lookups only, never iterated).
    var pending: [UInt64: Pending] = [:]

    init(replicaCount: Int, nodeCount: Int) {
        self.replicaCount = replicaCount
        self.nodeCount = nodeCount
        held = Array(repeating: [:], count: nodeCount)
    }

    /// The i-th replica of `key` (i < replicaCount): consecutive nodes from the key's
    /// position, so the N replicas of a key are distinct nodes.
    @inline(__always)
    func replica(_ i: Int, of key: Int) -> Int {
        (key % nodeCount + i) % nodeCount
    }

    /// The newest timestamp `node` holds for `key` (`Int64.min` when none).
    func timestamp(of key: Int, at node: Int) -> Nanoseconds {
        held[node][key] ?? Int64.min
    }

    /// `node` stores a version of `key`, keeping the newer one (last writer wins).
    mutating func store(_ key: Int, timestamp: Nanoseconds, at node: Int) {
        if timestamp > (held[node][key] ?? Int64.min) { held[node][key] = timestamp }
        if written.insert(key).inserted { writtenKeys.append(key) }
    }

    /// Anti-entropy: every replica of every written key takes the newest version any of
    /// them holds (Merkle-tree repair, modelled as instantaneous at the sweep).
    mutating func antiEntropy(isUp: (Int) -> Bool) {
        for key in writtenKeys {
            var newest = Int64.min
            for i in 0..<replicaCount where isUp(replica(i, of: key)) {
                newest = max(newest, timestamp(of: key, at: replica(i, of: key)))
            }
            for i in 0..<replicaCount where isUp(replica(i, of: key)) {
                store(key, timestamp: newest, at: replica(i, of: key))
            }
        }
    }
}
