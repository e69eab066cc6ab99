import Testing
@testable import GeoSim

/// A primary with streaming replicas: lag against arithmetic, lag growth past the apply
/// rate, and the data lost at promotion counted against an independent tally.
@Suite struct PrimaryReplicationTests {
    func scenario(_ mode: ReplicationSettings.Mode, jitter: Bool = true) throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.replication.mode = mode
        scenario.duration = 20 * .second
        scenario.rate = 300
        if !jitter {
            scenario.jitter = .none
            scenario.jitterIsExplicit = true
        }
        return scenario
    }

    @Test func lightlyLoadedLagIsTheLinkPlusServiceAndApply() throws {
        var scenario = try scenario(.primaryAsync, jitter: false)
        scenario.serviceTime = .constant(Double(10 * Nanoseconds.microsecond))
        scenario.replication.applyTime = .constant(Double(100 * Nanoseconds.microsecond))
        scenario.rate = 30
        let outcome = Simulation.run(scenario)
        for region in [1, 2] {
            let expected = scenario.topology.roundTrip(fromRegion: 0, toRegion: region) / 2 + 10 * .microsecond + 100 * .microsecond
            let lag = outcome.replicaLagByRegion[region]
            #expect(lag.count > 30)
            #expect(lag.min == expected, "region \(region)")
            #expect(lag.max == expected, "region \(region)")
        }
        // Asynchronous: a write from the primary's region is acknowledged locally.
        #expect(outcome.writesByRegion[0].latency.max < 1 * .millisecond)
    }

    @Test func lagGrowsSteadilyOnceWritesOutpaceReplay() throws {
        var scenario = try scenario(.primaryAsync)
        scenario.writeFraction = 1
        scenario.rate = 100                      // writes per second
        scenario.replication.applyTime = .constant(Double(20 * Nanoseconds.millisecond)) // 50 per second
        scenario.timeline = true
        let outcome = Simulation.run(scenario)
        // Replay finishes entry n at n × 20 ms while entry n committed at n × 10 ms: the
        // write committed at c is applied at 2c, so the lag grows by half a second per
        // second of run, reaching about 10 s after 20 s.
        #expect(outcome.replicaLagByRegion[1].max > 9 * .second)
        #expect(outcome.replicaLagByRegion[1].max < 11 * .second)
        let lagAt = { (second: Int) in outcome.timeline[second - 1].cells[1].replicaLagP99 }
        #expect(lagAt(10) > lagAt(5) + 2 * .second)
        #expect(lagAt(15) > lagAt(10) + 2 * .second)
    }

    @Test func syncCommitWaitsForAReplica() throws {
        var scenario = try scenario(.primarySync, jitter: false)
        scenario.replication.syncReplicas = 1
        scenario.rate = 30
        let outcome = Simulation.run(scenario)
        // The nearest replica (us-west) must receive it: a round trip from us-east.
        let toWest = scenario.topology.roundTrip(fromRegion: 0, toRegion: 1)
        #expect(outcome.writesByRegion[0].latency.min >= toWest)
        #expect(outcome.writesByRegion[0].latency.max < toWest + 2 * .millisecond)
    }

    /// Half writes; the replicas stop hearing the primary at 5 s, it crashes at 9 s, and
    /// the most caught-up replica is promoted 2 s later.
    func cutThenCrash(_ mode: ReplicationSettings.Mode) throws -> Scenario {
        var scenario = try scenario(mode)
        scenario.writeFraction = 0.5
        scenario.replication.promotionDelay = 2 * .second
        scenario.faults = [
            Fault(kind: .oneWay(from: [.region(0)], to: [.region(1), .region(2)]), start: 5 * .second, end: nil, label: "cut"),
            Fault(kind: .crash(.node(0)), start: 9 * .second, end: nil, label: "crash"),
        ]
        return scenario
    }

    @Test func promotionLosesExactlyTheAcknowledgedWritesNotYetShipped() throws {
        var scenario = try cutThenCrash(.primaryAsync)
        scenario.recordAcknowledgedWrites = true
        let outcome = Simulation.run(scenario)
        #expect(outcome.promotions == 1)
        #expect(outcome.primaryNode == 1)
        // Independent tally: every write the old primary acknowledged after the cut (and
        // before it crashed) was never shipped.
        let unshipped = outcome.acknowledgedWrites.filter { $0.committedAt >= 5 * .second && $0.committedAt < 9 * .second }.count
        #expect(unshipped > 100)
        #expect(outcome.lostAcknowledgedWrites == unshipped)
    }

    @Test func semiSyncLosesNothingAtPromotion() throws {
        let scenario = try cutThenCrash(.primarySync)
        let outcome = Simulation.run(scenario)
        #expect(outcome.promotions == 1)
        #expect(outcome.lostAcknowledgedWrites == 0)
        // Writes after the cut could not be acknowledged: they are unknown or failed.
        #expect(outcome.writesByRegion[0].unknown > 0)
    }
}
