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
        /// Reads: the newest timestamp among the answers.
        var newest: Nanoseconds
        /// Writes: the write's timestamp.
        var timestamp: Nanoseconds
        /// True time the coordinator started (ns): a read should see every write
        /// acknowledged before it began.
        var startedAt: Nanoseconds
        /// Reads: the row of `responderRows` holding who answered with what, and how many
        /// have (at most the quorum, so at most `replicaCount`); -1 for writes.
        /// Set by `begin`, not by callers.
        var responderRow: Int32 = -1
        var responderCount = 0
    }

    /// One answer a read's coordinator got.
    struct Responder: Equatable {
        var node: Int
        var timestamp: Nanoseconds
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
    private var beginOrder = FIFOQueue<(operation: UInt64, startedAt: Nanoseconds)>()
    /// Reads' answers, `replicaCount` per row, one row per open read wait; rows are reused
    /// (`freeRows`), so a read allocates nothing once enough rows exist.
    private var responderRows: [Responder] = []
    private var freeRows: [Int32] = []

    init(replicaCount: Int, nodeCount: Int) {
        self.replicaCount = replicaCount
        self.nodeCount = nodeCount
        held = Array(repeating: [:], count: nodeCount)
    }

    /// A coordinator starts waiting for `operation`'s quorum. Waits older than `timeout`
    /// are given up first, as a coordinator gives up at its request timeout: answers that
    /// never come (a partition, a crashed replica) must not hold memory for ever.
    mutating func begin(_ operation: UInt64, _ wait: Pending, timeout: Nanoseconds, now: Nanoseconds) {
        while let oldest = beginOrder.first, oldest.startedAt +| timeout <= now {
            _ = beginOrder.popFirst()
            // It may have finished already, or begun again since (a duplicate request).
            if let waiting = pending[oldest.operation], waiting.startedAt +| timeout <= now { end(oldest.operation) }
        }
        if pending[operation] != nil { end(operation) }
        var wait = wait
        if !wait.isWrite {
            if let row = freeRows.popLast() {
                wait.responderRow = row
            } else {
                wait.responderRow = Int32(responderRows.count / max(replicaCount, 1))
                responderRows.append(contentsOf: repeatElement(Responder(node: 0, timestamp: 0), count: max(replicaCount, 1)))
            }
        }
        pending[operation] = wait
        beginOrder.append((operation, wait.startedAt))
    }

    /// Ends `operation`'s wait, returning its answers' row to the free ones.
    @discardableResult
    private mutating func end(_ operation: UInt64) -> Pending? {
        guard let waiting = pending.removeValue(forKey: operation) else { return nil }
        if waiting.responderRow >= 0 { freeRows.append(waiting.responderRow) }
        return waiting
    }

    /// Counts an answer to `operation`'s wait (with the version it held, for a read) and,
    /// once its quorum is complete, ends the wait and returns it with a read's answers in
    /// arrival order (valid until the next `begin`); nil while it still waits, or if no
    /// wait is open (it ended, or was given up at `timeout`).
    mutating func answer(
        _ operation: UInt64, from replica: Int, timestamp: Nanoseconds?, timeout: Nanoseconds,
        now: Nanoseconds
    ) -> (wait: Pending, responders: ArraySlice<Responder>)? {
        guard let index = pending.index(forKey: operation) else { return nil }
        guard now < pending.values[index].startedAt +| timeout else {
            end(operation)
            return nil
        }
        pending.values[index].answers += 1
        let row = Int(pending.values[index].responderRow)
        if let timestamp {
            pending.values[index].newest = max(pending.values[index].newest, timestamp)
            let count = pending.values[index].responderCount
            if row >= 0, count < replicaCount {
                responderRows[row * replicaCount + count] = Responder(node: replica, timestamp: timestamp)
                pending.values[index].responderCount += 1
            }
        }
        guard pending.values[index].answers >= pending.values[index].needed, let done = end(operation) else { return nil }
        let start = max(row, 0) * replicaCount
        return (done, responderRows[start..<(start + done.responderCount)])
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
