import Testing

@testable import GeoSim

/// Reads that the leaseholder itself serves follow the read mode as follower reads do, and
/// the lead of global tables follows CockroachDB's formula.
@Suite struct LeaseholderReadTests {
    @Test func exactStalenessAtTheLeaseholderReadsThePast() throws {
        // Ten keys written 100 times a second: a read 4.8 s in the past misses versions
        // wherever it is served, the leaseholder's own region included.
        let scenario = try RunOptions.parse([
            "--topology", "us-east,us-west,eu-central", "--read-mode", "exact", "--keys", "10", "--rate", "200",
            "--write-fraction", "0.5", "--duration", "20s",
        ]).scenario
        let outcome = Simulation.run(scenario)
        let leaseholderRegion = outcome.stalenessByRegion[0]
        let followerRegion = outcome.stalenessByRegion[1]
        #expect(leaseholderRegion.reads > 100)
        #expect(leaseholderRegion.staleFraction > 0.9, "us-east: \(leaseholderRegion.staleFraction) of exact reads stale")
        #expect(abs(leaseholderRegion.staleFraction - followerRegion.staleFraction) < 0.1)
    }

    @Test func globalTablesLeadAsCockroachDBComputesIt() throws {
        let scenario = try RunOptions.parse(["--topology", "us-east,us-west,eu-central", "--locality", "global"]).scenario
        let topology = scenario.topology
        var largest: Nanoseconds = 0
        for a in topology.regions.indices {
            for b in topology.regions.indices { largest = max(largest, topology.roundTrip(fromRegion: a, toRegion: b)) }
        }
        // pkg/kv/kvserver/closedts/policy.go: max(1.5 RTT + 20 ms, RTT/2 + side-transport
        // interval) + max clock offset + 25 ms.
        let raft = Double(largest) * 1.5 + 20e6
        let side = Double(largest) / 2 + Double(scenario.closedTimestampInterval)
        let expected = max(raft, side) + Double(scenario.maxClockOffset) + 25e6
        #expect(abs(Double(FollowerReads.globalLead(for: scenario)) - expected) < 1)
    }
}

/// Failover counts from the fault, not from the last quorum contact of a range that was
/// idle (and so heard no answers) long before it.
@Suite struct FailoverClockTests {
    @Test func anIdleRangeCrashedAt30sFailsOverFromTheCrash() throws {
        var failovers: [Nanoseconds] = []
        for seed in 1...5 {
            let scenario = try RunOptions.parse([
                "--topology", "us-east,us-west,eu-central", "--rate", "0", "--crash", "us-east@30s..60s", "--duration", "60s",
                "--seed", "\(seed)",
            ]).scenario
            let outcome = Simulation.run(scenario)
            #expect(outcome.failovers.count == 1, "seed \(seed)")
            failovers += outcome.failovers
        }
        failovers.sort()
        // Waking (an election timeout of silence, 2 s) then an election timer of 2–4 s:
        // 4–6 s; counted from the last contact before the range went idle it was ~34–40 s.
        #expect(failovers[failovers.count / 2] < 8 * .second, "\(failovers.map { DurationText.format($0) })")
        #expect(failovers.allSatisfy { $0 < 15 * .second && $0 >= 2 * .second }, "\(failovers.map { DurationText.format($0) })")
    }
}
