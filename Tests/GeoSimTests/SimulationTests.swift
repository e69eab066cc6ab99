import Testing

@testable import GeoSim

/// Whole runs checked against arithmetic: with jitter off and a constant service time,
/// every latency is a sum of half round trips and service times.
@Suite struct SimulationTests {
    /// A quiet scenario: exact latencies, no heartbeats during the run, and so few
    /// operations that no two meet in a replica's queue.
    func quietScenario(_ list: String, replicasPerRegion: Int = 1, leader: Int = 0) throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList(list, replicasPerRegion: replicasPerRegion))
        scenario.jitter = .none
        scenario.jitterIsExplicit = true
        scenario.serviceTime = .constant(Double(50 * Nanoseconds.microsecond))
        scenario.heartbeatInterval = 1 * .hour
        // Ten one-hour ticks: no election and a lease that holds for the whole run.
        scenario.electionTimeout = 10 * .hour
        scenario.rate = 1
        scenario.writeFraction = 0.5
        scenario.duration = 90 * .second
        scenario.leaderRegion = leader
        return scenario
    }

    /// The fastest majority round trip from `leader` to the other voters.
    func quorumRoundTrip(_ topology: Topology, leader: Int) -> Nanoseconds {
        let leaderSite = (topology.nodes[leader].region, topology.nodes[leader].zone)
        let others = topology.nodes.indices.filter { $0 != leader }
            .map { topology.roundTrip(from: leaderSite, to: (topology.nodes[$0].region, topology.nodes[$0].zone)) }
            .sorted()
        let quorum = topology.nodes.count / 2 + 1
        return quorum > 1 ? others[quorum - 2] : 0
    }

    @Test(arguments: [0, 2])
    func writeAndReadLatencyEqualTheArithmeticExactly(leaderRegion: Int) throws {
        let scenario = try quietScenario("us-east,us-west,eu-central", leader: leaderRegion)
        let topology = scenario.topology
        let outcome = Simulation.run(scenario)
        let service: Nanoseconds = 50 * .microsecond
        let local = topology.sameZoneRoundTrip  // client ↔ gateway, both ways
        let leader = leaderRegion  // one replica per region: node id == region index
        let quorum = quorumRoundTrip(topology, leader: leader)
        for region in 0..<3 {
            let toLeader = topology.roundTrip(fromRegion: region, toRegion: leaderRegion)
            let expectedWrite: Nanoseconds
            let expectedRead: Nanoseconds
            if region == leaderRegion {
                // client → leader (service) → follower (service) → leader (service) → client
                expectedWrite = local + quorum + 3 * service
                expectedRead = local + service
            } else {
                // client → gateway (service) → leader (service) → quorum → leader (service)
                // → gateway (service) → client, plus the follower's service in the quorum
                expectedWrite = local + toLeader + quorum + 5 * service
                expectedRead = local + toLeader + 3 * service
            }
            let writes = outcome.writesByRegion[region]
            let reads = outcome.readsByRegion[region]
            #expect(writes.ok > 5 && reads.ok > 5)
            #expect(writes.failed + writes.unknown + reads.failed + reads.unknown == 0)
            #expect(writes.latency.min == expectedWrite, "writes from region \(region)")
            #expect(writes.latency.max == expectedWrite, "writes from region \(region)")
            #expect(writes.latency.percentile(0.5) == expectedWrite)
            #expect(reads.latency.min == expectedRead, "reads from region \(region)")
            #expect(reads.latency.max == expectedRead, "reads from region \(region)")
        }
    }

    @Test func zonesOfOneRegionUseTheCrossZoneRoundTrip() throws {
        let scenario = try quietScenario("us-east", replicasPerRegion: 3)
        let outcome = Simulation.run(scenario)
        let service: Nanoseconds = 50 * .microsecond
        let expected = scenario.topology.sameZoneRoundTrip + scenario.topology.crossZoneRoundTrip + 3 * service
        #expect(outcome.writesByRegion[0].ok > 10)
        #expect(outcome.writesByRegion[0].latency.min == expected)
        #expect(outcome.writesByRegion[0].latency.max == expected)
    }

    @Test func everyIssuedOperationEndsAndTheCountFitsThePoissonRate() throws {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.duration = 20 * .second
        scenario.rate = 1000
        let outcome = Simulation.run(scenario)
        let total = (outcome.writesByRegion + outcome.readsByRegion).reduce(0) { $0 + $1.count }
        // Poisson with mean 20,000: four standard deviations is about 566.
        #expect(abs(total - 20_000) < 566)
        let writes = outcome.writesByRegion.reduce(0) { $0 + $1.count }
        // Binomial share of writes, 10%: four standard deviations of 20,000 × 0.1 × 0.9 is about 170.
        #expect(abs(writes - 2_000) < 170)
        #expect(outcome.committedEntries == UInt64(writes))
        #expect(outcome.leaderNode == 0)
    }

    @Test func aTimeoutShorterThanTheRoundTripMakesWritesUnknown() throws {
        var scenario = try quietScenario("us-east,us-west,eu-central")
        scenario.operationTimeout = 10 * .millisecond
        let outcome = Simulation.run(scenario)
        // Local reads (0.55 ms) still succeed; every write needs ≥ 64 ms and times out.
        #expect(outcome.writesByRegion.allSatisfy { $0.ok == 0 && $0.unknown > 0 })
        #expect(outcome.readsByRegion[0].ok > 0 && outcome.readsByRegion[0].unknown == 0)
        #expect(outcome.readsByRegion[2].ok == 0 && outcome.readsByRegion[2].unknown > 0)
    }

    @Test func theSameSeedGivesTheSameReportBytesAndAnotherSeedDoesNot() throws {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.duration = 5 * .second
        let first = Report(scenario: scenario, outcome: Simulation.run(scenario)).json
        let second = Report(scenario: scenario, outcome: Simulation.run(scenario)).json
        #expect(first == second)
        scenario.seed = 2
        let other = Report(scenario: scenario, outcome: Simulation.run(scenario)).json
        #expect(first != other)
    }

    @Test func moreClientsDoNotChangeTheNetworksDraws() {
        // Streams are per component: the network's stream does not depend on how many
        // other streams exist or how much they were used.
        var network = RandomStream(seed: 9, component: "network")
        var client = RandomStream(seed: 9, component: "client", index: 5)
        for _ in 0..<100 { _ = client.next() }
        var networkAgain = RandomStream(seed: 9, component: "network")
        for _ in 0..<100 { #expect(network.next() == networkAgain.next()) }
    }
}
