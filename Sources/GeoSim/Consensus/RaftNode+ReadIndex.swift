// Strong reads: leases and ReadIndex, confirmed by heartbeat rounds.

extension RaftNode {
    /// Registers a strong read. Returns false if this node is not the leader (the caller
    /// redirects); otherwise a `.readReady` effect follows, at once when the lease holds,
    /// else after a heartbeat round confirms leadership (ReadIndex).
    public mutating func read(request: UInt64, into effects: inout [RaftEffect]) -> Bool {
        guard role == .leader else { return false }
        let termCommitted = commitIndex >= termStartIndex
        if config.leaseReads && termCommitted && transferTarget == nil && (ticks < leaseExpiresTick || config.unsafeLeaseWithoutExpiry) {
            // A lone voter needs no lease: nobody else can lead.
            effects.append(.readReady(request: request, ok: true, byLease: voters.count > 1))
            return true
        }
        if voters.count == 1 && termCommitted {
            effects.append(.readReady(request: request, ok: true))
            return true
        }
        // ReadIndex: the read needs a round sent after it arrived (and the range awake).
        // As etcd's leader does for each ReadIndex request, the round goes out at once,
        // carrying the read: neither a periodic heartbeat nor another read's round under
        // way delays it. (etcd's members each keep one ReadIndex in flight and batch the
        // reads behind it; geosim's leader does not batch, so under heavy read load it
        // sends more heartbeats than etcd, at the same latency.)
        markBusy()
        pendingReads.append(PendingRead(request: request, readIndex: max(commitIndex, termStartIndex), round: round + 1))
        broadcastHeartbeat(into: &effects)
        return true
    }

    // MARK: - Heartbeat rounds, leases and ReadIndex

    func roundConfirmed(_ candidate: UInt64) -> Bool {
        var count = 1
        for peer in voters where peer != id && progress[peer].ackedRound >= candidate { count += 1 }
        return count >= quorum
    }

    /// A follower answered a newer round: extend the lease, release confirmed reads, and
    /// send the round waiting reads need if the previous one is now confirmed.
    mutating func roundAcknowledged(into effects: inout [RaftEffect]) {
        // The newest round a quorum has answered gives the lease: followers reset their
        // election timers no earlier than when that round was sent.
        for peer in voters where peer != id {
            let candidate = progress[peer].ackedRound
            // The ring of send ticks keeps the newest rounds only: an older round's slot
            // holds a later round's tick, which would stretch the lease past what its
            // followers promised (a quorum that stopped answering long ago, behind a
            // partition, kept a minority leader serving lease reads). Its tick is gone, so
            // it gives no lease.
            if candidate > 0, round - candidate < UInt64(roundSentTick.count), roundConfirmed(candidate) {
                let sent = roundSentTick[Int(candidate % UInt64(roundSentTick.count))]
                leaseExpiresTick = max(leaseExpiresTick, sent + config.leaseTicks)
            }
        }
        releaseReads(into: &effects)
    }

    mutating func releaseReads(into effects: inout [RaftEffect]) {
        while pendingReadsHead < pendingReads.count {
            let read = pendingReads[pendingReadsHead]
            guard read.round <= round, roundConfirmed(read.round), commitIndex >= read.readIndex, commitIndex >= termStartIndex else { break }
            effects.append(.readReady(request: read.request, ok: true))
            pendingReadsHead += 1
        }
        if pendingReadsHead == pendingReads.count {
            pendingReads.removeAll(keepingCapacity: true)
            pendingReadsHead = 0
        }
    }

    mutating func broadcastHeartbeat(into effects: inout [RaftEffect]) {
        round += 1
        roundSentTick[Int(round % UInt64(roundSentTick.count))] = ticks
        heartbeatElapsed = 0
        // Learners too: heartbeats carry them the commit index. Their answers to a round
        // are recorded but `roundConfirmed` counts voters only.
        for peer in replicas where peer != id {
            // A peer the log was compacted past hears of the compaction point: it rejects
            // that, and the leader answers with a snapshot.
            let previous = max(min(progress[peer].nextIndex - 1, lastIndex), firstIndex - 1)
            effects.append(
                .send(
                    to: peer,
                    message: .append(
                        term: term, previousIndex: previous, previousTerm: term(at: previous) ?? 0,
                        entryCount: 0, entryTerm: term, commit: min(commitIndex, progress[peer].matchIndex), round: round)))
        }
    }
}
