// Transactions: abort, retry, and the end of an attempt.

extension Simulation {
    /// Attempt `txn` aborts: its locks go, and it is retried while retries remain.
    func abortTransaction(_ txn: UInt32, cause: AbortCause) {
        guard let attempt = transactions?.attempt(txn) else { return }
        let final = cause == .timeout || attempt.attempts > (scenario.transaction?.retries ?? 0)
        endTransaction(txn, cause: cause, final: final)
        guard !final else { return }
        guard
            let next = transactions?.begin(
                client: attempt.client, keys: attempt.keys, issuedAt: attempt.issuedAt, attemptNumber: attempt.attempts + 1, kind: attempt.kind)
        else { return }
        queue.schedule(.transactionStart(txn: next), at: now +| driver.retryPause(attempt: attempt.attempts))
    }

    /// Attempt `txn` ends (committed when `cause` is nil): its locks are released at their
    /// leaseholders (a message away), a wait is cancelled, and a final outcome is counted.
    func endTransaction(_ txn: UInt32, cause: AbortCause?, final: Bool = true) {
        let region = transactions?.attempt(txn).map { driver.clients[$0.client].region } ?? 0
        guard let attempt = transactions?.finish(txn, cause: cause, region: region, now: now, final: final) else { return }
        if cause != nil && !attempt.committedAtServer { resumeSnapshotReads(transactions?.abandonIntents(of: attempt) ?? []) }
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
        if recordsTimeline { timeline.record(region: region, isWrite: writes, ok: cause == nil, unknown: unknown, latency: latency) }
    }

    /// A release reaches `node`.
    func transactionReleaseArrived(txn: UInt32, key: Int, at node: Int) {
        releaseTransactionLock(Int(txn), key: key, at: node)
    }
}
