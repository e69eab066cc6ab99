/// Exclusive row locks with a FIFO wait queue per key, as a leaseholder's lock table
/// (CockroachDB) or a primary's row locks (PostgreSQL) keep them, with deadlock
/// detection and the contention figures a report needs.
///
/// A transaction waits on at most one key at a time (it asks for its locks one after
/// another), so the waits-for graph is a set of chains. With `detectsOnRequest` (Raft
/// ranges: CockroachDB's pushers find the cycle as they push), a request that would
/// close a cycle is refused as a deadlock and its transaction aborts; CockroachDB aborts
/// by priority, which for equal priorities falls on the newest pusher. Without it
/// (PostgreSQL), the request queues, and after `deadlock_timeout` the waiter runs the
/// check (`inCycle`): the backend whose check finds the cycle is the one that aborts.
///
/// Invariants: a key's holder is not in its own queue; a waiting transaction is queued
/// on exactly the key `waitingOn` names.
struct LockTable {
    /// What a lock request got.
    enum Grant: Equatable {
        /// The lock is the requester's now (or already was).
        case granted
        /// Queued behind the holder and earlier waiters.
        case queued
        /// Waiting would close a waits-for cycle: the requester must abort.
        case deadlock
    }

    private struct Lock {
        var holder: Int
        var since: Nanoseconds
        var waiters: FIFOQueue<(transaction: Int, since: Nanoseconds)>
    }

    /// Contention per key: total wait, waits, total hold and holds (ns and counts).
    struct KeyStats: Equatable {
        var totalWait: Nanoseconds = 0
        var waits = 0
        var totalHold: Nanoseconds = 0
        var holds = 0
        /// The key's throughput ceiling: one over the mean hold, per second (nil before a
        /// release).
        var ceilingPerSecond: Double? { holds == 0 || totalHold == 0 ? nil : Double(holds) / (Double(totalHold) / 1e9) }
    }

    private var locks: [Int: Lock] = [:]
    /// Per transaction id, the key it waits on.
    private var waitingOn: [Int: Int] = [:]
    private(set) var stats: [Int: KeyStats] = [:]
    /// Every wait, from queueing to grant (ns).
    private(set) var waits = LatencyHistogram()
    private(set) var deadlocks = 0
    /// Whether a request that closes a waits-for cycle is refused at once.
    var detectsOnRequest = true
    /// Per simulated second, the lock waits that ended in it, summed (ns).
    private(set) var waitBySecond: [Nanoseconds] = []

    /// `transaction` asks for `key`'s lock at `now`.
    mutating func acquire(_ key: Int, for transaction: Int, at now: Nanoseconds) -> Grant {
        guard var lock = locks[key] else {
            locks[key] = Lock(holder: transaction, since: now, waiters: FIFOQueue())
            return .granted
        }
        if lock.holder == transaction { return .granted }
        if detectsOnRequest && closesCycle(waiter: transaction, holder: lock.holder) {
            deadlocks += 1
            return .deadlock
        }
        lock.waiters.append((transaction, now))
        locks[key] = lock
        waitingOn[transaction] = key
        return .queued
    }

    /// Whether `waiter` waiting for `holder` closes a cycle: `holder` waits, through a
    /// chain of holders, for something `waiter` holds.
    private func closesCycle(waiter: Int, holder: Int) -> Bool {
        var current = holder
        var steps = 0
        while let key = waitingOn[current], let next = locks[key]?.holder {
            if next == waiter { return true }
            current = next
            steps += 1
            if steps > waitingOn.count { return false }
        }
        return false
    }

    /// A waiter's deadlock check: whether `transaction` waits, through a chain of holders,
    /// on itself. A cycle found is counted.
    mutating func inCycle(_ transaction: Int) -> Bool {
        guard let key = waitingOn[transaction], let holder = locks[key]?.holder else { return false }
        let found = holder == transaction || closesCycle(waiter: transaction, holder: holder)
        if found { deadlocks += 1 }
        return found
    }

    /// `transaction` releases `key` at `now` (on commit or abort). Returns the waiter
    /// that now holds it, if any, and how long it waited (ns): the hub resumes it.
    mutating func release(_ key: Int, by transaction: Int, at now: Nanoseconds) -> (transaction: Int, waited: Nanoseconds)? {
        guard var lock = locks[key], lock.holder == transaction else { return nil }
        let next = lock.waiters.popFirst()
        let waited = next.map { now - $0.since }
        Self.count(&stats[key, default: KeyStats()], hold: now - lock.since, wait: waited)
        guard let next, let waited else {
            locks[key] = nil
            return nil
        }
        waits.record(waited)
        let second = Int(now / .second)
        if second >= 0, second < 1 << 24 {
            if waitBySecond.count <= second { waitBySecond += Array(repeating: 0, count: second - waitBySecond.count + 1) }
            waitBySecond[second] += waited
        }
        waitingOn[next.transaction] = nil
        lock.holder = next.transaction
        lock.since = now
        locks[key] = lock
        return (next.transaction, waited)
    }

    /// A release's figures for its key: the hold it ends and the wait it ends, if any.
    private static func count(_ stats: inout KeyStats, hold: Nanoseconds, wait: Nanoseconds?) {
        stats.totalHold += hold
        stats.holds += 1
        if let wait {
            stats.totalWait += wait
            stats.waits += 1
        }
    }

    /// `transaction` gives up waiting on `key` (it aborted or timed out).
    mutating func cancelWait(_ key: Int, by transaction: Int) {
        guard waitingOn[transaction] == key, var lock = locks[key] else { return }
        var kept = FIFOQueue<(transaction: Int, since: Nanoseconds)>()
        while let waiter = lock.waiters.popFirst() {
            if waiter.transaction != transaction { kept.append(waiter) }
        }
        lock.waiters = kept
        locks[key] = lock
        waitingOn[transaction] = nil
    }

    /// The mean time a lock was held, grant to release, over every key (ns; 0 before any
    /// release). The sum runs in key order, so the result does not depend on hashing.
    var meanHold: Double {
        let keys = stats.keys.sorted()
        let holds = keys.reduce(0) { $0 + (stats[$1]?.holds ?? 0) }
        let total = keys.reduce(0.0) { $0 + Double(stats[$1]?.totalHold ?? 0) }
        return holds == 0 ? 0 : total / Double(holds)
    }

    /// The holder of `key`, if any.
    func holder(of key: Int) -> Int? { locks[key]?.holder }

    /// The `count` keys with the most total lock wait, most first (ties: lower key).
    func hottestKeys(_ count: Int) -> [(key: Int, stats: KeyStats)] {
        let ranked = stats.map { (key: $0.key, stats: $0.value) }.filter { $0.stats.waits > 0 }
        return Array(ranked.sorted { ($0.stats.totalWait, -$0.key) > ($1.stats.totalWait, -$1.key) }.prefix(count))
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        for (transaction, key) in waitingOn.sorted(by: { $0.key < $1.key }) where locks[key] == nil {
            problems.append("transaction \(transaction) waits on key \(key), which no one holds")
        }
        return problems
    }
}
