import Testing

@testable import GeoSim

/// Placement against arithmetic: with jitter off and a constant service time, a write
/// costs the round trip to the voter that completes its quorum, and a read the hops to
/// whichever replica may serve it.
@Suite struct PlacementLatencyTests {
    static let service: Nanoseconds = 50 * .microsecond

    func quiet(_ list: String, replicasPerRegion: Int, survival: SurvivalGoal?, readMode: Scenario.ReadMode = .strong) throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList(list, replicasPerRegion: replicasPerRegion))
        scenario.jitter = .none
        scenario.jitterIsExplicit = true
        scenario.serviceTime = .constant(Double(Self.service))
        scenario.survival = survival
        scenario.readMode = readMode
        scenario.rate = 2
        scenario.writeFraction = 0.5
        scenario.duration = 90 * .second
        return scenario
    }

    @Test func zoneSurvivalWritesCostTheIntraRegionQuorum() throws {
        let scenario = try quiet("us-east,us-west,eu-central", replicasPerRegion: 3, survival: .zone)
        let outcome = Simulation.run(scenario)
        let topology = scenario.topology
        // Client → leader (zone a) → nearest voter in another zone of us-east → back.
        let expected = topology.sameZoneRoundTrip + topology.crossZoneRoundTrip + 3 * Self.service
        #expect(outcome.writesByRegion[0].ok > 10)
        #expect(outcome.writesByRegion[0].latency.min == expected)
        #expect(outcome.writesByRegion[0].latency.max == expected)
        // Strong reads from a non-home region cross to the home region and back: client →
        // local replica (a non-voter, service) → leader (service) → local replica (service).
        let toHome = topology.roundTrip(fromRegion: 2, toRegion: 0)
        #expect(outcome.readsByRegion[2].latency.min == topology.sameZoneRoundTrip + toHome + 3 * Self.service)
        #expect(outcome.readsByRegion[2].latency.max == topology.sameZoneRoundTrip + toHome + 3 * Self.service)
    }

    @Test func regionSurvivalWritesCostTheRoundTripToTheNearestVoterRegion() throws {
        let scenario = try quiet("us-east,us-east-2,us-west,eu-central,ap-northeast", replicasPerRegion: 2, survival: .region)
        let layout = try RangeLayout.make(for: scenario)
        let placement = layout.ranges[0]
        let topology = scenario.topology
        #expect(placement.voters.count == 5)
        // Quorum 3: the leader, its home-region partner (another zone) and the nearest
        // voter outside the home region; the slower of the two answers completes it.
        let outside =
            placement.voters.filter { topology.nodes[$0].region != 0 }
            .map { topology.roundTrip(fromRegion: 0, toRegion: topology.nodes[$0].region) }.min() ?? 0
        let quorumRoundTrip = max(outside, topology.crossZoneRoundTrip)
        let expected = topology.sameZoneRoundTrip + quorumRoundTrip + 3 * Self.service
        let outcome = Simulation.run(scenario)
        #expect(outcome.writesByRegion[0].ok > 5)
        #expect(outcome.writesByRegion[0].latency.min == expected)
        #expect(outcome.writesByRegion[0].latency.max == expected)
        // us-east-2 (Ohio) is the nearest region: about 15 ms round trip.
        #expect(outside == topology.roundTrip(fromRegion: 0, toRegion: 1))
    }

    @Test func boundedReadsAtANonVotingReplicaCostALocalHop() throws {
        var scenario = try quiet("us-east,us-west,eu-central", replicasPerRegion: 3, survival: .zone, readMode: .bounded)
        scenario.heartbeatInterval = 200 * .millisecond
        let outcome = Simulation.run(scenario)
        let local = scenario.topology.sameZoneRoundTrip + Self.service
        #expect(outcome.readsByRegion[2].ok > 10)
        #expect(outcome.readsByRegion[2].latency.min == local)
        #expect(outcome.readsByRegion[2].latency.percentile(0.9) == local)
    }

    @Test func regionSurvivalOnTwoRegionsIsAUsageErrorThatSaysWhy() {
        let result = CommandLineInterface.main(["--topology", "us-east,us-west", "--replicas-per-region", "3", "--survival", "region"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("at least 3 regions"))
    }

    @Test func rowLocalityHomesRangesEverywhereAndClientsWriteNearby() throws {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central", replicasPerRegion: 3))
        scenario.locality = .row
        scenario.localShare = 1
        scenario.duration = 20 * .second
        scenario.rate = 300
        let outcome = Simulation.run(scenario)
        #expect(outcome.layout.ranges.count == 12)
        #expect(outcome.leaseholdersByRegion == [4, 4, 4])
        // Every client writes only its own region's rows: zone-survival quorums at home.
        for region in 0..<3 {
            #expect(outcome.writesByRegion[region].latency.percentile(0.99) < 10 * .millisecond, "region \(region)")
        }
    }

    @Test func globalTablesServeStrongReadsLocallyAndWaitOutWrites() throws {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.locality = .global
        scenario.duration = 20 * .second
        scenario.rate = 300
        scenario.checkSafety = true
        let outcome = Simulation.run(scenario)
        #expect(outcome.safetyViolations.isEmpty, "\(outcome.safetyViolations.prefix(2))")
        // Writes wait out at least the max clock offset.
        #expect(outcome.writesByRegion[0].latency.min >= scenario.maxClockOffset)
        // Strong reads are local nearly always, everywhere, and never miss a version
        // committed (and waited out) before they began.
        for region in 0..<3 {
            #expect(outcome.readsByRegion[region].latency.percentile(0.9) < 2 * .millisecond, "region \(region)")
            #expect(outcome.stalenessByRegion[region].stale == 0, "region \(region)")
        }
    }
}

/// The report and the topology file's say over placement.
@Suite struct PlacementReportTests {
    @Test func aTopologyFileCanFixThePlacement() throws {
        let text = #"""
            {"regions": [{"name": "us-east", "nodes": 3}, {"name": "us-west", "nodes": 3}, {"name": "eu-central"}],
             "placement": {"voters": ["us-east/a", "us-west/a", "us-west/b"], "non_voters": ["eu-central"]}}
            """#
        let topology = try Topology.parse(InputNode(try JSONParser.parse(text)))
        var scenario = Scenario(topology: topology)
        scenario.duration = 5 * .second
        let layout = try RangeLayout.make(for: scenario)
        #expect(layout.ranges[0].voters.map { topology.nodes[$0].name } == ["us-east/a", "us-west/a", "us-west/b"])
        #expect(layout.ranges[0].nonVoters.map { topology.nodes[$0].name } == ["eu-central"])
        let bad = #"{"regions": ["us-east"], "placement": {"voters": ["us-wset"]}}"#
        #expect(throws: InputError.self) { try Topology.parse(InputNode(try JSONParser.parse(bad))) }
    }

    @Test func theJSONReportCarriesPlacementAndStaleness() throws {
        let result = CommandLineInterface.main([
            "--topology", "us-east,us-west,eu-central", "--replicas-per-region", "3", "--duration", "10s",
            "--read-mode", "bounded", "--format", "json",
        ])
        #expect(result.exitCode == 0)
        let json = try JSONParser.parse(result.standardOutput)
        #expect(json["placement"]?["survival"] == .string("zone"))
        #expect(json["placement"]?["by_home"]?["us-east"]?["voters"] == .array([.string("us-east/a"), .string("us-east/b"), .string("us-east/c")]))
        #expect(json["reads"]?["by_mode"]?["bounded"]?["count"] != nil)
        #expect(json["reads"]?["local_fraction"] != nil)
        for place in [json["staleness"], json["staleness"]?["by_region"]?["eu-central"], json["staleness"]?["by_mode"]?["bounded"]] {
            #expect(place?["time_ms"]?["p99"] != nil)
            #expect(place?["versions"]?["max"] != nil)
            #expect(place?["stale_fraction"] != nil)
        }
        guard case .array(let curve) = json["tvisibility"], let first = curve.first else {
            Issue.record("no tvisibility curve")
            return
        }
        #expect(first["t_ms"] != nil && first["p_consistent"] != nil)
    }
}
