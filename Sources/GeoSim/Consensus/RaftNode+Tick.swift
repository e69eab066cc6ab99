// Time: heartbeats, election timeouts, CheckQuorum, the preferred leader and quiescence.

extension RaftNode {
    // MARK: - Time

    /// Restarts the election timer (a leader was heard, a vote granted, a campaign begun).
    mutating func resetElectionTimer() {
        electionElapsed = 0
        timerResets &+= 1
    }

    /// The election timer, run by the driver in continuous time, expired: a follower or
    /// candidate campaigns (after a pre-vote, if enabled); a leader, a learner or a
    /// quiesced replica ignores it.
    public mutating func electionTimerFired(into effects: inout [RaftEffect]) {
        defer { checkInvariants() }
        guard role != .leader, !learnerFlag, !quiesced else { return }
        if config.preVote { preCampaign(into: &effects) } else { campaign(transfer: false, into: &effects) }
    }

    /// One tick of this node's clock. A leader sends heartbeats every `heartbeatTicks`,
    /// checks its quorum every election timeout (CheckQuorum) and hands leadership to the
    /// preferred replica when it can; a follower or candidate whose randomized timeout
    /// passes campaigns (after a pre-vote, if enabled). A learner's timer never fires.
    public mutating func tick(into effects: inout [RaftEffect]) {
        compactIfDue()
        defer { checkInvariants() }
        ticks += 1
        if quiesced { return }
        electionElapsed += 1
        guard role == .leader else {
            if !learnerFlag, !config.externalElectionTimer, electionElapsed >= randomizedTimeout {
                if config.preVote { preCampaign(into: &effects) } else { campaign(transfer: false, into: &effects) }
            }
            return
        }
        heartbeatElapsed += 1
        idleTicks += 1
        // Checked before this tick's heartbeat: every replica must have answered the last one.
        if config.quiesce && canQuiesce {
            quiesce(into: &effects)
            return
        }
        if heartbeatElapsed >= config.heartbeatTicks { broadcastHeartbeat(into: &effects) }
        if electionElapsed >= config.electionTicks {
            electionElapsed = 0
            if config.checkQuorum {
                // Voters only: a leader that hears only from learners has lost its quorum.
                var active = 1
                for peer in voters where peer != id {
                    if progress[peer].recentlyActive { active += 1 }
                    progress[peer].recentlyActive = false
                }
                if active < quorum {
                    becomeFollower(term: term, leader: nil, into: &effects)
                    return
                }
            }
            if transferTarget != nil {
                transferTarget = nil  // the transfer did not finish within a timeout: give up
            } else if let preferred = config.preferredLeader, preferred != id, voters.contains(preferred),
                progress[preferred].matchIndex >= commitIndex, commitIndex >= termStartIndex
            {
                transferLeadership(to: preferred, into: &effects)
            }
        }
    }

    /// Idle for two ticks with every replica holding the whole, committed log and answering,
    /// no read waiting, no transfer under way and the preferred leader in place.
    var canQuiesce: Bool {
        guard idleTicks >= 2, transferTarget == nil, pendingReadsHead == pendingReads.count,
            commitIndex == lastIndex, commitIndex >= termStartIndex
        else { return false }
        if let preferred = config.preferredLeader, preferred != id, voters.contains(preferred) { return false }
        // Every replica must also have answered the latest heartbeat round: a leader that
        // lost touch must keep ticking, so CheckQuorum can depose it.
        for peer in replicas where peer != id {
            if progress[peer].matchIndex != lastIndex || progress[peer].probing || progress[peer].ackedRound < round { return false }
        }
        return true
    }

    /// Sends the quiescing heartbeat (the commit index, flagged by `success`) and stops
    /// heartbeating until work arrives.
    mutating func quiesce(into effects: inout [RaftEffect]) {
        round += 1
        roundSentTick[Int(round % UInt64(roundSentTick.count))] = ticks
        for peer in replicas where peer != id {
            var heartbeat = RaftMessage.append(
                term: term, previousIndex: lastIndex, previousTerm: lastTerm,
                entryCount: 0, entryTerm: term, commit: commitIndex, round: round)
            heartbeat.success = true
            effects.append(.send(to: peer, message: heartbeat))
        }
        quiesced = true
    }
}
