// Transactions (`--txn`): the client coordinates each attempt; locks live at each key's
// leaseholder (`TransactionCoordinator`, `LockTable`); writes go through Raft.

extension Simulation {
    /// A Raft command's operation id for the write of key number `slot` of attempt `txn`:
    /// the top bit tells it from a single-key operation's id.
    static func transactionOperation(_ txn: UInt32, slot: UInt8) -> UInt64 { 1 << 63 | UInt64(slot) << 32 | UInt64(txn) }
    static func isTransactionOperation(_ operation: UInt64) -> Bool { operation >> 63 == 1 }

    /// An arrival in transaction mode: a new transaction on the drawn key and K−1 more.
    func beginTransaction(client index: Int, first: RetryState) {
        guard let shape = transactions?.drawShape() else { return }
        let keys = driver.drawKeys(client: index, count: shape.keys, first: first.key)
        guard let id = transactions?.begin(client: index, keys: keys, issuedAt: now, attemptNumber: 1, readOnly: shape.kind == .readOnly)
        else { return }
        startTransaction(id)
    }

    /// A read-only attempt's reads all see the snapshot of its start.
    func takeSnapshot(_ txn: UInt32) {
        transactions?.update(txn) { if $0.readOnly { $0.snapshot = now } }
    }

    /// Attempt `txn` starts: its timeout is armed and its first read goes out.
    func startTransaction(_ txn: UInt32) {
        guard transactions?.attempt(txn) != nil else { return }
        takeSnapshot(txn)
        queue.schedule(.transactionTimeout(txn: txn), at: now +| scenario.operationTimeout)
        sendTransactionRead(txn)
    }

    /// The leaseholder's node of `key`'s range, if the range has a live leader.
    func leaseholderNode(ofKey key: Int) -> Int? {
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
        let locking = settings.lockingReads && attempt.statementsLeft == settings.statements
        send(from: endpoint, to: node, .transactionRead(txn: txn, key: key, locking: locking), at: now)
    }

    /// A read reaches `node`: a leaseholder takes the lock if asked (or queues for it)
    /// and answers with the key's latest committed version.
    func transactionReadArrived(at node: Int, txn: UInt32, key: Int, locking: Bool, from client: Int, at time: Nanoseconds) {
        // A duplicated request of a read already queued for the lock queues nothing more.
        guard let attempt = transactions?.attempt(txn), attempt.waitingOn != key else { return }
        guard leaseholderNode(ofKey: key) == node else {
            send(from: node, to: client, .transactionReadDone(txn: txn, key: key, version: 0, ok: false, deadlock: false), at: time)
            return
        }
        if attempt.readOnly {
            serveSnapshotRead(txn, key: key, at: node, time: time)
            return
        }
        if locking {
            switch transactions?.locks.acquire(key, for: Int(txn), at: now) {
            case .queued?:
                transactions?.update(txn) { $0.waitingOn = key }
                return
            case .deadlock?:
                send(from: node, to: client, .transactionReadDone(txn: txn, key: key, version: 0, ok: false, deadlock: true), at: time)
                return
            default:
                transactions?.update(txn) { if !$0.held.contains(key) { $0.held.append(key) } }
            }
        }
        let version = transactions?.version(of: key) ?? 0
        send(from: node, to: client, .transactionReadDone(txn: txn, key: key, version: version, ok: true, deadlock: false), at: time)
    }

    /// A read-only attempt's read of `key` at `node`: the newest version at or below its
    /// snapshot, after any intent below the snapshot resolves; refused when the versions
    /// kept no longer reach back to the snapshot.
    func serveSnapshotRead(_ txn: UInt32, key: Int, at node: Int, time: Nanoseconds) {
        guard var attempt = transactions?.attempt(txn), let store = transactions?.store else { return }
        if scenario.unsafe.contains(.transactionReadLatest) { attempt.snapshot = Int64.max }
        if store.mustWait(key, at: attempt.snapshot) {
            transactions?.store.wait(key, transaction: txn, node: node)
            return
        }
        let version = store.version(of: key, at: attempt.snapshot)
        send(
            from: node, to: driver.clients[attempt.client].endpoint,
            .transactionReadDone(txn: txn, key: key, version: version ?? 0, ok: version != nil, deadlock: false), at: time)
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
        if attempt.phase == .writing {
            transactionWriteLockGranted(txn, key: key, at: node)
            return
        }
        transactions?.update(txn) {
            $0.waitingOn = nil
            if !$0.held.contains(key) { $0.held.append(key) }
        }
        let version = transactions?.version(of: key) ?? 0
        send(
            from: node, to: driver.clients[attempt.client].endpoint,
            .transactionReadDone(txn: txn, key: key, version: version, ok: true, deadlock: false), at: now)
    }

    /// `owner` releases `key` at `node`; the next waiter, if any, gets it.
    func releaseTransactionLock(_ owner: Int, key: Int, at node: Int) {
        guard let next = transactions?.locks.release(key, by: owner, at: now) else { return }
        transactionLockGranted(UInt32(next), key: key, at: node)
    }

    /// The client got a read's answer: the next statement or key, or the hold, or an abort.
    func transactionReadDone(_ txn: UInt32, key: Int, version: Int64, ok: Bool, deadlock: Bool) {
        guard let attempt = transactions?.attempt(txn), attempt.phase == .reading, attempt.keys[attempt.reading] == key else { return }
        guard ok else {
            abortTransaction(txn, cause: deadlock ? .deadlock : .failed)
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

    /// The hold ended (or there was none): every write goes out at once.
    func sendTransactionWrites(_ txn: UInt32) {
        guard let attempt = transactions?.attempt(txn), attempt.phase == .holding else { return }
        transactions?.update(txn) {
            $0.phase = .writing
            $0.acknowledged = Array(repeating: false, count: $0.keys.count)
        }
        let endpoint = driver.clients[attempt.client].endpoint
        for (slot, key) in attempt.keys.enumerated() {
            guard let node = leaseholderNode(ofKey: key) else {
                abortTransaction(txn, cause: .failed)
                return
            }
            send(from: endpoint, to: node, .transactionWrite(txn: txn, key: key, slot: UInt8(slot)), at: now)
        }
    }
}
