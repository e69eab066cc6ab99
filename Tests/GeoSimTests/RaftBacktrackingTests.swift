import Testing

@testable import GeoSim

/// A follower whose log diverges from the new leader's over a long uncommitted tail is
/// caught up a term at a time (etcd's findConflictByTerm), not an entry per round trip.
@Suite struct RaftBacktrackingTests {
    /// Leader: 10 committed entries of term 1, then 300 of term 3 and its term-4 no-op.
    /// Follower: the same 10, then 500 of term 2 it took from a deposed leader. They
    /// match through index 10 only.
    func divergedPair() -> [RaftNode] {
        var nodes = threeNodeCluster()
        nodes[0].entryTerms = Array(repeating: 1, count: 10) + Array(repeating: 3, count: 300)
        nodes[0].term = 4
        nodes[1].entryTerms = Array(repeating: 1, count: 10) + Array(repeating: 2, count: 500)
        nodes[1].term = 4
        nodes[1].commitIndex = 10
        return nodes
    }

    /// Exchanges messages between the leader (0) and follower 1 only; returns the
    /// number of round trips until the follower holds the leader's whole log.
    func roundTripsToCatchUp(_ nodes: inout [RaftNode]) -> Int {
        var effects: [RaftEffect] = []
        nodes[0].becomeLeader(into: &effects)
        nodes[0].broadcastHeartbeat(into: &effects)
        var toFollower = sends(effects).filter { $0.to == 1 }.map(\.message)
        var trips = 0
        while nodes[0].progress[1].matchIndex < nodes[0].lastIndex, trips < 2000, !toFollower.isEmpty {
            trips += 1
            var answers: [RaftMessage] = []
            for message in toFollower {
                effects.removeAll()
                nodes[1].step(message, from: 0, into: &effects)
                answers += sends(effects).map(\.message)
            }
            toFollower = []
            for answer in answers {
                effects.removeAll()
                nodes[0].step(answer, from: 1, into: &effects)
                toFollower += sends(effects).filter { $0.to == 1 }.map(\.message)
            }
        }
        return trips
    }

    @Test func aDivergedFollowerCatchesUpInAFewRoundTrips() {
        var nodes = divergedPair()
        let trips = roundTripsToCatchUp(&nodes)
        #expect(nodes[0].progress[1].matchIndex == nodes[0].lastIndex)
        #expect(Array(nodes[1].entryTerms) == Array(nodes[0].entryTerms))
        // One probe rejected at the follower's term-2 tail (hint: index 10), one that
        // matches, then the pipelined rest: an entry per round trip would take ~300.
        #expect(trips <= 8, "\(trips) round trips")
        #expect(nodes[0].invariantViolations().isEmpty && nodes[1].invariantViolations().isEmpty)
    }

    @Test func theHintSkipsWholeTerms() {
        let nodes = divergedPair()
        #expect(nodes[1].lastIndex(atOrBelow: 510, withTermAtMost: 3) == 510)
        #expect(nodes[1].lastIndex(atOrBelow: 510, withTermAtMost: 1) == 10)
        #expect(nodes[0].lastIndex(atOrBelow: 310, withTermAtMost: 2) == 10)
        #expect(nodes[0].lastIndex(atOrBelow: 5, withTermAtMost: 0) == 0)
    }
}

/// Answers lost while appends got through: after a one-way cut from the followers to the
/// leader, the leader's window of 256 appends was full of answers that never came, so it
/// never sent again and every write failed after the heal (seed 50123 of `geosim check
/// --profile raft-paper --seed 50000 --seeds 200`). A heartbeat's answer sent after
/// the last append now frees the window.
@Suite struct LostAppendAnswersTests {
    @Test func writesResumeAfterAOneWayCutHeals() throws {
        var settings = ScenarioSettings()
        for (flag, value) in [
            ("--topology", "us-east,us-west,eu-central"), ("--profile", "raft-paper"), ("--duration", "20s"),
            ("--one-way", "us-west,eu-central->us-east@6373ms..14535ms"),
        ] {
            try settings.apply(flag: flag, value: value)
        }
        var options = CheckSwarm.Options()
        options.chaos = false
        options.shrinkRuns = 0
        let result = try CheckSwarm.run(base: settings, seeds: [50123], options: options)
        #expect(result.failed.isEmpty, "\(result.failureMessage)")
    }
}
