import Testing

@testable import GeoSim

/// Drives three pure Raft nodes by hand: no network, no clock.
@Suite struct RaftNodeTests {
    func cluster(_ config: RaftConfig = RaftConfig()) -> [RaftNode] {
        threeNodeCluster(config)
    }

    @Test func aProposalIsAppendedToEveryFollower() {
        var nodes = cluster()
        var effects: [RaftEffect] = []
        let index = nodes[0].propose(into: &effects)
        #expect(index == 1)
        let out = sends(effects)
        #expect(out.map(\.to) == [1, 2])
        for (_, message) in out {
            #expect(message == .append(term: 1, previousIndex: 0, previousTerm: 0, entryCount: 1, entryTerm: 1, commit: 0))
        }
        #expect(commits(effects).isEmpty)
    }

    @Test func aFollowerRefusesProposals() {
        var nodes = cluster()
        var effects: [RaftEffect] = []
        #expect(nodes[1].propose(into: &effects) == nil)
        #expect(effects.isEmpty)
    }

    @Test func oneAckMakesAMajorityOfThreeAndCommits() {
        var nodes = cluster()
        var effects: [RaftEffect] = []
        _ = nodes[0].propose(into: &effects)
        let append = sends(effects)[0].message
        effects.removeAll()
        nodes[1].step(append, from: 0, into: &effects)
        let reply = sends(effects)
        #expect(reply.count == 1)
        #expect(reply[0].message == .appendResponse(term: 1, index: 1, entryCount: 1, success: true))
        #expect(nodes[1].lastIndex == 1)
        #expect(nodes[1].commitIndex == 0)
        effects.removeAll()
        nodes[0].step(reply[0].message, from: 1, into: &effects)
        #expect(commits(effects) == [1...1])
        #expect(nodes[0].commitIndex == 1)
        // The second ack changes nothing.
        effects.removeAll()
        nodes[0].step(reply[0].message, from: 2, into: &effects)
        #expect(commits(effects).isEmpty)
    }

    /// Delivers `message` from `from` to `to` and returns the effects it caused.
    func deliver(_ message: RaftMessage, from: Int, to: Int, in nodes: inout [RaftNode]) -> [RaftEffect] {
        var effects: [RaftEffect] = []
        nodes[to].step(message, from: from, into: &effects)
        return effects
    }

    @Test func heartbeatsCarryTheCommitIndexToFollowers() {
        var nodes = cluster()
        var effects: [RaftEffect] = []
        _ = nodes[0].propose(into: &effects)
        let reply = sends(deliver(sends(effects)[0].message, from: 0, to: 1, in: &nodes))[0].message
        _ = deliver(reply, from: 1, to: 0, in: &nodes)
        effects.removeAll()
        nodes[0].tick(into: &effects)
        let heartbeats = sends(effects)
        #expect(heartbeats.count == 2)
        let toOne = heartbeats.first { $0.to == 1 }?.message
        #expect(toOne?.entryCount == 0)
        #expect(toOne?.commit == 1)
        effects.removeAll()
        if let toOne { nodes[1].step(toOne, from: 0, into: &effects) }
        #expect(commits(effects) == [1...1])
        #expect(nodes[1].commitIndex == 1)
    }

    @Test func thePipelineWindowBatchesEntriesThatWait() {
        var config = RaftConfig()
        config.maxInflightAppends = 2
        config.maxBatchEntries = 10
        var nodes = cluster(config)
        var effects: [RaftEffect] = []
        for _ in 0..<5 { _ = nodes[0].propose(into: &effects) }
        let toOne = sends(effects).filter { $0.to == 1 }.map(\.message)
        // Two single-entry appends fill the window; entries 3...5 wait.
        #expect(toOne.map(\.entryCount) == [1, 1])
        effects.removeAll()
        nodes[1].step(toOne[0], from: 0, into: &effects)
        let ack = sends(effects)[0].message
        effects.removeAll()
        nodes[0].step(ack, from: 1, into: &effects)
        let next = sends(effects).filter { $0.to == 1 }.map(\.message)
        #expect(next.count == 1)
        #expect(next.first?.index == 2)
        #expect(next.first?.entryCount == 3)
    }

    @Test func aFollowerWithAGapRejectsAndTheLeaderBacksOff() {
        var nodes = cluster()
        var effects: [RaftEffect] = []
        for _ in 0..<3 { _ = nodes[0].propose(into: &effects) }
        let toTwo = sends(effects).filter { $0.to == 2 }.map(\.message)
        #expect(toTwo.count == 3)
        // Entry 1's append is lost: the follower sees prevLogIndex 1 but holds nothing.
        effects.removeAll()
        nodes[2].step(toTwo[1], from: 0, into: &effects)
        let rejection = sends(effects)[0].message
        #expect(rejection.success == false)
        #expect(rejection.index == 0)
        effects.removeAll()
        nodes[0].step(rejection, from: 2, into: &effects)
        let retry = sends(effects).filter { $0.to == 2 }.map(\.message)
        #expect(retry.count == 1)
        #expect(retry.first?.index == 0)
        #expect(retry.first?.entryCount == 3)
        effects.removeAll()
        if let retry = retry.first { nodes[2].step(retry, from: 0, into: &effects) }
        #expect(nodes[2].lastIndex == 3)
        #expect(sends(effects).first?.message.success == true)
    }

    @Test func aConflictingUncommittedSuffixIsReplaced() {
        var follower = RaftNode(id: 1, voters: [0, 1, 2])
        follower.bootstrapAsFollower(term: 1, leader: 0)
        var effects: [RaftEffect] = []
        follower.step(.append(term: 1, previousIndex: 0, previousTerm: 0, entryCount: 3, entryTerm: 1, commit: 1), from: 0, into: &effects)
        #expect(follower.lastIndex == 3)
        // A leader of term 2 overwrites entries 2...3 with one entry of its own.
        effects.removeAll()
        follower.step(.append(term: 2, previousIndex: 1, previousTerm: 1, entryCount: 1, entryTerm: 2, commit: 1), from: 2, into: &effects)
        #expect(follower.lastIndex == 2)
        #expect(follower.term(at: 2) == 2)
        #expect(follower.term == 2)
        #expect(follower.leader == 2)
    }

    @Test func aStaleLeaderIsToldTheNewerTerm() {
        var follower = RaftNode(id: 1, voters: [0, 1, 2])
        follower.bootstrapAsFollower(term: 3, leader: 2)
        var effects: [RaftEffect] = []
        follower.step(.append(term: 2, previousIndex: 0, previousTerm: 0, entryCount: 1, entryTerm: 2, commit: 0), from: 0, into: &effects)
        #expect(follower.lastIndex == 0)
        let reply = sends(effects).first?.message
        #expect(reply?.success == false)
        #expect(reply?.term == 3)
        // The old leader steps down on hearing it.
        var oldLeader = RaftNode(id: 0, voters: [0, 1, 2])
        oldLeader.bootstrapAsLeader(term: 2)
        effects.removeAll()
        if let reply { oldLeader.step(reply, from: 1, into: &effects) }
        #expect(oldLeader.role == .follower)
        #expect(oldLeader.term == 3)
    }

    @Test func compactionKeepsTheLogBoundedInTheSteadyState() {
        var config = RaftConfig()
        config.compactionChunk = 100
        var nodes = cluster(config)
        var effects: [RaftEffect] = []
        for _ in 0..<10_000 {
            effects.removeAll()
            _ = nodes[0].propose(into: &effects)
            for (to, message) in sends(effects) {
                var replies: [RaftEffect] = []
                nodes[to].step(message, from: 0, into: &replies)
                for (_, reply) in sends(replies) {
                    var ignored: [RaftEffect] = []
                    nodes[0].step(reply, from: to, into: &ignored)
                }
            }
        }
        #expect(nodes[0].commitIndex == 10_000)
        #expect(nodes[0].retainedEntryCount < 200)
        #expect(nodes[1].retainedEntryCount < 200)
        #expect(nodes[1].term(at: 10_000) == 1)
    }

    @Test func aSingleVoterCommitsOnItsOwn() {
        var node = RaftNode(id: 0, voters: [0])
        node.bootstrapAsLeader(term: 1)
        var effects: [RaftEffect] = []
        #expect(node.propose(into: &effects) == 1)
        #expect(commits(effects) == [1...1])
    }

    /// Writes a leader commits with node 2 cut off; returns the cluster. Messages to and
    /// from node 2 are lost.
    private func commitWithNodeTwoCutOff(_ config: RaftConfig, entries: Int) -> [RaftNode] {
        var nodes = cluster(config)
        var effects: [RaftEffect] = []
        for _ in 0..<entries {
            effects.removeAll()
            _ = nodes[0].propose(into: &effects)
            for (to, message) in sends(effects) where to == 1 {
                var replies: [RaftEffect] = []
                nodes[to].step(message, from: 0, into: &replies)
                for (_, reply) in sends(replies) {
                    var ignored: [RaftEffect] = []
                    nodes[0].step(reply, from: to, into: &ignored)
                }
            }
        }
        return nodes
    }

    /// A follower cut off for long holds the leader's log back only up to the raft-log
    /// limit; past it the leader compacts anyway, and once the follower is back it catches
    /// up from a snapshot.
    @Test func aLongLaggingFollowerGetsASnapshotInsteadOfUnboundedLog() {
        var config = RaftConfig()
        config.compactionChunk = 100
        config.maxLaggingEntries = 1_000
        var nodes = commitWithNodeTwoCutOff(config, entries: 10_000)
        #expect(nodes[0].commitIndex == 10_000)
        #expect(nodes[0].retainedEntryCount <= 1_000 + 100)
        #expect(nodes[2].lastIndex == 0)

        // Node 2 is back: heartbeats find it behind the leader's log, so it gets a snapshot.
        var pending: [(from: Int, to: Int, message: RaftMessage)] = []
        for _ in 0..<20 where nodes[2].commitIndex < 10_000 {
            var effects: [RaftEffect] = []
            nodes[0].tick(into: &effects)
            pending += sends(effects).map { (0, $0.to, $0.message) }
            while !pending.isEmpty {
                let (from, to, message) = pending.removeFirst()
                var replies: [RaftEffect] = []
                nodes[to].step(message, from: from, into: &replies)
                pending += sends(replies).map { (to, $0.to, $0.message) }
            }
        }
        #expect(nodes[0].snapshotsSent >= 1)
        #expect(nodes[2].commitIndex == 10_000)
        #expect(nodes[2].term(at: 10_000) == 1)

        // Without the limit the leader keeps every entry node 2 lacks.
        config.maxLaggingEntries = Int.max
        let unbounded = commitWithNodeTwoCutOff(config, entries: 10_000)
        #expect(unbounded[0].retainedEntryCount == 10_000)
        #expect(unbounded[0].snapshotsSent == 0)
    }
}
