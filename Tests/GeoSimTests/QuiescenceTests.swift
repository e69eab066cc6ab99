import Testing

@testable import GeoSim

/// Idle ranges go quiet, wake on work, and still fail over when their leader's node dies.
@Suite struct QuiescenceTests {
    /// Delivers every message until none is left (a perfect, instant network).
    func settle(_ nodes: inout [RaftNode], _ initial: [(from: Int, to: Int, message: RaftMessage)]) {
        var pending = initial
        while !pending.isEmpty {
            let (from, to, message) = pending.removeFirst()
            var effects: [RaftEffect] = []
            nodes[to].step(message, from: from, into: &effects)
            pending += sends(effects).map { (to, $0.to, $0.message) }
        }
    }

    func tickAll(_ nodes: inout [RaftNode]) -> Int {
        var out: [(from: Int, to: Int, message: RaftMessage)] = []
        for id in nodes.indices {
            var effects: [RaftEffect] = []
            nodes[id].tick(into: &effects)
            out += sends(effects).map { (id, $0.to, $0.message) }
        }
        let count = out.count
        settle(&nodes, out)
        return count
    }

    /// `quiesce = false` (etcd, the Raft paper, `--quiesce off`): an idle leader keeps
    /// heartbeating every tick, and no replica ever quiesces.
    @Test func withoutQuiescenceAnIdleGroupKeepsHeartbeating() {
        var config = RaftConfig()
        config.quiesce = false
        var nodes = threeNodeCluster(config)
        var effects: [RaftEffect] = []
        _ = nodes[0].propose(into: &effects)
        settle(&nodes, sends(effects).map { (0, $0.to, $0.message) })
        var silentTicks = 0
        for _ in 0..<50 where tickAll(&nodes) == 0 { silentTicks += 1 }
        #expect(silentTicks == 0, "a leader that may not quiesce heartbeats on every tick")
        #expect(nodes.allSatisfy { !$0.quiesced })
        #expect(nodes[0].role == .leader)
    }

    @Test func anIdleGroupGoesQuietAndAProposalWakesIt() {
        var nodes = threeNodeCluster()
        var effects: [RaftEffect] = []
        _ = nodes[0].propose(into: &effects)
        settle(&nodes, sends(effects).map { (0, $0.to, $0.message) })
        var quietTicks = 0
        for _ in 0..<10 where tickAll(&nodes) == 0 { quietTicks += 1 }
        #expect(nodes.allSatisfy { $0.quiesced })
        #expect(quietTicks >= 5, "a quiesced group sends nothing on ticks")
        // Followers of a quiesced leader never campaign, however long it stays quiet.
        for _ in 0..<100 { _ = tickAll(&nodes) }
        #expect(nodes[0].role == .leader && nodes[0].term == 1)
        effects.removeAll()
        _ = nodes[0].propose(into: &effects)
        #expect(!nodes[0].quiesced)
        settle(&nodes, sends(effects).map { (0, $0.to, $0.message) })
        #expect(!nodes[1].quiesced && !nodes[2].quiesced)
        #expect(nodes[1].commitIndex >= 1)
    }

    @Test func aWokenFollowerCampaignsWhenItsLeaderIsGone() {
        var nodes = threeNodeCluster()
        for _ in 0..<6 { _ = tickAll(&nodes) }
        #expect(nodes[1].quiesced)
        // The leader is gone; the environment's liveness check wakes node 1.
        nodes[1].wake()
        var effects: [RaftEffect] = []
        var campaigned = false
        for _ in 0..<(2 * RaftConfig().electionTicks + 1) {
            nodes[1].tick(into: &effects)
            for case .send(_, let message) in effects where message.kind == .preVote { campaigned = true }
        }
        #expect(campaigned)
    }

    @Test func manyQuiescedRangesFailOverWhenTheirLeadersNodeCrashes() throws {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central", replicasPerRegion: 3))
        scenario.rangeCount = 100
        scenario.duration = 40 * .second
        scenario.rate = 200
        scenario.checkSafety = true
        scenario.faults = [Fault(kind: .crash(.node(0)), start: 10 * .second, end: nil, label: "crash us-east/a")]
        let outcome = Simulation.run(scenario)
        #expect(outcome.safetyViolations.isEmpty, "\(outcome.safetyViolations.prefix(2))")
        // Every range led from node 0 moved; the other two us-east voters took over.
        #expect(outcome.leaseholdersByRegion[0] == 100)
        #expect(outcome.leaderChanges >= 100)
        // Liveness notices the dead node after an election timeout, then an election:
        // the bound of a single range (2T + a tick + round trips), plus the liveness wait.
        let config = Simulation.raftConfig(for: scenario)
        let bound = scenario.electionTimeout + Int64(2 * config.electionTicks + 2) * scenario.heartbeatInterval + 1 * .second
        #expect(outcome.longestWriteOutage[0] <= bound, "\(DurationText.format(outcome.longestWriteOutage[0])) > \(DurationText.format(bound))")
        // us-east issues about 200/s × 10% / 3 × 40 s ≈ 267 writes; all but those caught
        // in the failover must succeed.
        #expect(outcome.writesByRegion[0].ok > 180)
    }

    /// A leader that crashes and restarts at once (its node's pings barely pause) comes
    /// back as a follower. Its followers, quiesced, must wake at its pre-votes: with their
    /// election timers frozen, leader stickiness would ignore every campaign for good.
    @Test func aQuiescedGroupElectsALeaderAfterItsLeaderRestarts() {
        var nodes = threeNodeCluster()
        for _ in 0..<6 { _ = tickAll(&nodes) }
        #expect(nodes.allSatisfy { $0.quiesced })
        nodes[0].restart()
        var elected: Int?
        for tick in 0..<(10 * RaftConfig().electionTicks) {
            _ = tickAll(&nodes)
            if nodes.contains(where: { $0.role == .leader }) {
                elected = tick
                break
            }
        }
        #expect(elected != nil, "no leader within ten election timeouts")
        #expect(nodes.filter { $0.role == .leader }.count == 1)
    }
}
