import Testing

@testable import GeoSim

/// What faults do to a three-region cluster, checked against bounds derived from the
/// timeouts and round trips, with the Raft safety checker watching every run.
@Suite struct FaultBehaviourTests {
    static let regions = "us-east,us-west,eu-central"

    func scenario(faults: [Fault], seed: UInt64 = 1, duration: Nanoseconds = 60 * .second) throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList(Self.regions))
        scenario.seed = seed
        scenario.duration = duration
        scenario.rate = 300
        scenario.writeFraction = 0.5
        scenario.faults = faults
        scenario.checkSafety = true
        return scenario
    }

    /// The longest one-way latency among the regions (ns), jitter included with margin.
    func maxRoundTrip(_ topology: Topology) -> Nanoseconds {
        var longest: Nanoseconds = 0
        for a in topology.regions.indices { for b in topology.regions.indices { longest = max(longest, topology.roundTrip(fromRegion: a, toRegion: b)) } }
        return longest
    }

    @Test func isolatingTheLeadersRegionElectsANewLeaderWithinTheBound() throws {
        let isolation = Fault(kind: .partition(sideA: [.region(0)], sideB: []), start: 10 * .second, end: 40 * .second, label: "isolate us-east")
        let scenario = try scenario(faults: [isolation])
        let outcome = Simulation.run(scenario)
        #expect(outcome.safetyViolations.isEmpty, "\(outcome.safetyViolations)")
        // Bound: the followers' timeouts lapse within 2T plus a tick after the last
        // heartbeat; a pre-vote and a vote round take two round trips; the new leader's
        // no-op commits after one more; jitter and service add well under one round trip.
        let config = Simulation.raftConfig(for: scenario)
        let tick = scenario.heartbeatInterval
        let bound = Int64(2 * config.electionTicks + 1) * tick + 4 * maxRoundTrip(scenario.topology)
        #expect(outcome.leaderChanges >= 1)
        let first = try #require(outcome.failovers.first)
        #expect(first <= bound, "failover \(DurationText.format(first)) exceeds bound \(DurationText.format(bound))")
        #expect(first >= Int64(config.electionTicks - 1) * tick, "a failover faster than the election timeout is impossible")
        // The isolated region loses writes and strong reads for most of the 30 s.
        #expect(outcome.longestWriteOutage[0] >= 25 * .second)
        #expect(outcome.longestReadOutage[0] >= 20 * .second)
        // The majority side recovers: its outage is the failover, not the partition.
        for region in [1, 2] {
            #expect(outcome.longestWriteOutage[region] <= bound + .second)
            #expect(outcome.writesByRegion[region].ok > 0)
        }
        // After healing, the preferred region leads again and every replica caught up.
        #expect(outcome.leaderChanges >= 2)
        #expect(outcome.leaderNode == 0)
    }

    @Test func isolatingAFollowerRegionLeavesTheOthersWriting() throws {
        let isolation = Fault(kind: .partition(sideA: [.region(2)], sideB: []), start: 10 * .second, end: 40 * .second, label: "isolate eu-central")
        let outcome = Simulation.run(try scenario(faults: [isolation]))
        #expect(outcome.safetyViolations.isEmpty, "\(outcome.safetyViolations)")
        #expect(outcome.leaderChanges == 0)
        #expect(outcome.elections == 0, "PreVote keeps the isolated follower from disrupting the leader")
        #expect(outcome.longestWriteOutage[2] >= 25 * .second)
        #expect(outcome.longestWriteOutage[0] == 0)
        #expect(outcome.longestWriteOutage[1] == 0)
        #expect(outcome.writesByRegion[0].unknown == 0 && outcome.writesByRegion[0].failed == 0)
    }

    @Test func crashingTheLeaderFailsOverAndTheRestartedNodeRejoins() throws {
        let crash = Fault(kind: .crash(.node(0)), start: 5 * .second, end: 20 * .second, label: "crash us-east")
        let outcome = Simulation.run(try scenario(faults: [crash], duration: 40 * .second))
        #expect(outcome.safetyViolations.isEmpty, "\(outcome.safetyViolations)")
        #expect(outcome.leaderChanges >= 2)  // away, and back to the preferred region
        #expect(outcome.leaderlessTime > 0)
        #expect(outcome.leaderNode == 0)
    }

    @Test func oneWayPartitionsAndFlappingLinksNeverMakeTwoLeadersInATerm() throws {
        var faults: [Fault] = []
        // The leader can send to us-west but not hear from it, flapping every few seconds,
        // and eu-central loses 20% of its messages for a while.
        for cycle in 0..<8 {
            let start = Int64(5 + cycle * 6) * .second
            faults.append(Fault(kind: .oneWay(from: [.region(1)], to: [.region(0)]), start: start, end: start + 3 * .second, label: "one-way \(cycle)"))
        }
        faults.append(Fault(kind: .loss(probability: 0.2, sideA: [.region(2)], sideB: []), start: 10 * .second, end: 30 * .second, label: "loss"))
        for seed in 1...5 as ClosedRange<UInt64> {
            let outcome = Simulation.run(try scenario(faults: faults, seed: seed))
            #expect(outcome.safetyViolations.isEmpty, "seed \(seed): \(outcome.safetyViolations)")
        }
    }

    @Test func fixedElectionTimeoutsSplitVotesFarMoreOftenThanRandomizedOnes() throws {
        // Five replicas; the leader crashes for good. Count elections until a new leader.
        func elections(randomized: Bool, seed: UInt64) throws -> Int {
            var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-east-2,us-west,us-west-1,ca-central"))
            scenario.seed = seed
            scenario.duration = 30 * .second
            scenario.rate = 50
            scenario.randomizedElectionTimeout = randomized
            scenario.leaderPreference = false
            scenario.faults = [Fault(kind: .crash(.node(0)), start: 2 * .second, end: nil, label: "crash")]
            return Simulation.run(scenario).elections
        }
        var fixed = 0
        var randomized = 0
        for seed in 1...20 as ClosedRange<UInt64> {
            fixed += try elections(randomized: false, seed: seed)
            randomized += try elections(randomized: true, seed: seed)
        }
        #expect(randomized >= 20, "each run needs at least one election")
        #expect(fixed >= 2 * randomized, "fixed timeouts: \(fixed) elections, randomized: \(randomized)")
    }

    @Test func theCheckerCatchesAnUnsafeProtocol() throws {
        // Votes granted without the log check let a stale replica win an election and
        // overwrite committed entries; the checker must say so.
        var found = false
        for seed in 1...10 as ClosedRange<UInt64> {
            var scenario = try scenario(
                faults: [
                    Fault(kind: .partition(sideA: [.region(2)], sideB: []), start: 5 * .second, end: 15 * .second, label: "isolate eu-central"),
                    Fault(kind: .crash(.node(0)), start: 15 * .second, end: 25 * .second, label: "crash us-east"),
                    Fault(kind: .crash(.node(1)), start: 15 * .second, end: 16 * .second, label: "crash us-west"),
                ], seed: seed, duration: 30 * .second)
            scenario.raft.unsafeIgnoreLogInVotes = true
            scenario.randomizedElectionTimeout = true
            let outcome = Simulation.run(scenario)
            if !outcome.safetyViolations.isEmpty {
                found = true
                break
            }
        }
        #expect(found)
    }

    /// A follower region cut off for longer than the leader keeps log for (limit raft-log)
    /// catches up by snapshot once back: when the other follower region is cut off next,
    /// the leader's writes still find a quorum in it. With the default limit the same run
    /// needs no snapshot.
    @Test func aFollowerBehindTheRaftLogLimitCatchesUpBySnapshot() throws {
        let first = Fault(kind: .partition(sideA: [.region(2)], sideB: []), start: 5 * .second, end: 35 * .second, label: "isolate eu-central")
        let second = Fault(kind: .partition(sideA: [.region(1)], sideB: []), start: 40 * .second, end: 60 * .second, label: "isolate us-west")
        var scenario = try self.scenario(faults: [first, second])
        scenario.rate = 2_000  // 1000 writes/s: about 30,000 entries while eu-central is away
        scenario.limits.raftLog = 2_000
        let outcome = Simulation.run(scenario)
        #expect(outcome.safetyViolations.isEmpty, "\(outcome.safetyViolations)")
        #expect(outcome.raftSnapshots >= 1)
        #expect(outcome.leaderChanges == 0)
        // us-east keeps writing throughout: in the second partition only with eu-central.
        #expect(outcome.longestWriteOutage[0] == 0)
        #expect(outcome.longestWriteOutage[2] >= 25 * .second)

        scenario.limits = RunLimits()
        let unlimited = Simulation.run(scenario)
        #expect(unlimited.raftSnapshots == 0)
        #expect(unlimited.longestWriteOutage[0] == 0)
    }
}

/// The safety checker fed broken observations directly: each property's check fires.
@Suite struct RaftSafetyCheckerTests {
    func leaderLog(term: UInt64, entries: UInt32, entryTerm: UInt64) -> RaftNode {
        var node = RaftNode(id: 1, voters: [0, 1, 2])
        node.bootstrapAsFollower(term: entryTerm, leader: 0)
        var effects: [RaftEffect] = []
        node.step(.append(term: entryTerm, previousIndex: 0, previousTerm: 0, entryCount: entries, entryTerm: entryTerm, commit: 0), from: 0, into: &effects)
        return node
    }

    @Test func twoLeadersInOneTermViolateElectionSafety() {
        let checker = RaftSafetyChecker()
        let log = RaftNode(id: 0, voters: [0, 1, 2])
        checker.leaderElected(node: 0, term: 4, log: log, at: 0)
        #expect(checker.violations.isEmpty)
        checker.leaderElected(node: 1, term: 4, log: log, at: 0)
        #expect(checker.violations.first?.hasPrefix("Election Safety") == true)
    }

    @Test func applyingDifferentTermsAtOneIndexViolatesStateMachineSafety() {
        let checker = RaftSafetyChecker()
        checker.committed(node: 0, first: 1, last: 2, log: leaderLog(term: 1, entries: 2, entryTerm: 1))
        #expect(checker.violations.isEmpty)
        checker.committed(node: 1, first: 1, last: 2, log: leaderLog(term: 2, entries: 2, entryTerm: 2))
        #expect(checker.violations.contains { $0.hasPrefix("State Machine Safety") })
    }

    @Test func aLeaderWithoutCommittedEntriesViolatesLeaderCompleteness() {
        let checker = RaftSafetyChecker()
        checker.committed(node: 0, first: 1, last: 3, log: leaderLog(term: 1, entries: 3, entryTerm: 1))
        checker.leaderElected(node: 2, term: 2, log: leaderLog(term: 1, entries: 1, entryTerm: 1), at: 0)
        #expect(checker.violations.contains { $0.hasPrefix("Leader Completeness") })
    }

    @Test func aShrinkingLeaderLogViolatesAppendOnly() {
        let checker = RaftSafetyChecker()
        var leader = RaftNode(id: 0, voters: [0, 1, 2])
        leader.bootstrapAsLeader(term: 1)
        var effects: [RaftEffect] = []
        _ = leader.propose(into: &effects)
        _ = leader.propose(into: &effects)
        let before = checker.snapshotIfLeader(leader)
        #expect(before != nil)
        var shrunk = RaftNode(id: 0, voters: [0, 1, 2])
        shrunk.bootstrapAsLeader(term: 1)
        _ = shrunk.propose(into: &effects)
        checker.afterStep(node: 0, before: before, log: shrunk)
        #expect(checker.violations.contains { $0.hasPrefix("Leader Append-Only") })
    }

    @Test func divergentFinalLogsViolateLogMatching() {
        let checker = RaftSafetyChecker()
        // Same term at index 3, different terms at index 2: impossible in Raft.
        var a = RaftNode(id: 0, voters: [0, 1])
        a.bootstrapAsFollower(term: 1, leader: 1)
        var b = RaftNode(id: 1, voters: [0, 1])
        b.bootstrapAsFollower(term: 2, leader: 0)
        var effects: [RaftEffect] = []
        a.step(.append(term: 1, previousIndex: 0, previousTerm: 0, entryCount: 2, entryTerm: 1, commit: 0), from: 1, into: &effects)
        b.step(.append(term: 2, previousIndex: 0, previousTerm: 0, entryCount: 2, entryTerm: 2, commit: 0), from: 0, into: &effects)
        a.step(.append(term: 3, previousIndex: 2, previousTerm: 1, entryCount: 1, entryTerm: 3, commit: 0), from: 1, into: &effects)
        b.step(.append(term: 3, previousIndex: 2, previousTerm: 2, entryCount: 1, entryTerm: 3, commit: 0), from: 0, into: &effects)
        checker.finish(nodes: [a, b], leader: nil)
        #expect(checker.violations.contains { $0.hasPrefix("Log Matching") })
    }

    @Test func aLeaderMissingCommittedEntriesAtTheEndViolatesDurability() {
        let checker = RaftSafetyChecker()
        checker.committed(node: 0, first: 1, last: 3, log: leaderLog(term: 1, entries: 3, entryTerm: 1))
        let short = leaderLog(term: 1, entries: 2, entryTerm: 1)
        checker.finish(nodes: [short, short, short], leader: 0)
        #expect(checker.violations.contains { $0.hasPrefix("Durability") })
    }
}
