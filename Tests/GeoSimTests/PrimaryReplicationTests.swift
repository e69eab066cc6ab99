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
        scenario.rate = 100  // writes per second
        scenario.replication.applyTime = .constant(Double(20 * Nanoseconds.millisecond))  // 50 per second
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

    /// A replica that never applies (down for good) holds the primary's commit times back
    /// only up to the replica-log limit; past it the oldest are forgotten, and the replica
    /// missing them reads as stale whatever the bound.
    @Test func aReplicaDownForGoodHoldsBackOnlyTheReplicaLogLimit() {
        func primaryWithReplicaDown(limit: Int) -> PrimaryReplicaSet {
            var set = PrimaryReplicaSet(primary: 0, nodeCount: 3)
            var lags: [Nanoseconds] = []
            for index in 1...20_000 as ClosedRange<UInt64> {
                let time = Nanoseconds(index) * .millisecond
                _ = set.append(at: time, version: time)
                _ = set.receive(index, at: 1, time: time, applyTime: 0)
                set.catchUp(1, to: time, lags: &lags)
                set.trim(keepingAtMost: limit)
            }
            return set
        }
        let limited = primaryWithReplicaDown(limit: 1_000)
        #expect(limited.forgottenEntries >= 20_000 - 1_000 - 4_096)
        #expect(limited.commitTime(of: 1) == nil)
        #expect(limited.commitTime(of: 20_000) == 20_000 * .millisecond)
        #expect(!limited.isFresh(2, now: 20 * .second, bound: 3600 * .second))
        #expect(limited.isFresh(1, now: 20 * .second, bound: 0))

        let unlimited = primaryWithReplicaDown(limit: Int.max / 2)
        #expect(unlimited.forgottenEntries == 0)
        #expect(unlimited.commitTime(of: 1) == .millisecond)
        #expect(unlimited.isFresh(2, now: 20 * .second, bound: 3600 * .second))
        #expect(!unlimited.isFresh(2, now: 20 * .second, bound: 19 * .second))
    }

    /// Promoting a replica from behind the forgotten commit times starts them afresh: the
    /// new primary's next entry has its own commit time.
    @Test func promotionBehindTheForgottenCommitTimesKeepsTheLogConsistent() {
        var set = PrimaryReplicaSet(primary: 0, nodeCount: 3)
        var lags: [Nanoseconds] = []
        for index in 1...10_000 as ClosedRange<UInt64> {
            _ = set.append(at: Nanoseconds(index), version: Nanoseconds(index))
            if index <= 100 { _ = set.receive(index, at: 2, time: Nanoseconds(index), applyTime: 0) }
            _ = set.receive(index, at: 1, time: Nanoseconds(index), applyTime: 0)
            set.catchUp(1, to: Nanoseconds(index), lags: &lags)
            set.catchUp(2, to: Nanoseconds(index), lags: &lags)
            set.trim(keepingAtMost: 10)
        }
        #expect(set.commitTime(of: 101) == nil)
        #expect(set.promote(2) == 100)
        let next = set.append(at: 99_999, version: 99_999)
        #expect(next == 101)
        #expect(set.commitTime(of: 101) == 99_999)
        #expect(set.isFresh(1, now: 100_000, bound: 10))
    }
}
