// Leadership bookkeeping: leaderless time, failovers, elections.

extension Simulation {
    // MARK: - Leadership bookkeeping

    /// The live replica leading the newest term of `range` (an old leader cut off from
    /// the majority may still believe it leads an older one).
    func currentLeader(ofRange range: Int) -> Int? {
        var best: Int?
        let base = Int(rangeBase[range])
        for replica in base..<(base + Int(rangeSize[range])) where replicas[replica].role == .leader && !down[Int(replicaNode[replica])] {
            if best.map({ replicas[replica].term > replicas[$0].term }) ?? true { best = replica }
        }
        return best
    }

    /// The last moment leader `replica` could count on a quorum of voters: the time of
    /// the answer that completed its most recent quorum.
    func lastQuorumContact(of replica: Int) -> Nanoseconds {
        let range = Int(replicaRange[replica])
        let base = Int(rangeBase[range])
        let size = Int(rangeSize[range])
        let local = replica - base
        let voters = replicas[replica].voters
        var times: [Nanoseconds] = []
        for peer in voters where peer != local { times.append(lastAnswer[answerBase[range] + local * size + peer]) }
        times.sort(by: >)
        let needed = voters.count / 2  // peers besides the leader itself
        return needed == 0 || times.isEmpty ? now : times[min(needed, times.count) - 1]
    }

    /// Leader `replica` crashed or stepped down at `time`. Only the newest leader's loss
    /// counts: an old leader cut off from the majority that steps down after a successor
    /// was elected was lost already.
    func leaderLost(replica: Int, at time: Nanoseconds) {
        let range = Int(replicaRange[replica])
        guard ledTerm[replica] == newestLeaderTerm[range], leaderLostAt[range] == nil else { return }
        // Leadership was effectively lost when the quorum last answered, if earlier.
        leaderLostAt[range] = min(time, lastQuorumContact(of: replica))
    }

    /// `replica` became leader of `term`: time the failover from the previous leader's loss.
    func leaderGained(replica: Int, term: UInt64) {
        let range = Int(replicaRange[replica])
        let base = Int(rangeBase[range])
        // A predecessor that still believes it leads (cut off, not yet stepped down) was
        // lost at its last quorum contact.
        var lost = leaderLostAt[range]
        for other in base..<(base + Int(rangeSize[range]))
        where other != replica && ledTerm[other] == newestLeaderTerm[range]
            && replicas[other].role == .leader && !down[Int(replicaNode[other])]
        {
            let contact = lastQuorumContact(of: other)
            lost = min(lost ?? contact, contact)
        }
        let since = min(lost ?? now, now)
        leaderlessTime = leaderlessTime +| (now - since)
        awaitingFirstCommit[range] = (replica, term, since)
        leaderLostAt[range] = nil
        ledTerm[replica] = term
        newestLeaderTerm[range] = max(newestLeaderTerm[range], term)
        let size = Int(rangeSize[range])
        let local = replica - base
        for peer in 0..<size { lastAnswer[answerBase[range] + local * size + peer] = now }
    }
}
