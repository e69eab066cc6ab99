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
