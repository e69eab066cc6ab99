import Testing

@testable import GeoSim

/// Each component lists what is wrong with its own state: these tests break a component
/// through its own API and see the list say so, and check that a run with faults leaves
/// every component sound.
@Suite struct ComponentInvariantTests {
    func scenario() throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.duration = 2 * .second
        return scenario
    }

    @Test func poolGateCatchesAReleaseWithoutAGrant() {
        var settings = PoolSettings()
        settings.poolSize = 2
        var gate = PoolGate(settings: settings, regions: 1)
        let waiter = PoolGate.Waiter(client: 0, region: 0, sequence: 0, since: 0)
        #expect(gate.admit(waiter, now: 0) == .connected(pooler: false))
        #expect(gate.invariantViolations().isEmpty)
        _ = gate.release(region: 0, now: 1) { _ in false }
        #expect(gate.invariantViolations().isEmpty)
        _ = gate.release(region: 0, now: 2) { _ in false }
        #expect(!gate.invariantViolations().isEmpty)
    }

    @Test func timelineRecorderCatchesRowsOutOfOrder() {
        var timeline = TimelineRecorder(regions: 2)
        timeline.closeSecond(end: 2 * .second, leaderRegion: 0, activeFaults: [])
        #expect(timeline.invariantViolations().isEmpty)
        timeline.closeSecond(end: 1 * .second, leaderRegion: 0, activeFaults: [])
        #expect(!timeline.invariantViolations().isEmpty)
    }

    @Test func followerReadsCatchAClosedTimestampNoLeaseholderPublished() throws {
        let scenario = try scenario()
        let layout = try RangeLayout.make(for: scenario)
        let ranges = RaftRanges(layout: layout, config: Simulation.raftConfig(for: scenario), seed: 1, nodeCount: 3)
        var reads = FollowerReads(scenario: scenario, replicas: ranges.replicas.count, ranges: layout.ranges.count)
        let published = reads.close(range: 0, replica: 0, clock: 10 * .second, index: 0, appliedIndex: 0)
        reads.received(published, at: 1, appliedIndex: 0)
        #expect(reads.invariantViolations(in: ranges).isEmpty)
        reads.received(.init(timestamp: published.timestamp + 1, index: 0), at: 2, appliedIndex: 0)
        #expect(!reads.invariantViolations(in: ranges).isEmpty)
    }

    @Test func clientDriverCatchesAnOperationEndedTwice() throws {
        let scenario = try scenario()
        var driver = ClientDriver(scenario: scenario, layout: try RangeLayout.make(for: scenario), horizon: scenario.duration)
        let arrival = driver.arrive(client: 0, now: 0)
        let (first, _) = try #require(arrival)
        let (sequence, _) = driver.startAttempt(client: 0, first, now: 0)
        let record = try #require(driver.record(client: 0, sequence: sequence))
        _ = driver.settle(client: 0, record: record, outcome: .ok, now: 1)
        #expect(driver.invariantViolations().isEmpty)
        _ = driver.settle(client: 0, record: record, outcome: .ok, now: 2)
        #expect(!driver.invariantViolations().isEmpty)
    }

    @Test func primaryReplicationCatchesAnAcknowledgementBeyondTheLog() throws {
        var scenario = try scenario()
        scenario.replication.mode = .primarySync
        var primary = PrimaryReplication(scenario: scenario, horizon: scenario.duration)
        let index = primary.append(at: 0, version: 1)
        primary.acknowledged(index: index, at: 0)
        #expect(primary.invariantViolations().isEmpty)
        primary.acknowledged(index: index + 1, at: 0)
        #expect(!primary.invariantViolations().isEmpty)
    }

    @Test(arguments: [
        "--crash us-east@500ms..1200ms --read-mode bounded --ranges 6 --replicas-per-region 2",
        "--replication primary-sync --crash us-east@500ms..1s --promotion-delay 200ms --pool-size 2",
        "--replication leaderless --read-repair --cache-ttl 1s --cache-fill singleflight",
        "--partition us-east|us-west,eu-central@500ms..1s --read-mode exact --session read-your-writes --timeline",
    ])
    func aRunWithFaultsLeavesEveryComponentSound(flags: String) throws {
        let words = ["--topology", "us-east,us-west,eu-central", "--duration", "2s", "--rate", "300"] + flags.split(separator: " ").map(String.init)
        let scenario = try RunOptions.parse(words).scenario
        let simulation = Simulation(scenario, layout: try RangeLayout.make(for: scenario))
        let outcome = simulation.run()
        #expect(outcome.operationCount > 0)
        #expect(simulation.invariantViolations() == [])
    }
}
