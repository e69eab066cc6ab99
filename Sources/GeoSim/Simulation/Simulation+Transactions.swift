// Transactions (`--txn`): the client coordinates each attempt; locks live at each key's
// leaseholder, or at the primary (`TransactionCoordinator`, `LockTable`); writes go
// through Raft, or are applied at the primary and committed by one WAL record.

extension Simulation {
    /// A Raft command's operation id for the write of key number `slot` of attempt `txn`
    /// (slot K, one past the keys: its record or commit): the top bit tells it from a
    /// single-key operation's id.
    static func transactionOperation(_ txn: UInt32, slot: UInt8) -> UInt64 { 1 << 63 | UInt64(slot) << 32 | UInt64(txn) }
    static func isTransactionOperation(_ operation: UInt64) -> Bool { operation >> 63 == 1 }

    /// Whether transactions run PostgreSQL-style at a primary.
    var transactionsOnPrimary: Bool { primaries != nil }
    var isolation: IsolationLevel { scenario.transaction?.isolation ?? .serializable }

    /// An arrival in transaction mode: a new transaction on the drawn key and K−1 more.
    func beginTransaction(client index: Int, first: RetryState) {
        guard let shape = transactions?.drawShape() else { return }
        let keys = driver.drawKeys(client: index, count: shape.keys, first: first.key)
        guard let id = transactions?.begin(client: index, keys: keys, issuedAt: now, attemptNumber: 1, kind: shape.kind)
        else { return }
        startTransaction(id)
    }

    /// Attempt `txn` starts: its timeout is armed and its first read (or, for blind
    /// writes, its writes) go out. On Raft ranges the gateway's clock gives its snapshot
    /// timestamp; a primary takes it at the first statement.
    func startTransaction(_ txn: UInt32) {
        guard let attempt = transactions?.attempt(txn) else { return }
        if !transactionsOnPrimary {
            let gateway = driver.clients[attempt.client].gateways.first ?? 0
            let snapshot = clock(of: gateway)
            transactions?.update(txn) { $0.snapshot = snapshot }
        }
        queue.schedule(.transactionTimeout(txn: txn), at: now +| scenario.operationTimeout)
        if attempt.kind == .writeOnly {
            transactions?.update(txn) { $0.phase = .holding }
            sendTransactionWrites(txn)
        } else {
            sendTransactionRead(txn)
        }
    }

    /// The node holding `key`'s locks and newest data: its range's leaseholder (if the
    /// range has a live leader), or the primary (if up).
    func leaseholderNode(ofKey key: Int) -> Int? {
        if let primaries {
            let primary = primaries.primary
            return faults.down[primary] ? nil : primary
        }
        let range = layout.range(ofKey: key)
        // The last leader elected, while it still leads and its node is up; else a scan.
        if let cached = transactions?.leaderReplica[range], cached >= 0, ranges.replicas[Int(cached)].role == .leader {
            let node = ranges.node(of: Int(cached))
            if !faults.down[node] { return node }
        }
        guard let leader = currentLeader(ofRange: range) else { return nil }
        transactions?.noteLeader(range: range, replica: leader)
        return ranges.node(of: leader)
    }

    /// The attempt's next read statement goes to its key's leaseholder.
    func sendTransactionRead(_ txn: UInt32) {
        guard let attempt = transactions?.attempt(txn), let settings = scenario.transaction else { return }
        let key = attempt.keys[attempt.reading]
        let endpoint = driver.clients[attempt.client].endpoint
        guard let node = leaseholderNode(ofKey: key) else {
            abortTransaction(txn, cause: .failed)
            return
        }
        // The first statement of a read takes the lock; the rest find it held.
        let locking = settings.lockingReads && !attempt.readOnly && attempt.statementsLeft == settings.statements
        send(from: endpoint, to: node, .transactionRead(txn: txn, key: key, locking: locking), at: now)
    }

    /// Whether a read is served from the attempt's MVCC snapshot rather than the newest
    /// committed version: read-only attempts except under read-committed (each statement
    /// sees what is committed when it runs), and plain reads under snapshot isolation.
    func readsSnapshot(_ attempt: TransactionCoordinator.Attempt, locking: Bool) -> Bool {
        switch isolation {
        case .readCommitted: false
        case .snapshot: !locking
        case .serializable: attempt.readOnly
        }
    }

    /// A read reaches `node`: a leaseholder takes the lock if asked (or queues for it)
    /// and answers with the version the isolation level says.
    func transactionReadArrived(at node: Int, txn: UInt32, key: Int, locking: Bool, from client: Int, at time: Nanoseconds) {
        // A duplicated request of a read already queued for the lock queues nothing more.
        guard let attempt = transactions?.attempt(txn), attempt.waitingOn != key else { return }
        guard leaseholderNode(ofKey: key) == node else {
            refuseTransactionRead(txn, key: key, cause: .failed, from: node, to: client, at: time)
            return
        }
        takeSnapshotAtPrimary(txn)
        if readsSnapshot(attempt, locking: locking) {
            serveSnapshotRead(txn, key: key, at: node, time: time)
            return
        }
        if locking {
            switch lockForTransaction(txn, key: key) {
            case .queued: return
            case .deadlock:
                refuseTransactionRead(txn, key: key, cause: .deadlock, from: node, to: client, at: time)
                return
            case .granted: break
            }
        }
        answerLatestRead(txn, key: key, at: node, time: time)
    }

    /// A primary takes an attempt's snapshot when its first statement arrives.
    func takeSnapshotAtPrimary(_ txn: UInt32) {
        guard transactionsOnPrimary else { return }
        let instant = now
        transactions?.update(txn) { if $0.snapshot == 0 { $0.snapshot = instant } }
    }

    /// `txn` asks for `key`'s lock where it lives: on a primary a queued request arms
    /// the waiter's deadlock check (`deadlock_timeout`).
    func lockForTransaction(_ txn: UInt32, key: Int) -> LockTable.Grant {
        let grant = transactions?.locks.acquire(key, for: Int(txn), at: now) ?? .granted
        switch grant {
        case .queued:
            transactions?.update(txn) { $0.waitingOn = key }
            if transactionsOnPrimary, let timeout = scenario.transaction?.deadlockTimeout {
                queue.schedule(.transactionDeadlockCheck(txn: txn), at: now +| timeout)
            }
        case .granted:
            transactions?.update(txn) { if !$0.held.contains(key) { $0.held.append(key) } }
        case .deadlock: break
        }
        return grant
    }

    func refuseTransactionRead(_ txn: UInt32, key: Int, cause: AbortCause, from node: Int, to client: Int, at time: Nanoseconds) {
        send(from: node, to: client, .transactionReadDone(txn: txn, key: key, version: 0, refusal: UInt8(cause.rawValue + 1)), at: time)
    }

    /// A read (holding its lock if it locks) returns the newest committed version; under
    /// snapshot isolation a locking read of a key changed since the snapshot is a
    /// serialization failure (PostgreSQL's REPEATABLE READ `FOR UPDATE`).
    func answerLatestRead(_ txn: UInt32, key: Int, at node: Int, time: Nanoseconds) {
        guard let attempt = transactions?.attempt(txn), let version = transactions?.version(of: key) else { return }
        let client = driver.clients[attempt.client].endpoint
        if isolation == .snapshot, version > attempt.snapshot, !scenario.unsafe.contains(.transactionSkipRefresh) {
            refuseTransactionRead(txn, key: key, cause: .conflict, from: node, to: client, at: time)
            return
        }
        send(from: node, to: client, .transactionReadDone(txn: txn, key: key, version: version, refusal: 0), at: time)
    }

    /// A snapshot read of `key` at `node`: the newest version at or below the snapshot,
    /// after any intent below it resolves; refused when the versions kept no longer reach
    /// back that far. On Raft ranges a version above the snapshot but within the clock
    /// uncertainty (up to `--max-clock-offset` above it, and no later than `node`'s clock:
    /// CockroachDB's observed timestamp) may have been written first in real time: the
    /// read moves above it.
    func serveSnapshotRead(_ txn: UInt32, key: Int, at node: Int, time: Nanoseconds) {
        guard let attempt = transactions?.attempt(txn), let store = transactions?.store else { return }
        let snapshot = scenario.unsafe.contains(.transactionReadLatest) ? Int64.max : attempt.snapshot
        let limit = transactionsOnPrimary ? snapshot : max(snapshot, min(snapshot +| scenario.maxClockOffset, clock(of: node)))
        if store.mustWait(key, at: limit) {
            transactions?.store.wait(key, transaction: txn, node: node)
            return
        }
        let client = driver.clients[attempt.client].endpoint
        guard let version = store.version(of: key, at: limit) else {
            refuseTransactionRead(txn, key: key, cause: .failed, from: node, to: client, at: time)
            return
        }
        if version > snapshot {
            // Nothing read yet: the leaseholder moves the snapshot itself (a server-side
            // refresh); else the client restarts its reads above the version.
            guard attempt.reading == 0, attempt.statementsLeft == scenario.transaction?.statements else {
                send(
                    from: node, to: client, .transactionReadDone(txn: txn, key: key, version: version, refusal: TransactionCoordinator.uncertaintyRestart),
                    at: time)
                return
            }
            transactions?.update(txn) { $0.snapshot = version }
        }
        send(from: node, to: client, .transactionReadDone(txn: txn, key: key, version: version, refusal: 0), at: time)
    }

    /// Snapshot reads that waited on intents that resolved are served now.
    func resumeSnapshotReads(_ waiters: [(transaction: UInt32, node: Int)]) {
        for waiter in waiters {
            guard let attempt = transactions?.attempt(waiter.transaction), attempt.phase == .reading else { continue }
            serveSnapshotRead(waiter.transaction, key: attempt.keys[attempt.reading], at: waiter.node, time: now)
        }
    }

    /// A queued lock was handed to `txn` at `node`: its read is answered now.
    func transactionLockGranted(_ txn: UInt32, key: Int, at node: Int) {
        guard let attempt = transactions?.attempt(txn) else {
            // The attempt is gone (aborted while it waited): pass the lock on.
            releaseTransactionLock(Int(txn), key: key, at: node)
            return
        }
        transactions?.update(txn) {
            $0.waitingOn = nil
            if !$0.held.contains(key) { $0.held.append(key) }
        }
        if attempt.phase == .writing {
            proposeTransactionWrite(txn, key: key, at: node, time: now)
        } else {
            answerLatestRead(txn, key: key, at: node, time: now)
        }
    }

    /// `owner` releases `key` at `node`; the next waiter, if any, gets it.
    func releaseTransactionLock(_ owner: Int, key: Int, at node: Int) {
        guard let next = transactions?.locks.release(key, by: owner, at: now) else { return }
        if let attempt = transactions?.attempt(UInt32(next.transaction)) {
            transactions?.noteLockWait(next.waited, region: driver.clients[attempt.client].region)
        }
        transactionLockGranted(UInt32(next.transaction), key: key, at: node)
    }

    /// The client got a read's answer: the next statement or key, or the hold, or an
    /// abort, or a restart of its reads above an uncertain version.
    func transactionReadDone(_ txn: UInt32, key: Int, version: Int64, refusal: UInt8) {
        guard let attempt = transactions?.attempt(txn), attempt.phase == .reading, attempt.keys[attempt.reading] == key else { return }
        if refusal == TransactionCoordinator.uncertaintyRestart {
            transactions?.restartReads(txn, at: version)
            sendTransactionRead(txn)
            return
        }
        guard refusal == 0 else {
            abortTransaction(txn, cause: AbortCause(rawValue: Int(refusal) - 1) ?? .failed)
            return
        }
        let statements = scenario.transaction?.statements ?? 1
        var readAll = false
        transactions?.update(txn) {
            $0.statementsLeft -= 1
            if $0.statementsLeft > 0 { return }
            $0.reads.append(.init(key: key, version: version))
            $0.reading += 1
            $0.statementsLeft = statements
            readAll = $0.reading == $0.keys.count
        }
        if !readAll {
            sendTransactionRead(txn)
            return
        }
        if attempt.readOnly {
            endTransaction(txn, cause: nil)
            return
        }
        transactions?.update(txn) { $0.phase = .holding }
        let hold = scenario.transaction?.hold ?? 0
        if hold > 0 {
            queue.schedule(.transactionHoldDone(txn: txn), at: now +| hold)
        } else {
            sendTransactionWrites(txn)
        }
    }
}
