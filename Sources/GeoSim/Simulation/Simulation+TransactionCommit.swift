// Transactions: writes at the leaseholders (or the primary), the record, commit.

extension Simulation {
    typealias AbortCause = TransactionCoordinator.AbortCause

    /// The hold ended (or there was none): every write goes out at once, and with
    /// parallel commits on Raft ranges the transaction record with them.
    func sendTransactionWrites(_ txn: UInt32) {
        guard let attempt = transactions?.attempt(txn), attempt.phase == .holding else { return }
        transactions?.update(txn) {
            $0.phase = .writing
            $0.acknowledged = Array(repeating: false, count: $0.keys.count + 1)
        }
        let endpoint = driver.clients[attempt.client].endpoint
        // With parallel commits the STAGING record rides in the anchor write's batch.
        let ridesWithAnchor: UInt8 = !transactionsOnPrimary && scenario.transaction?.commit == .parallel ? Self.recordRides : 0
        for (slot, key) in attempt.keys.enumerated() {
            guard let node = leaseholderNode(ofKey: key) else {
                abortTransaction(txn, cause: .failed)
                return
            }
            send(from: endpoint, to: node, .transactionWrite(txn: txn, key: key, slot: UInt8(slot) | (slot == 0 ? ridesWithAnchor : 0)), at: now)
        }
    }

    /// The bit of a write's slot that says the transaction record travels with it.
    static let recordRides: UInt8 = 0x80

    /// The transaction record (STAGING with parallel commits, COMMITTED with two-phase
    /// commit) goes to the leaseholder of the anchor key, the first key; on a primary,
    /// the COMMIT statement.
    func sendTransactionRecord(_ txn: UInt32) {
        guard let attempt = transactions?.attempt(txn), let anchor = attempt.keys.first else { return }
        guard let node = leaseholderNode(ofKey: anchor) else {
            abortTransaction(txn, cause: .failed)
            return
        }
        let endpoint = driver.clients[attempt.client].endpoint
        send(from: endpoint, to: node, .transactionWrite(txn: txn, key: anchor, slot: UInt8(attempt.recordSlot)), at: now)
    }

    /// A write (or the record, slot K) reaches `node`: a write locks the key (already
    /// held after a locking read), then is proposed to Raft or applied at the primary.
    func transactionWriteArrived(at node: Int, txn: UInt32, key: Int, slot tagged: UInt8, from client: Int, at time: Nanoseconds) {
        guard var attempt = transactions?.attempt(txn) else { return }
        let slot = tagged & ~Self.recordRides
        if tagged & Self.recordRides != 0 && !attempt.recordRides {
            transactions?.update(txn) { $0.recordRides = true }
            attempt.recordRides = true
        }
        let isRecord = Int(slot) == attempt.recordSlot
        // A duplicated request of a write already queued or proposed does nothing more.
        guard isRecord ? !attempt.recordProposed : attempt.waitingOn != key && !attempt.writes.contains(where: { $0.key == key }) else { return }
        guard leaseholderNode(ofKey: key) == node else {
            refuseTransactionWrite(txn, slot: slot, cause: .failed, from: node, to: client, at: time)
            return
        }
        if isRecord {
            proposeTransactionRecord(txn, at: node, time: time)
            return
        }
        takeSnapshotAtPrimary(txn)
        switch lockForTransaction(txn, key: key) {
        case .queued: break
        case .deadlock: refuseTransactionWrite(txn, slot: slot, cause: .deadlock, from: node, to: client, at: time)
        case .granted: proposeTransactionWrite(txn, key: key, at: node, time: time)
        }
    }

    func refuseTransactionWrite(_ txn: UInt32, slot: UInt8, cause: AbortCause, from node: Int, to client: Int, at time: Nanoseconds) {
        send(from: node, to: client, .transactionWriteDone(txn: txn, slot: slot, refusal: UInt8(cause.rawValue + 1)), at: time)
    }

    /// Whether the write of `key`, its lock now held, must abort: serializable plain
    /// reads whose version changed (the read refresh fails), or under snapshot isolation
    /// a key changed since the snapshot (first updater wins). Read-committed writes over
    /// whatever is there.
    func transactionWriteConflicts(_ attempt: TransactionCoordinator.Attempt, key: Int) -> Bool {
        guard !scenario.unsafe.contains(.transactionSkipRefresh), let latest = transactions?.version(of: key) else { return false }
        switch isolation {
        case .serializable:
            guard scenario.transaction?.lockingReads == false, let read = attempt.reads.first(where: { $0.key == key }) else { return false }
            return latest != read.version
        case .snapshot: return latest > attempt.snapshot
        case .readCommitted: return false
        }
    }

    /// The leaseholder on `node` proposes the write of `key` as an intent (on a primary,
    /// applies it and answers at once), once the lock is the attempt's.
    func proposeTransactionWrite(_ txn: UInt32, key: Int, at node: Int, time: Nanoseconds) {
        guard let attempt = transactions?.attempt(txn), let index = attempt.keys.firstIndex(of: key) else { return }
        let slot = UInt8(index)
        let client = driver.clients[attempt.client].endpoint
        if transactionWriteConflicts(attempt, key: key) {
            refuseTransactionWrite(txn, slot: slot, cause: .conflict, from: node, to: client, at: time)
            return
        }
        if transactionsOnPrimary {
            // PostgreSQL writes the row version in place; it becomes visible at commit, and
            // readers never wait for it. Its timestamp is the commit's.
            transactions?.update(txn) { $0.writes.append(.init(key: key, version: 0)) }
            send(from: node, to: client, .transactionWriteDone(txn: txn, slot: slot, refusal: 0), at: time)
        } else if !proposeRaftIntent(txn, key: key, slot: slot, at: node, time: time) {
            refuseTransactionWrite(txn, slot: slot, cause: .failed, from: node, to: client, at: time)
            return
        }
        if scenario.unsafe.contains(.transactionEarlyRelease) {
            transactions?.update(txn) { $0.held.removeAll { $0 == key } }
            releaseTransactionLock(Int(txn), key: key, at: node)
        }
    }

    /// Proposes the intent of `key` to its range's Raft group led on `node`; false when
    /// the replica there does not lead.
    func proposeRaftIntent(_ txn: UInt32, key: Int, slot: UInt8, at node: Int, time: Nanoseconds) -> Bool {
        let range = layout.range(ofKey: key)
        guard let replica = ranges.replica(ofRange: range, on: node), ranges.replicas[replica].role == .leader,
            let (_, timestamp) = ranges.proposeWrite(
                at: replica, operation: Self.transactionOperation(txn, slot: slot), key: key, clock: clock(of: node) +| followerReads.writeLead,
                floor: followerReads.closedFloor[range], into: &effects)
        else { return false }
        // The intent's timestamp is above the key's newest version (CockroachDB's write
        // timestamps never go below a committed version of the key).
        let version = max(timestamp, (transactions?.version(of: key) ?? 0) + 1)
        transactions?.update(txn) { $0.writes.append(.init(key: key, version: version)) }
        transactions?.store.propose(key, version: version)
        if let attempt = transactions?.attempt(txn), attempt.recordRides, !attempt.recordProposed, key == attempt.keys.first {
            // Proposed in the same round as the anchor's intent: one consensus round for both.
            _ = proposeRaftRecord(txn, replica: replica, range: range)
        }
        carryOutEffects(of: replica, at: time)
        return true
    }

    /// Proposes attempt `txn`'s record to `replica`, the leader of the anchor key's range;
    /// false when it does not lead.
    func proposeRaftRecord(_ txn: UInt32, replica: Int, range: Int) -> Bool {
        guard let attempt = transactions?.attempt(txn), let anchor = attempt.keys.first, ranges.replicas[replica].role == .leader else { return false }
        transactions?.update(txn) { $0.recordProposed = true }
        let node = ranges.node(of: replica)
        let operation = Self.transactionOperation(txn, slot: UInt8(attempt.recordSlot))
        return ranges.proposeWrite(
            at: replica, operation: operation, key: anchor, clock: clock(of: node) +| followerReads.writeLead,
            floor: followerReads.closedFloor[range], into: &effects) != nil
    }

    /// The record reaches the anchor key's leaseholder (proposed to its Raft group), or
    /// the COMMIT reaches the primary (a WAL record, made durable and shipped).
    func proposeTransactionRecord(_ txn: UInt32, at node: Int, time: Nanoseconds) {
        guard let attempt = transactions?.attempt(txn), let anchor = attempt.keys.first else { return }
        if transactionsOnPrimary {
            transactions?.update(txn) { $0.recordProposed = true }
            let request = ClientRequest(operation: Self.transactionOperation(txn, slot: UInt8(attempt.recordSlot)), key: anchor, isWrite: true, hops: 0)
            if usesDisk { makeDurable(.primaryCommit(request), on: node, at: time) } else { commitAtPrimary(node: node, request, at: time) }
            return
        }
        let range = layout.range(ofKey: anchor)
        guard let replica = ranges.replica(ofRange: range, on: node), proposeRaftRecord(txn, replica: replica, range: range) else {
            let client = driver.clients[attempt.client].endpoint
            refuseTransactionWrite(txn, slot: UInt8(attempt.recordSlot), cause: .failed, from: node, to: client, at: time)
            return
        }
        carryOutEffects(of: replica, at: time)
    }

    /// A transaction's Raft write (or record) committed on leader `node`, or its commit
    /// on the primary: tell its client. The primary commits there and then: the versions
    /// become visible and the locks go, as PostgreSQL ends a transaction.
    func transactionWriteCommitted(operation: UInt64, from node: Int, at time: Nanoseconds) {
        let txn = UInt32(truncatingIfNeeded: operation)
        let slot = UInt8(truncatingIfNeeded: operation >> 32)
        guard let attempt = transactions?.attempt(txn) else { return }
        if transactionsOnPrimary && Int(slot) == attempt.recordSlot && !attempt.committedAtServer {
            transactions?.update(txn) { $0.committedAtServer = true }
            let waiters = transactions?.makeVisible(txn, at: time) ?? []
            transactions?.update(txn) { $0.held = [] }
            for key in attempt.held { releaseTransactionLock(Int(txn), key: key, at: node) }
            resumeSnapshotReads(waiters)
        }
        send(from: node, to: driver.clients[attempt.client].endpoint, .transactionWriteDone(txn: txn, slot: slot, refusal: 0), at: time)
    }

    /// The client heard from one write or the record: once every write is in, two-phase
    /// commit (and a primary) sends the record; once the record is in too, it commits.
    func transactionWriteDone(_ txn: UInt32, slot: Int, refusal: UInt8) {
        guard let attempt = transactions?.attempt(txn), attempt.phase == .writing, slot < attempt.acknowledged.count,
            !attempt.acknowledged[slot]
        else { return }
        guard refusal == 0 else {
            abortTransaction(txn, cause: AbortCause(rawValue: Int(refusal) - 1) ?? .failed)
            return
        }
        transactions?.update(txn) { $0.acknowledged[slot] = true }
        guard let updated = transactions?.attempt(txn) else { return }
        if !updated.acknowledged.contains(false) {
            let waiters = updated.committedAtServer ? [] : transactions?.makeVisible(txn) ?? []
            endTransaction(txn, cause: nil)
            resumeSnapshotReads(waiters)
        } else if slot != updated.recordSlot, updated.writesAcknowledged,
            transactionsOnPrimary || scenario.transaction?.commit == .twoPhase
        {
            sendTransactionRecord(txn)
        }
    }

    /// On a primary, a lock wait reached `deadlock_timeout`: the waiter checks for a
    /// cycle, and if it closes one it aborts there (its locks released at once) and its
    /// client hears why.
    func checkTransactionDeadlock(_ txn: UInt32) {
        guard let attempt = transactions?.attempt(txn), let key = attempt.waitingOn, let node = leaseholderNode(ofKey: key),
            transactions?.locks.inCycle(Int(txn)) == true
        else { return }
        transactions?.locks.cancelWait(key, by: Int(txn))
        transactions?.update(txn) {
            $0.waitingOn = nil
            $0.held = []
        }
        for held in attempt.held { releaseTransactionLock(Int(txn), key: held, at: node) }
        let client = driver.clients[attempt.client].endpoint
        if attempt.phase == .writing, let slot = attempt.keys.firstIndex(of: key) {
            refuseTransactionWrite(txn, slot: UInt8(slot), cause: .deadlock, from: node, to: client, at: now)
        } else {
            refuseTransactionRead(txn, key: key, cause: .deadlock, from: node, to: client, at: now)
        }
    }
}
