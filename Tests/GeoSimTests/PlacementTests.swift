import Testing

@testable import GeoSim

/// Replica placement: zone and region survival, the default goal, summaries, and
/// placement overrides read from topology files.
struct PlacementTests {
    // MARK: Helpers

    static func topology(_ list: String, replicas: Int = 1) throws -> Topology {
        try Topology.fromRegionList(list, replicasPerRegion: replicas)
    }

    static func fileTopology(_ text: String) throws -> Topology {
        try Topology.parse(InputNode(try JSONParser.parse(text)))
    }

    static func names(_ nodes: [Int], _ topology: Topology) -> [String] {
        nodes.map { topology.nodes[$0].name }
    }

    static func region(_ name: String, _ topology: Topology) throws -> Int {
        try #require(topology.regionIndex(named: name))
    }

    /// The usage error `body` throws, or nil.
    static func usageError(_ body: () throws(UsageError) -> RangePlacement) -> UsageError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    /// Parses `json` as the `"placement"` object of a topology file.
    static func override(_ json: String, _ topology: Topology) throws(InputError) -> RangePlacement {
        try PlacementPlanner.parseOverride(InputNode(try JSONParser.parse(json), path: "$.placement"), topology: topology)
    }

    static func overrideError(_ json: String, _ topology: Topology) -> InputError? {
        do {
            _ = try override(json, topology)
            return nil
        } catch {
            return error
        }
    }

    /// Checks the placement invariants every planned placement keeps, and that losing any
    /// one region (all its nodes) leaves a majority of the voters.
    static func checkInvariants(_ placement: RangePlacement, _ topology: Topology, sourceLocation: SourceLocation = #_sourceLocation) {
        let all = placement.voters + placement.nonVoters
        #expect(Set(all).count == all.count, "a node holds two replicas", sourceLocation: sourceLocation)
        #expect(all.allSatisfy { topology.nodes.indices.contains($0) }, sourceLocation: sourceLocation)
        #expect(
            placement.voters.first.map { topology.nodes[$0].region } == placement.home,
            "the preferred leaseholder is not at home", sourceLocation: sourceLocation)
        for region in topology.regions.indices {
            #expect(
                all.contains { topology.nodes[$0].region == region }, "region \(region) has no replica",
                sourceLocation: sourceLocation)
        }
    }

    static func survivesLosingAnyRegion(_ placement: RangePlacement, _ topology: Topology) -> Bool {
        topology.regions.indices.allSatisfy { lost in
            placement.voters.filter { topology.nodes[$0].region != lost }.count >= placement.quorum
        }
    }

    // MARK: Zone survival

    @Test func zoneSurvivalPutsThreeVotersInDistinctHomeZones() throws {
        let topology = try Self.topology("us-east,us-west,eu-central", replicas: 3)
        let placement = try PlacementPlanner.place(home: 0, survival: .zone, topology: topology)
        #expect(placement.home == 0)
        #expect(Self.names(placement.voters, topology) == ["us-east/a", "us-east/b", "us-east/c"])
        #expect(Self.names(placement.nonVoters, topology) == ["us-west/a", "eu-central/a"])
        #expect(placement.quorum == 2)
        Self.checkInvariants(placement, topology)
    }

    @Test func zoneSurvivalAwayFromTheFirstRegion() throws {
        let topology = try Self.topology("us-east,us-west,eu-central", replicas: 3)
        let placement = try PlacementPlanner.place(home: 2, survival: .zone, topology: topology)
        #expect(Self.names(placement.voters, topology) == ["eu-central/a", "eu-central/b", "eu-central/c"])
        #expect(Self.names(placement.nonVoters, topology) == ["us-east/a", "us-west/a"])
    }

    @Test func zoneSurvivalWithTwoZonesSpreadsAsFarAsPossible() throws {
        let topology = try Self.fileTopology(
            """
            {"regions": [{"name": "us-east", "nodes": 4, "zones": 2}, "us-west"]}
            """)
        let placement = try PlacementPlanner.place(home: 0, survival: .zone, topology: topology)
        #expect(Self.names(placement.voters, topology) == ["us-east/a", "us-east/b", "us-east/a2"])
        #expect(Self.names(placement.nonVoters, topology) == ["us-west"])
    }

    @Test func zoneSurvivalWithOneReplicaPerRegionIsAUsageError() throws {
        let topology = try Self.topology("us-east,us-west,eu-central")
        let error = try #require(
            Self.usageError { () throws(UsageError) in
                try PlacementPlanner.place(home: 1, survival: .zone, topology: topology)
            })
        #expect(error.message == "Zone survival needs 3 replicas in the home region 'us-west', which has 1.")
        #expect(error.hint == "Use --replicas-per-region 3 or --survival region.")
    }

    // MARK: Region survival

    @Test func regionSurvivalOnFiveRegionsUsesTheNearest() throws {
        let topology = try Self.topology("us-east,us-east-2,us-west,eu-central,ap-northeast", replicas: 3)
        #expect(topology.regions.map(\.name) == ["us-east", "us-east-2", "us-west", "eu-central", "ap-northeast"])
        // Nearness from us-east in the catalog: Ohio, then Oregon, Frankfurt, Tokyo.
        #expect(PlacementPlanner.regionsByNearness(to: 0, topology: topology) == [1, 2, 3, 4])
        let placement = try PlacementPlanner.place(home: 0, survival: .region, topology: topology)
        #expect(
            Self.names(placement.voters, topology)
                == ["us-east/a", "us-east/b", "us-east-2/a", "us-west/a", "eu-central/a"])
        #expect(Self.names(placement.nonVoters, topology) == ["ap-northeast/a"])
        #expect(placement.voters.count == 5)
        #expect(placement.voters.prefix(2).allSatisfy { topology.nodes[$0].region == 0 })
        #expect(Self.survivesLosingAnyRegion(placement, topology))
        Self.checkInvariants(placement, topology)
    }

    @Test func regionSurvivalFromTokyoRanksByRoundTripNotListOrder() throws {
        let topology = try Self.topology("us-east,us-east-2,us-west,eu-central,ap-northeast", replicas: 3)
        let tokyo = try Self.region("ap-northeast", topology)
        let ranked = PlacementPlanner.regionsByNearness(to: tokyo, topology: topology)
        let trips = ranked.map { topology.roundTrip(fromRegion: tokyo, toRegion: $0) }
        #expect(trips == trips.sorted())
        #expect(ranked.first == (try Self.region("us-west", topology)))
        let placement = try PlacementPlanner.place(home: tokyo, survival: .region, topology: topology)
        let otherVoterRegions = placement.voters.dropFirst(2).map { topology.nodes[$0].region }
        #expect(otherVoterRegions == Array(ranked.prefix(3)))
        #expect(placement.nonVoters.map { topology.nodes[$0].region } == [ranked[3]])
        #expect(Self.survivesLosingAnyRegion(placement, topology))
    }

    @Test func regionSurvivalOnThreeRegionsIsTwoTwoOneByNearness() throws {
        let topology = try Self.topology("us-east,us-west,eu-central", replicas: 3)
        let fromEast = try PlacementPlanner.place(home: 0, survival: .region, topology: topology)
        #expect(
            Self.names(fromEast.voters, topology)
                == ["us-east/a", "us-east/b", "us-west/a", "us-west/b", "eu-central/a"])
        #expect(fromEast.nonVoters.isEmpty)
        #expect(Self.survivesLosingAnyRegion(fromEast, topology))

        // From Frankfurt, us-east (92.8 ms) is nearer than us-west, so it gets two.
        #expect(topology.roundTrip(fromRegion: 2, toRegion: 0) < topology.roundTrip(fromRegion: 2, toRegion: 1))
        let fromFrankfurt = try PlacementPlanner.place(home: 2, survival: .region, topology: topology)
        #expect(
            Self.names(fromFrankfurt.voters, topology)
                == ["eu-central/a", "eu-central/b", "us-east/a", "us-east/b", "us-west/a"])
        #expect(Self.survivesLosingAnyRegion(fromFrankfurt, topology))
    }

    @Test func regionSurvivalOnTwoRegionsIsAUsageError() throws {
        let topology = try Self.topology("us-east,us-west", replicas: 3)
        let error = try #require(
            Self.usageError { () throws(UsageError) in
                try PlacementPlanner.place(home: 0, survival: .region, topology: topology)
            })
        #expect(error.message == "Region survival needs at least 3 regions so that losing one leaves a majority of 5 voters; this topology has 2.")
        #expect(error.hint != nil)
    }

    @Test func regionSurvivalMovesAVoterAregionCannotHoldToTheNextNearest() throws {
        // us-west, the nearer region, has one node: its second voter goes to eu-central.
        let topology = try Self.fileTopology(
            """
            {"replicas_per_region": 3, "regions": ["us-east", {"name": "us-west", "nodes": 1}, "eu-central"]}
            """)
        let placement = try PlacementPlanner.place(home: 0, survival: .region, topology: topology)
        #expect(
            Self.names(placement.voters, topology)
                == ["us-east/a", "us-east/b", "us-west", "eu-central/a", "eu-central/b"])
        #expect(Self.survivesLosingAnyRegion(placement, topology))
    }

    @Test func regionSurvivalWithOneHomeNodeSpreadsTheRestOnePerRegion() throws {
        let topology = try Self.topology("us-east,us-east-2,us-west,eu-central,ap-northeast")
        let placement = try PlacementPlanner.place(home: 0, survival: .region, topology: topology)
        #expect(Self.names(placement.voters, topology) == ["us-east", "us-east-2", "us-west", "eu-central", "ap-northeast"])
        #expect(placement.nonVoters.isEmpty)
        #expect(Self.survivesLosingAnyRegion(placement, topology))
    }

    @Test func regionSurvivalWithTooFewNodesIsAUsageError() throws {
        let topology = try Self.topology("us-east,us-west,eu-central")
        let error = try #require(
            Self.usageError { () throws(UsageError) in
                try PlacementPlanner.place(home: 0, survival: .region, topology: topology)
            })
        #expect(error.message.contains("can hold only 3"))
    }

    @Test func regionSurvivalNeverPutsThreeVotersInOneRegion() throws {
        // 1 + 1 + 3 nodes: five voters would need three in eu-central, and losing it
        // would leave two of five, so this is refused rather than placed.
        let topology = try Self.fileTopology(
            """
            {"regions": ["us-east", "us-west", {"name": "eu-central", "nodes": 3}]}
            """)
        let error = try #require(
            Self.usageError { () throws(UsageError) in
                try PlacementPlanner.place(home: 0, survival: .region, topology: topology)
            })
        #expect(error.message == "Region survival needs 5 voters with at most 2 in any one region, but this topology's 3 regions can hold only 4.")
    }

    @Test func aHomeOutsideTheTopologyIsAUsageErrorNotATrap() throws {
        let topology = try Self.topology("us-east,us-west,eu-central", replicas: 3)
        for home in [-1, 3] {
            for goal in [SurvivalGoal.zone, .region] {
                let error = Self.usageError { () throws(UsageError) in
                    try PlacementPlanner.place(home: home, survival: goal, topology: topology)
                }
                #expect(error != nil)
            }
        }
    }

    @Test func everyHomeAndReplicaCountKeepsTheInvariants() throws {
        for replicas in 1...4 {
            let topology = try Self.topology("us-east,us-east-2,us-west,eu-central,ap-northeast,sa-east", replicas: replicas)
            for home in topology.regions.indices {
                let placement = try PlacementPlanner.place(home: home, survival: .region, topology: topology)
                #expect(placement.voters.count == 5)
                #expect(Self.survivesLosingAnyRegion(placement, topology))
                Self.checkInvariants(placement, topology)
                for region in topology.regions.indices {
                    #expect(placement.voters.filter { topology.nodes[$0].region == region }.count <= 2)
                }
                if replicas >= 3 {
                    let zonal = try PlacementPlanner.place(home: home, survival: .zone, topology: topology)
                    #expect(Set(zonal.voters.map { topology.nodes[$0].zone }).count == 3)
                    #expect(zonal.nonVoters.count == topology.regions.count - 1)
                    Self.checkInvariants(zonal, topology)
                }
            }
        }
    }

    @Test func equalRoundTripsAreRankedByRegionIndex() throws {
        let base = try Self.topology("us-east,us-west,eu-central,ap-northeast")
        var trips = [Nanoseconds](repeating: 50 * .millisecond, count: 16)
        for region in 0..<4 { trips[region * 4 + region] = 0 }
        let flat = Topology(regions: base.regions, roundTrips: trips, nodes: base.nodes, zoneCounts: base.zoneCounts)
        #expect(PlacementPlanner.regionsByNearness(to: 2, topology: flat) == [0, 1, 3])
    }

    @Test func placementIsDeterministic() throws {
        let first = try Self.topology("us-east,us-east-2,us-west,eu-central,ap-northeast", replicas: 5)
        let second = try Self.topology("us-east,us-east-2,us-west,eu-central,ap-northeast", replicas: 5)
        for home in first.regions.indices {
            for goal in [SurvivalGoal.zone, .region] {
                let a = try PlacementPlanner.place(home: home, survival: goal, topology: first)
                let b = try PlacementPlanner.place(home: home, survival: goal, topology: second)
                let c = try PlacementPlanner.place(home: home, survival: goal, topology: first)
                #expect(a == b)
                #expect(a == c)
                #expect(PlacementPlanner.describe(a, topology: first) == PlacementPlanner.describe(b, topology: second))
            }
        }
    }

    // MARK: Default goal, parsing, summary

    @Test func defaultGoalIsZoneWithThreeHomeReplicas() throws {
        let three = try Self.topology("us-east,us-west,eu-central", replicas: 3)
        let two = try Self.topology("us-east,us-west,eu-central", replicas: 2)
        #expect(SurvivalGoal.defaultGoal(home: 0, topology: three) == .zone)
        #expect(SurvivalGoal.defaultGoal(home: 0, topology: two) == .region)
        #expect(SurvivalGoal.defaultGoal(home: 7, topology: three) == .region)
        let mixed = try Self.fileTopology(
            """
            {"regions": ["us-east", {"name": "us-west", "nodes": 3}]}
            """)
        #expect(SurvivalGoal.defaultGoal(home: 0, topology: mixed) == .region)
        #expect(SurvivalGoal.defaultGoal(home: 1, topology: mixed) == .zone)
    }

    @Test func survivalGoalParsing() throws {
        #expect(try SurvivalGoal.parse(" Region ") == .region)
        #expect(try SurvivalGoal.parse("zone") == .zone)
        #expect(throws: UsageError("Unknown survival goal 'regoin'.", hint: "Did you mean 'region'?")) {
            try SurvivalGoal.parse("regoin")
        }
    }

    @Test func describeNamesRegionsAndNodes() throws {
        let topology = try Self.topology("us-east,us-east-2,us-west,eu-central,ap-northeast", replicas: 3)
        let placement = try PlacementPlanner.place(home: 0, survival: .region, topology: topology)
        #expect(
            PlacementPlanner.describe(placement, topology: topology)
                == "home us-east; voters us-east/a, us-east/b, us-east-2/a, us-west/a, eu-central/a; non-voters ap-northeast/a")
        let none = try PlacementPlanner.place(home: 0, survival: .region, topology: try Self.topology("us-east,us-west,eu-central", replicas: 2))
        #expect(
            PlacementPlanner.describe(none, topology: try Self.topology("us-east,us-west,eu-central", replicas: 2))
                == "home us-east; voters us-east/a, us-east/b, us-west/a, us-west/b, eu-central/a; non-voters none")
    }

    // MARK: Overrides

    static let mixedTopologyJSON = """
        {"regions": [{"name": "us-east", "nodes": 3}, "us-west", "eu-central", "ca-central"]}
        """

    @Test func overrideHappyPath() throws {
        let topology = try Self.fileTopology(Self.mixedTopologyJSON)
        let placement = try Self.override(
            """
            {"voters": ["us-east/a", "US-EAST/B", "us-west-2", "eu-central"], "non_voters": ["ca-central"]}
            """, topology)
        #expect(placement.home == 0)
        #expect(Self.names(placement.voters, topology) == ["us-east/a", "us-east/b", "us-west", "eu-central"])
        #expect(Self.names(placement.nonVoters, topology) == ["ca-central"])
        #expect(
            PlacementPlanner.describe(placement, topology: topology)
                == "home us-east; voters us-east/a, us-east/b, us-west, eu-central; non-voters ca-central")
        // Four voters are allowed, with a note.
        let notes = PlacementPlanner.overrideAdvisories(placement)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("odd number of voters is recommended") == true)
    }

    @Test func overrideHomeIsTheFirstVotersRegionAndNonVotersAreOptional() throws {
        let topology = try Self.fileTopology(Self.mixedTopologyJSON)
        let placement = try Self.override(#"{"voters": ["eu-central"]}"#, topology)
        #expect(placement == RangePlacement(home: 2, voters: [4], nonVoters: []))
        #expect(PlacementPlanner.overrideAdvisories(placement).isEmpty)
    }

    @Test func overrideErrorsNameTheirPath() throws {
        let topology = try Self.fileTopology(Self.mixedTopologyJSON)
        let cases: [(json: String, location: String, fragment: String)] = [
            (#"{"voters": ["us-east/a", "us-easy/b"]}"#, "$.placement.voters[1]", "did you mean 'us-east/b'?"),
            (#"{"voters": ["us-east"]}"#, "$.placement.voters[0]", "name one of them: us-east/a, us-east/b, us-east/c"),
            (
                #"{"voters": ["us-west", "us-east/a"], "non_voters": ["us-west-2"]}"#, "$.placement.non_voters[0]",
                "already placed at $.placement.voters[0]"
            ),
            (#"{"voters": []}"#, "$.placement.voters", "at least one voter"),
            (#"{"non_voters": ["us-west"]}"#, "$.placement", "missing required field 'voters'"),
            (#"{"voters": ["us-west"], "nonvoters": []}"#, "$.placement.nonvoters", "did you mean 'non_voters'?"),
            (#"{"voters": ["us-west", 3]}"#, "$.placement.voters[1]", "expected a string"),
            (#"{"voters": "us-west"}"#, "$.placement.voters", "expected an array"),
            (#"["us-west"]"#, "$.placement", "expected an object"),
        ]
        for item in cases {
            let error = Self.overrideError(item.json, topology)
            #expect(error?.location == item.location, "\(item.json)")
            #expect(error?.message.contains(item.fragment) == true, "\(item.json): \(error?.message ?? "no error")")
        }
    }
}
