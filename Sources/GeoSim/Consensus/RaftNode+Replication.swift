// Log replication: appends and snapshots on the follower side, answers, pipelined sends and commit on the leader side, compaction.

extension RaftNode {
    mutating func handleAppend(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        if role != .follower { becomeFollower(term: term, leader: from, into: &effects) }
        leader = from
        resetElectionTimer()
        quiesced = false
        let previous = message.index
        // Entries below the compaction point are committed, so they are identical in every
        // log and need no check.
        let matches = previous + 1 < firstIndex || term(at: previous) == message.logTerm
        guard matches else {
            // Log mismatch (or a gap): answer with a hint so the leader backs off a whole
            // term at a time, not an entry per round trip (etcd's findConflictByTerm): the
            // last index whose term is no newer than the leader's entry at `previous`,
            // and that entry's term. Committed entries match, so never below the commit.
            let hint = max(lastIndex(atOrBelow: min(previous, lastIndex), withTermAtMost: message.logTerm), commitIndex)
            var rejection = RaftMessage.appendResponse(
                term: term, index: hint, entryCount: message.entryCount, success: false, round: message.round)
            rejection.commit = previous  // which append this answers, so the leader can tell stale rejections
            rejection.logTerm = term(at: hint) ?? 0
            effects.append(.send(to: from, message: rejection))
            return
        }
        let end = previous + UInt64(message.entryCount)
        var index = max(previous + 1, firstIndex)
        // Skip entries we already hold; truncate at the first conflict, then append.
        // (Log Matching puts any conflict above the commit index; the safety checker, not
        // this node, is what reports a protocol that breaks it.)
        while index <= end, index <= lastIndex {
            if entryTerms[Int(index - firstIndex)] != message.entryTerm {
                entryTerms.removeLast(Int(lastIndex - index + 1))
                break
            }
            index += 1
        }
        while index <= end {
            entryTerms.append(message.entryTerm)
            index += 1
        }
        advanceFollowerCommit(to: min(message.commit, end), into: &effects)
        // A quiescing heartbeat (flagged by `success`) that leaves this log complete and
        // committed lets the election timer rest.
        quiesced = config.quiesce && message.success && message.entryCount == 0 && end == lastIndex && commitIndex == end
        effects.append(.send(to: from, message: .appendResponse(term: term, index: end, entryCount: message.entryCount, success: true, round: message.round)))
    }

    mutating func handleSnapshot(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        if role != .follower { becomeFollower(term: term, leader: from, into: &effects) }
        leader = from
        resetElectionTimer()
        let index = message.index
        if index > commitIndex {
            if term(at: index) == message.logTerm {
                // The log already holds the snapshot's last entry: keep what follows.
                let drop = Int(index - firstIndex + 1)
                entryTerms.removeFirst(max(0, min(drop, entryTerms.count)))
            } else {
                entryTerms.removeAll()
            }
            firstIndex = index + 1
            compactedTerm = message.logTerm
            effects.append(.commit(first: commitIndex + 1, last: index))
            commitIndex = index
        }
        effects.append(.send(to: from, message: .appendResponse(term: term, index: max(index, commitIndex), entryCount: 1, success: true)))
    }

    mutating func advanceFollowerCommit(to newCommit: UInt64, into effects: inout [RaftEffect]) {
        guard newCommit > commitIndex else { return }
        effects.append(.commit(first: commitIndex + 1, last: newCommit))
        commitIndex = newCommit
        compactThrough = commitIndex
    }

    mutating func handleAppendResponse(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        guard role == .leader else { return }
        progress[from].recentlyActive = true
        if message.entryCount > 0 { idleTicks = 0 }
        if !message.success { markBusy() }
        if message.entryCount > 0 && progress[from].inflight > 0 { progress[from].inflight -= 1 }
        if message.round > progress[from].ackedRound {
            progress[from].ackedRound = message.round
            roundAcknowledged(into: &effects)
        }
        if message.success {
            if message.index > progress[from].matchIndex {
                progress[from].matchIndex = message.index
                advanceCommit(into: &effects)
            }
            if progress[from].nextIndex <= message.index { progress[from].nextIndex = message.index + 1 }
            if !progress[from].probing, message.entryCount == 0, message.round > progress[from].lastAppendRound {
                // The answer to a heartbeat sent after our last append: every answer to
                // those appends has arrived or was lost, so none is in flight any more (a
                // lost one would hold the window full for ever). Entries the follower
                // lacks are sent again, probing from what it holds.
                progress[from].inflight = 0
                if message.index + 1 < progress[from].nextIndex {
                    progress[from].nextIndex = max(progress[from].matchIndex, message.index) + 1
                    progress[from].probing = true
                }
            } else if progress[from].probing {
                // The logs match: from here on, pipeline.
                progress[from].probing = false
                progress[from].inflight = 0
                progress[from].nextIndex = progress[from].matchIndex + 1
            }
        } else {
            let rejected = message.commit
            // A rejection of an append older than the current probe, or of entries that
            // have since matched, is stale: a burst of pipelined appends all fail after one
            // gap, and only the first should move the leader back.
            if rejected <= progress[from].matchIndex { return }
            // A probe's rejection is current (its hint moves the leader back past a
            // conflicting last entry, which a heartbeat's rejection cannot), and so is a
            // heartbeat's (sent at `nextIndex - 1`).
            if progress[from].probing && rejected != progress[from].nextIndex - 1 && rejected != progress[from].probePrevious { return }
            // Back off to just after the follower's hint, skipping this log's entries of
            // terms newer than the hint's (they cannot match), and probe from there, one
            // append at a time.
            var hint = message.index
            if message.logTerm > 0 { hint = lastIndex(atOrBelow: min(hint, lastIndex), withTermAtMost: message.logTerm) }
            progress[from].nextIndex = max(progress[from].matchIndex + 1, min(hint + 1, rejected))
            progress[from].probing = true
            progress[from].inflight = 0
        }
        sendAppendsIfReady(to: from, into: &effects)
        if let target = transferTarget, target == from, progress[from].matchIndex == lastIndex {
            effects.append(.send(to: target, message: .control(.timeoutNow, term: term)))
        }
    }

    /// The highest index at or below `index` whose entry's term is at most `maxTerm`
    /// (the compaction point at the lowest: compacted entries are committed). Scans one
    /// term's run of entries at most per conflicting term.
    func lastIndex(atOrBelow index: UInt64, withTermAtMost maxTerm: UInt64) -> UInt64 {
        var candidate = index
        while candidate >= firstIndex, entryTerms[Int(candidate - firstIndex)] > maxTerm { candidate -= 1 }
        return candidate
    }

    /// Sends as many batched appends to `peer` as the pipelining window allows.
    mutating func sendAppendsIfReady(to peer: Int, into effects: inout [RaftEffect]) {
        let window = progress[peer].probing ? 1 : config.maxInflightAppends
        while progress[peer].inflight < window, progress[peer].nextIndex <= lastIndex {
            let next = progress[peer].nextIndex
            guard next >= firstIndex else {
                // The follower needs entries this log compacted: send the compaction point.
                effects.append(.send(to: peer, message: .control(.snapshot, term: term, index: firstIndex - 1, logTerm: compactedTerm)))
                snapshotsSent += 1
                progress[peer].nextIndex = firstIndex
                progress[peer].inflight += 1
                continue
            }
            let batchTerm = entryTerms[Int(next - firstIndex)]
            var count: UInt64 = 1
            while count < UInt64(config.maxBatchEntries), next + count <= lastIndex,
                entryTerms[Int(next + count - firstIndex)] == batchTerm
            {
                count += 1
            }
            let previous = next - 1
            if progress[peer].probing { progress[peer].probePrevious = previous }
            effects.append(
                .send(
                    to: peer,
                    message: .append(
                        term: term, previousIndex: previous, previousTerm: term(at: previous) ?? 0,
                        entryCount: UInt32(count), entryTerm: batchTerm, commit: commitIndex, round: round)))
            progress[peer].nextIndex = next + count
            progress[peer].inflight += 1
            progress[peer].lastAppendRound = round
        }
    }

    /// Moves the commit index to the highest index a majority holds, if that entry is of
    /// the current term (Raft §5.4.2).
    mutating func advanceCommit(into effects: inout [RaftEffect]) {
        for (slot, voter) in voters.enumerated() { scratch[slot] = progress[voter].matchIndex }
        scratch.sort(by: >)
        let majorityIndex = scratch[config.unsafeCommitWithoutQuorum ? 0 : quorum - 1]
        guard majorityIndex > commitIndex, term(at: majorityIndex) == term else { return }
        effects.append(.commit(first: commitIndex + 1, last: majorityIndex))
        commitIndex = majorityIndex
        // Learners included: compacting past a lagging learner would force it onto the
        // snapshot path, so the log waits for it as it waits for a slow voter.
        var replicatedEverywhere = commitIndex
        for peer in replicas { replicatedEverywhere = min(replicatedEverywhere, progress[peer].matchIndex) }
        // ...but not for ever: past `maxLaggingEntries`, a lagging peer gets a snapshot.
        let lagLimit = UInt64(max(config.maxLaggingEntries, 0))
        compactThrough = max(replicatedEverywhere, commitIndex > lagLimit ? commitIndex - lagLimit : 0)
        releaseReads(into: &effects)
    }

    /// Drops entries through `compactThrough` once a whole chunk can go, keeping the term
    /// of the last dropped entry for the log-matching check. Runs at the start of a step,
    /// so the entries a step committed are still readable while its effects are handled.
    mutating func compactIfDue() {
        let index = compactThrough
        guard index >= firstIndex, index - firstIndex + 1 >= UInt64(config.compactionChunk) else { return }
        let dropCount = Int(index - firstIndex + 1)
        compactedTerm = entryTerms[dropCount - 1]
        entryTerms.removeFirst(dropCount)
        firstIndex = index + 1
    }
}
