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
    private(set) var pending: [UInt64: Pending] = [:]
    /// The waits in the order they began, for giving up on them: (operation, start).
    private var beginOrder: [(operation: UInt64, startedAt: Nanoseconds)] = []
    private var beginOrderHead = 0

    init(replicaCount: Int, nodeCount: Int) {
        self.replicaCount = replicaCount
        self.nodeCount = nodeCount
        held = Array(repeating: [:], count: nodeCount)
    }

    /// A coordinator starts waiting for `operation`'s quorum. Waits older than `timeout`
    /// are given up first, as a coordinator gives up at its request timeout: answers that
    /// never come (a partition, a crashed replica) must not hold memory for ever.
    mutating func begin(_ operation: UInt64, _ wait: Pending, timeout: Nanoseconds, now: Nanoseconds) {
        while beginOrderHead < beginOrder.count, beginOrder[beginOrderHead].startedAt + timeout <= now {
            let stale = beginOrder[beginOrderHead].operation
            // It may have finished already, or begun again since (a duplicate request).
            if let waiting = pending[stale], waiting.startedAt + timeout <= now { pending[stale] = nil }
            beginOrderHead += 1
        }
        if beginOrderHead >= 4096 && beginOrderHead * 2 >= beginOrder.count {
            beginOrder.removeFirst(beginOrderHead)
            beginOrderHead = 0
        }
        pending[operation] = wait
        beginOrder.append((operation, wait.startedAt))
    }

    /// Counts an answer to `operation`'s wait (with the version it held, for a read) and
    /// returns the wait once its quorum is complete, ending it; nil while it still waits,
    /// or if no wait is open (it ended, or was given up at `timeout`).
    mutating func answer(_ operation: UInt64, from replica: Int, timestamp: Nanoseconds?, timeout: Nanoseconds,
                         now: Nanoseconds) -> Pending? {
        guard let index = pending.index(forKey: operation) else { return nil }
        guard now < pending.values[index].startedAt + timeout else {
            pending.remove(at: index)
            return nil
        }
        // In place, through the index: a copy would copy the responders on every answer.
        pending.values[index].answers += 1
        if let timestamp {
            pending.values[index].newest = max(pending.values[index].newest, timestamp)
            pending.values[index].responders.append((replica, timestamp))
        }
        guard pending.values[index].answers >= pending.values[index].needed else { return nil }
        return pending.remove(at: index).value
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
