import Testing

@testable import GeoSim

/// Drives a 3-voter + 2-learner Raft group by hand (no network, no clock): voters 0...2
/// as in a home region, learners 3 and 4 as non-voting replicas in other regions.
@Suite struct RaftLearnerTests {
    static let voters = [0, 1, 2]
    static let learners = [3, 4]

    func group(_ config: RaftConfig = RaftConfig()) -> [RaftNode] {
        var nodes = (0..<5).map { RaftNode(id: $0, voters: Self.voters, learners: Self.learners, config: config) }
        nodes[0].bootstrapAsLeader(term: 1)
        for follower in 1..<5 { nodes[follower].bootstrapAsFollower(term: 1, leader: 0) }
        return nodes
    }

    func campaigned(_ effects: [RaftEffect]) -> Bool {
        effects.contains { if case .campaign = $0 { return true } else { return false } }
    }

    /// Delivers `message` from the leader to `to` and returns that replica's answer.
    func deliver(_ message: RaftMessage, to: Int, in nodes: inout [RaftNode]) -> RaftMessage? {
        var effects: [RaftEffect] = []
        nodes[to].step(message, from: 0, into: &effects)
        return sends(effects).first?.message
    }

    @Test func membershipIsExposed() {
        let nodes = group()
        #expect(nodes.map(\.isLearner) == [false, false, false, true, true])
        #expect(nodes[3].learners == [3, 4])
        #expect(nodes[3].voters == [0, 1, 2])
        #expect(nodes[0].quorum == 2)
        // Existing call sites compile unchanged and have no learners.
        let plain = RaftNode(id: 1, voters: [0, 1, 2])
        #expect(plain.learners.isEmpty)
        #expect(!plain.isLearner)
    }

    @Test func theLeaderReplicatesToVotersAndLearners() {
        var nodes = group()
        var effects: [RaftEffect] = []
        #expect(nodes[0].propose(into: &effects) == 1)
        let out = sends(effects)
        #expect(out.map(\.to) == [1, 2, 3, 4])
        for (to, message) in out {
            #expect(message == .append(term: 1, previousIndex: 0, previousTerm: 0, entryCount: 1, entryTerm: 1, commit: 0))
            let reply = deliver(message, to: to, in: &nodes)
            #expect(reply == .appendResponse(term: 1, index: 1, entryCount: 1, success: true))
        }
        #expect(nodes[3].lastIndex == 1)
        #expect(nodes[4].lastIndex == 1)
    }

    @Test func learnerAcksAloneNeverCommitButOneVoterAckDoes() {
        var nodes = group()
        var effects: [RaftEffect] = []
        _ = nodes[0].propose(into: &effects)
        let appends = sends(effects)
        effects.removeAll()
        // Both learners ack: with the leader that is 3 of 5 replicas, but only 1 of 3 voters.
        for (to, message) in appends where to >= 3 {
            if let reply = deliver(message, to: to, in: &nodes) { nodes[0].step(reply, from: to, into: &effects) }
        }
        #expect(commits(effects).isEmpty)
        #expect(nodes[0].commitIndex == 0)
        // Ticking the leader (heartbeats, learners answering them) changes nothing either.
        for _ in 0..<3 {
            var tickEffects: [RaftEffect] = []
            nodes[0].tick(into: &tickEffects)
            for (to, message) in sends(tickEffects) where to >= 3 {
                if let reply = deliver(message, to: to, in: &nodes) { nodes[0].step(reply, from: to, into: &effects) }
            }
        }
        #expect(commits(effects).isEmpty)
        #expect(nodes[0].commitIndex == 0)
        // One voter ack makes a majority of the voters.
        if let toOne = appends.first(where: { $0.to == 1 }), let reply = deliver(toOne.message, to: 1, in: &nodes) {
            nodes[0].step(reply, from: 1, into: &effects)
        }
        #expect(commits(effects) == [1...1])
        #expect(nodes[0].commitIndex == 1)
    }

    @Test func learnersApplyTheCommitFromTheNextHeartbeatAndAppend() {
        var nodes = group()
        var effects: [RaftEffect] = []
        _ = nodes[0].propose(into: &effects)
        let appends = sends(effects)
        effects.removeAll()
        for (to, message) in appends {
            if let reply = deliver(message, to: to, in: &nodes) { nodes[0].step(reply, from: to, into: &effects) }
        }
        #expect(nodes[0].commitIndex == 1)
        #expect(nodes[3].commitIndex == 0)
        // The heartbeat carries the commit index to both learners.
        effects.removeAll()
        nodes[0].tick(into: &effects)
        let heartbeats = sends(effects)
        #expect(heartbeats.map(\.to) == [1, 2, 3, 4])
        for learner in [3, 4] {
            guard let heartbeat = heartbeats.first(where: { $0.to == learner })?.message else {
                Issue.record("no heartbeat to learner \(learner)")
                continue
            }
            #expect(heartbeat.entryCount == 0)
            #expect(heartbeat.commit == 1)
            var learnerEffects: [RaftEffect] = []
            nodes[learner].step(heartbeat, from: 0, into: &learnerEffects)
            #expect(commits(learnerEffects) == [1...1])
            #expect(nodes[learner].commitIndex == 1)
        }
        // And the next append carries it too, with the new entry.
        effects.removeAll()
        _ = nodes[0].propose(into: &effects)
        let toFour = sends(effects).first { $0.to == 4 }?.message
        #expect(toFour?.commit == 1)
        #expect(toFour?.entryCount == 1)
    }

    @Test func aLearnerNeverCampaigns() {
        for preVote in [true, false] {
            var config = RaftConfig()
            config.preVote = preVote
            var learner = RaftNode(id: 3, voters: Self.voters, learners: Self.learners, config: config, seed: 7)
            learner.bootstrapAsFollower(term: 1, leader: 0)
            var effects: [RaftEffect] = []
            for _ in 0..<(config.electionTicks * 50) { learner.tick(into: &effects) }
            #expect(effects.isEmpty)
            #expect(learner.role == .follower)
            #expect(learner.term == 1)
            // Not even a leadership transfer aimed at it starts an election.
            learner.step(.control(.timeoutNow, term: 1), from: 0, into: &effects)
            #expect(!campaigned(effects))
            #expect(learner.role == .follower)
            #expect(learner.term == 1)
        }
    }

    @Test func aLearnerCannotBeBootstrappedAsLeader() {
        var learner = RaftNode(id: 4, voters: Self.voters, learners: Self.learners)
        learner.bootstrapAsLeader(term: 2)
        #expect(learner.role == .follower)
        #expect(learner.term == 2)
        var effects: [RaftEffect] = []
        #expect(learner.propose(into: &effects) == nil)
    }

    @Test func aLearnerRefusesVotesAndPreVotes() {
        var learner = RaftNode(id: 3, voters: Self.voters, learners: Self.learners)
        // No known leader, so leader stickiness does not hide the requests.
        var effects: [RaftEffect] = []
        learner.step(.control(.preVote, term: 1, index: 5, logTerm: 1), from: 1, into: &effects)
        #expect(sends(effects).map(\.to) == [1])
        #expect(sends(effects).first?.message.kind == .preVoteResponse)
        #expect(sends(effects).first?.message.success == false)
        effects.removeAll()
        learner.step(.control(.vote, term: 1, index: 5, logTerm: 1), from: 1, into: &effects)
        #expect(sends(effects).map(\.to) == [1])
        #expect(sends(effects).first?.message.kind == .voteResponse)
        #expect(sends(effects).first?.message.success == false)
        #expect(learner.votedFor == nil)
        #expect(learner.role == .follower)
    }

    @Test func aLearnersGrantCountsForNothing() {
        // A forged granted vote from a learner must not make a candidate leader.
        var config = RaftConfig()
        config.preVote = false
        config.randomizedElectionTimeout = false
        var candidate = RaftNode(id: 1, voters: Self.voters, learners: Self.learners, config: config)
        var effects: [RaftEffect] = []
        for _ in 0..<config.electionTicks { candidate.tick(into: &effects) }
        #expect(candidate.role == .candidate)
        // Vote requests go to the other voters only.
        #expect(sends(effects).map(\.to) == [0, 2])
        let term = candidate.term
        effects.removeAll()
        candidate.step(.control(.voteResponse, term: term, success: true), from: 3, into: &effects)
        candidate.step(.control(.voteResponse, term: term, success: true), from: 4, into: &effects)
        #expect(candidate.role == .candidate)
        candidate.step(.control(.voteResponse, term: term, success: true), from: 2, into: &effects)
        #expect(candidate.role == .leader)
        // The new leader's no-op goes to learners as well.
        #expect(sends(effects).map(\.to) == [0, 2, 3, 4])
    }

    @Test func checkQuorumStepsDownALeaderThatHearsOnlyFromLearners() {
        var nodes = group()
        var effects: [RaftEffect] = []
        var steppedDown = false
        for _ in 0..<nodes[0].config.electionTicks {
            effects.removeAll()
            nodes[0].tick(into: &effects)
            steppedDown = steppedDown || effects.contains(.steppedDown(term: 1))
            // The voters are cut off; the learners answer every heartbeat.
            for (to, message) in sends(effects) where to >= 3 {
                if let reply = deliver(message, to: to, in: &nodes) {
                    var ignored: [RaftEffect] = []
                    nodes[0].step(reply, from: to, into: &ignored)
                }
            }
        }
        #expect(steppedDown)
        #expect(nodes[0].role == .follower)
    }

    @Test func checkQuorumKeepsALeaderThatHearsFromOneVoter() {
        var nodes = group()
        var effects: [RaftEffect] = []
        for _ in 0..<(nodes[0].config.electionTicks * 3) {
            effects.removeAll()
            nodes[0].tick(into: &effects)
            for (to, message) in sends(effects) where to == 1 {
                if let reply = deliver(message, to: to, in: &nodes) {
                    var ignored: [RaftEffect] = []
                    nodes[0].step(reply, from: to, into: &ignored)
                }
            }
        }
        #expect(nodes[0].role == .leader)
    }

    @Test func readIndexRoundsAreConfirmedByVotersOnly() {
        var config = RaftConfig()
        config.leaseReads = false
        var nodes = group(config)
        var effects: [RaftEffect] = []
        // Commit the term's first entry so reads may proceed.
        _ = nodes[0].propose(into: &effects)
        exchange(effects, reachable: [1, 3, 4], in: &nodes)
        #expect(nodes[0].commitIndex == 1)
        effects.removeAll()
        #expect(nodes[0].read(request: 9, into: &effects))
        let round = sends(effects)
        #expect(round.map(\.to) == [1, 2, 3, 4])
        var answers: [RaftEffect] = []
        for (to, message) in round where to >= 3 {
            if let reply = deliver(message, to: to, in: &nodes) { nodes[0].step(reply, from: to, into: &answers) }
        }
        #expect(!answers.contains(.readReady(request: 9, ok: true)))
        if let toTwo = round.first(where: { $0.to == 2 }), let reply = deliver(toTwo.message, to: 2, in: &nodes) {
            nodes[0].step(reply, from: 2, into: &answers)
        }
        #expect(answers.contains(.readReady(request: 9, ok: true)))
    }

    /// Delivers the leader's messages in `effects` to the replicas in `reachable`, feeds
    /// their answers back to the leader, and repeats until nothing more is sent.
    func exchange(_ effects: [RaftEffect], reachable: [Int], in nodes: inout [RaftNode]) {
        var pending = sends(effects)
        while !pending.isEmpty {
            var next: [RaftEffect] = []
            for (to, message) in pending where reachable.contains(to) {
                if let reply = deliver(message, to: to, in: &nodes) { nodes[0].step(reply, from: to, into: &next) }
            }
            pending = sends(next)
        }
    }

    @Test func compactionWaitsForALaggingLearnerUntilItCatchesUp() {
        var config = RaftConfig()
        config.compactionChunk = 10
        var nodes = group(config)
        // Learner 4 is cut off while 100 entries commit among the voters and learner 3.
        for _ in 0..<100 {
            var effects: [RaftEffect] = []
            _ = nodes[0].propose(into: &effects)
            exchange(effects, reachable: [1, 2, 3], in: &nodes)
        }
        #expect(nodes[0].commitIndex == 100)
        #expect(nodes[3].commitIndex >= 99)
        #expect(nodes[0].firstRetainedIndex == 1)
        // It comes back: a heartbeat finds the gap and the leader backs off and catches it up.
        var effects: [RaftEffect] = []
        nodes[0].tick(into: &effects)
        exchange(effects, reachable: [1, 2, 3, 4], in: &nodes)
        #expect(nodes[4].lastIndex == 100)
        // The next commit finds everything replicated everywhere and the log is compacted.
        effects.removeAll()
        _ = nodes[0].propose(into: &effects)
        exchange(effects, reachable: [1, 2, 3, 4], in: &nodes)
        effects.removeAll()
        nodes[0].tick(into: &effects)
        #expect(nodes[0].firstRetainedIndex > 100)
    }
}
