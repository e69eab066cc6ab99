// Elections: votes and pre-votes, campaigns, becoming leader, leadership transfer.

extension RaftNode {
    func logIsAtLeastAsUpToDate(lastTerm candidateTerm: UInt64, lastIndex candidateIndex: UInt64) -> Bool {
        candidateTerm > lastTerm || (candidateTerm == lastTerm && candidateIndex >= lastIndex)
    }

    mutating func handleVoteRequest(_ message: RaftMessage, from: Int, preVote: Bool, into effects: inout [RaftEffect]) {
        // A learner has no vote: it refuses, so a misdirected candidate is not left waiting
        // on it (its refusal never counts either, the candidate tallies voters only).
        if learnerFlag {
            effects.append(.send(to: from, message: .control(preVote ? .preVoteResponse : .voteResponse, term: term, success: false)))
            return
        }
        let upToDate = config.unsafeIgnoreLogInVotes || logIsAtLeastAsUpToDate(lastTerm: message.logTerm, lastIndex: message.index)
        if preVote {
            // Granted if this node would vote: the candidate's future term is newer and its
            // log is current. Nothing changes here.
            let grant = message.term > term && upToDate
            effects.append(.send(to: from, message: .control(.preVoteResponse, term: grant ? message.term : term, success: grant)))
            return
        }
        let canVote = config.unsafeVotesSkipTermCheck || votedFor == nil || votedFor == from
        let grant = canVote && upToDate && role != .leader
        if grant {
            votedFor = from
            resetElectionTimer()
        }
        effects.append(.send(to: from, message: .control(.voteResponse, term: term, success: grant)))
    }

    mutating func handleVoteResponse(_ message: RaftMessage, from: Int, preVote: Bool, into effects: inout [RaftEffect]) {
        if preVote {
            guard role == .preCandidate, message.term == term + 1 || !message.success else { return }
        } else {
            guard role == .candidate, message.term == term else { return }
        }
        if message.success { votesGranted[from] = true } else { votesRefused[from] = true }
        let granted = voters.reduce(0) { $0 + (votesGranted[$1] ? 1 : 0) }
        let refused = voters.reduce(0) { $0 + (votesRefused[$1] ? 1 : 0) }
        if granted >= quorum {
            if preVote { campaign(transfer: false, into: &effects) } else { becomeLeader(into: &effects) }
        } else if refused >= quorum {
            becomeFollower(term: term, leader: nil, into: &effects)
        }
    }
    // MARK: - Leadership

    mutating func campaign(transfer: Bool, into effects: inout [RaftEffect]) {
        // Learners have no vote to give themselves (a stray TimeoutNow lands here too).
        guard !learnerFlag else { return }
        term += 1
        role = .candidate
        votedFor = id
        startVoteCount()
        effects.append(.campaign(term: term))
        if quorum == 1 {
            becomeLeader(into: &effects)
            return
        }
        for peer in voters where peer != id {
            effects.append(.send(to: peer, message: .control(.vote, term: term, index: lastIndex, logTerm: lastTerm, success: transfer)))
        }
    }

    /// A (pre-)campaign starts: no known leader, a fresh randomized timeout, and a vote
    /// count with only this node's own vote.
    mutating func startVoteCount() {
        quiesced = false
        leader = nil
        resetElectionTimer()
        randomizedTimeout = drawTimeout()
        for peer in voters {
            votesGranted[peer] = false
            votesRefused[peer] = false
        }
        votesGranted[id] = true
    }

    mutating func preCampaign(into effects: inout [RaftEffect]) {
        guard !learnerFlag else { return }
        role = .preCandidate
        startVoteCount()
        if quorum == 1 {
            campaign(transfer: false, into: &effects)
            return
        }
        for peer in voters where peer != id {
            effects.append(.send(to: peer, message: .control(.preVote, term: term + 1, index: lastIndex, logTerm: lastTerm)))
        }
    }

    mutating func becomeLeader(into effects: inout [RaftEffect]) {
        markBusy()
        role = .leader
        leader = id
        resetElectionTimer()
        heartbeatElapsed = 0
        transferTarget = nil
        leaseExpiresTick = 0
        resetProgress()
        // Until a follower's log is known to match, probe it one append at a time.
        for peer in replicas where peer != id { progress[peer].probing = true }
        effects.append(.becameLeader(term: term))
        // A no-op entry of the new term: committing it commits every earlier entry and
        // tells this leader what is committed, which reads need.
        termStartIndex = lastIndex + 1
        _ = appendOwnEntry(into: &effects)
    }

    /// Hands leadership to `target` once it is caught up: the leader stops accepting
    /// proposals and lease reads, then sends TimeoutNow.
    public mutating func transferLeadership(to target: Int, into effects: inout [RaftEffect]) {
        guard role == .leader, target != id, voters.contains(target) else { return }
        markBusy()
        transferTarget = target
        if progress[target].matchIndex == lastIndex {
            effects.append(.send(to: target, message: .control(.timeoutNow, term: term)))
        } else {
            sendAppendsIfReady(to: target, into: &effects)
        }
    }
}
