// Transactions: writes at the leaseholders, commit, abort and retry.

extension Simulation {
    typealias AbortCause = TransactionCoordinator.AbortCause

    /// A write reaches `node`: it locks the key (already held after a locking read), then
    /// is proposed to Raft.
    func transactionWriteArrived(at node: Int, txn: UInt32, key: Int, slot: UInt8, from client: Int, at time: Nanoseconds) {
        // A duplicated request of a write already queued or proposed does nothing more.
        guard let attempt = transactions?.attempt(txn), attempt.waitingOn != key, !attempt.writes.contains(where: { $0.key == key })
        else { return }
        guard leaseholderNode(ofKey: key) == node else {
            refuseTransactionWrite(txn, slot: slot, cause: .failed, from: node, to: client, at: time)
            return
        }
        switch transactions?.locks.acquire(key, for: Int(txn), at: now) {
        case .queued?:
            transactions?.update(txn) { $0.waitingOn = key }
        case .deadlock?:
            refuseTransactionWrite(txn, slot: slot, cause: .deadlock, from: node, to: client, at: time)
        default:
            transactions?.update(txn) { if !$0.held.contains(key) { $0.held.append(key) } }
            proposeTransactionWrite(txn, key: key, at: node, time: time)
        }
    }

    func refuseTransactionWrite(_ txn: UInt32, slot: UInt8, cause: AbortCause, from node: Int, to client: Int, at time: Nanoseconds) {
        send(from: node, to: client, .transactionWriteDone(txn: txn, slot: slot, refusal: UInt8(cause.rawValue + 1)), at: time)
    }

    /// The leaseholder on `node` proposes the write of `key` as an intent, once the lock is
    /// the attempt's. Without locking reads it first checks that no one overwrote the
    /// version the attempt read (the lock now keeps anyone from doing so until commit).
    func proposeTransactionWrite(_ txn: UInt32, key: Int, at node: Int, time: Nanoseconds) {
        guard let attempt = transactions?.attempt(txn), let index = attempt.keys.firstIndex(of: key) else { return }
        let slot = UInt8(index)
        let client = driver.clients[attempt.client].endpoint
        if scenario.transaction?.lockingReads == false, !scenario.unsafe.contains(.transactionSkipRefresh),
            let read = attempt.reads.first(where: { $0.key == key }),
            transactions?.version(of: key) != read.version
        {
            refuseTransactionWrite(txn, slot: slot, cause: .conflict, from: node, to: client, at: time)
            return
        }
        let range = layout.range(ofKey: key)
        guard let replica = ranges.replica(ofRange: range, on: node), ranges.replicas[replica].role == .leader,
            let (_, timestamp) = ranges.proposeWrite(
                at: replica, operation: Self.transactionOperation(txn, slot: slot), key: key, clock: clock(of: node) +| followerReads.writeLead,
                floor: followerReads.closedFloor[range], into: &effects)
        else {
            refuseTransactionWrite(txn, slot: slot, cause: .failed, from: node, to: client, at: time)
            return
        }
        // The intent's timestamp is above the key's newest version (CockroachDB's write
        // timestamps never go below a committed version of the key).
        let version = max(timestamp, (transactions?.version(of: key) ?? 0) + 1)
        transactions?.update(txn) { $0.writes.append(.init(key: key, version: version)) }
        transactions?.store.propose(key, version: version)
        carryOutEffects(of: replica, at: time)
        if scenario.unsafe.contains(.transactionEarlyRelease) {
            transactions?.update(txn) { $0.held.removeAll { $0 == key } }
            releaseTransactionLock(Int(txn), key: key, at: node)
        }
    }

    /// A transaction's Raft write committed on leader `node`: tell its client.
    func transactionWriteCommitted(operation: UInt64, from node: Int, at time: Nanoseconds) {
        let txn = UInt32(truncatingIfNeeded: operation)
        let slot = UInt8(truncatingIfNeeded: operation >> 32)
        guard let attempt = transactions?.attempt(txn) else { return }
        send(from: node, to: driver.clients[attempt.client].endpoint, .transactionWriteDone(txn: txn, slot: slot, refusal: 0), at: time)
    }

    /// The client heard from one write: the last one commits the transaction.
    func transactionWriteDone(_ txn: UInt32, slot: Int, refusal: UInt8) {
        guard let attempt = transactions?.attempt(txn), attempt.phase == .writing, slot < attempt.acknowledged.count else { return }
        guard refusal == 0 else {
            abortTransaction(txn, cause: AbortCause(rawValue: Int(refusal) - 1) ?? .failed)
            return
        }
        var all = false
        transactions?.update(txn) {
            $0.acknowledged[slot] = true
            all = !$0.acknowledged.contains(false)
        }
        guard all else { return }
        let waiters = transactions?.makeVisible(txn) ?? []
        endTransaction(txn, cause: nil)
        resumeSnapshotReads(waiters)
    }

    /// A lock a write waited for was handed over: its write is proposed.
    func transactionWriteLockGranted(_ txn: UInt32, key: Int, at node: Int) {
        transactions?.update(txn) {
            $0.waitingOn = nil
            if !$0.held.contains(key) { $0.held.append(key) }
        }
        proposeTransactionWrite(txn, key: key, at: node, time: now)
    }

    /// Attempt `txn` aborts: its locks go, and it is retried while retries remain.
    func abortTransaction(_ txn: UInt32, cause: AbortCause) {
        guard let attempt = transactions?.attempt(txn) else { return }
        let final = cause == .timeout || attempt.attempts > (scenario.transaction?.retries ?? 0)
        endTransaction(txn, cause: cause, final: final)
        guard !final else { return }
        guard
            let next = transactions?.begin(
                client: attempt.client, keys: attempt.keys, issuedAt: attempt.issuedAt, attemptNumber: attempt.attempts + 1,
                readOnly: attempt.readOnly)
        else { return }
        queue.schedule(.transactionStart(txn: next), at: now +| driver.retryPause(attempt: attempt.attempts))
    }

    /// Attempt `txn` ends (committed when `cause` is nil): its locks are released at their
    /// leaseholders (a message away), a wait is cancelled, and a final outcome is counted.
    func endTransaction(_ txn: UInt32, cause: AbortCause?, final: Bool = true) {
        let region = transactions?.attempt(txn).map { driver.clients[$0.client].region } ?? 0
        guard let attempt = transactions?.finish(txn, cause: cause, region: region, now: now, final: final) else { return }
        if cause != nil { resumeSnapshotReads(transactions?.abandonIntents(of: attempt) ?? []) }
        let endpoint = driver.clients[attempt.client].endpoint
        if let key = attempt.waitingOn { transactions?.locks.cancelWait(key, by: Int(txn)) }
        for key in attempt.held {
            if let node = leaseholderNode(ofKey: key) {
                send(from: endpoint, to: node, .transactionRelease(txn: txn, key: key), at: now)
            } else {
                releaseTransactionLock(Int(txn), key: key, at: 0)
            }
        }
        guard final else { return }
        driver.transactionEnded()
        let latency = now - attempt.issuedAt
        let unknown = cause == .timeout && attempt.phase == .writing
        let writes = !attempt.readOnly
        outcomes.record(region: region, isWrite: writes, issuedAt: attempt.issuedAt, latency: latency, ok: cause == nil, unknown: unknown)
        if scenario.timeline { timeline.record(region: region, isWrite: writes, ok: cause == nil, unknown: unknown, latency: latency) }
    }

    /// A release reaches `node`.
    func transactionReleaseArrived(txn: UInt32, key: Int, at node: Int) {
        releaseTransactionLock(Int(txn), key: key, at: node)
    }
}
