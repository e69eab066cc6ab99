import Testing

@testable import GeoSim

/// Topologies built from a region list: round trips, zones, node names.
struct TopologyTests {
    @Test func regionListUsesCatalogRoundTrips() throws {
        let topology = try Topology.fromRegionList("us-east, us-west-2,eu-central")
        #expect(topology.regions.map(\.name) == ["us-east", "us-west", "eu-central"])
        #expect(topology.roundTrip(fromRegion: 0, toRegion: 2) == 92_800_000)
        #expect(topology.roundTrip(fromRegion: 2, toRegion: 0) == 92_800_000)
        #expect(topology.roundTrip(fromRegion: 0, toRegion: 1) == 64_100_000)
        #expect(topology.roundTrip(fromRegion: 1, toRegion: 1) == 0)
        #expect(topology.roundTrips.count == 9)
        #expect(topology.crossZoneRoundTrip == 1_000_000)
        #expect(topology.sameZoneRoundTrip == 500_000)
        #expect(topology.jitter == nil)
        #expect(topology.linkJitter == [Distribution?](repeating: nil, count: 9))
        #expect(topology.regionIndex(named: "us-west-2") == 1)
        #expect(topology.regionIndex(named: "EU-CENTRAL") == 2)
        #expect(topology.regionIndex(named: "ap-south") == nil)
    }

    @Test func oneReplicaPerRegionIsNamedAfterTheRegion() throws {
        let topology = try Topology.fromRegionList("us-east,eu-central")
        #expect(
            topology.nodes == [
                Topology.Node(name: "us-east", region: 0, zone: 0),
                Topology.Node(name: "eu-central", region: 1, zone: 0),
            ])
        #expect(topology.zoneCounts == [1, 1])
    }

    @Test func threeReplicasSpreadOverThreeZones() throws {
        let topology = try Topology.fromRegionList("us-east", replicasPerRegion: 3)
        #expect(topology.nodes.map(\.name) == ["us-east/a", "us-east/b", "us-east/c"])
        #expect(topology.nodes.map(\.zone) == [0, 1, 2])
        #expect(topology.zoneCounts == [3])
    }

    @Test func fiveReplicasWrapAroundThreeZones() throws {
        let topology = try Topology.fromRegionList("us-east,ap-northeast", replicasPerRegion: 5)
        #expect(
            topology.nodes.map(\.name) == [
                "us-east/a", "us-east/b", "us-east/c", "us-east/a2", "us-east/b2",
                "ap-northeast/a", "ap-northeast/b", "ap-northeast/c", "ap-northeast/a2", "ap-northeast/b2",
            ])
        #expect(topology.nodes.map(\.zone) == [0, 1, 2, 0, 1, 0, 1, 2, 0, 1])
        #expect(topology.nodes.map(\.region) == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        #expect(topology.zoneCounts == [3, 3])
        #expect(topology.nodeIndex(named: "ap-northeast/a2") == 8)
        #expect(topology.nodeIndices(inRegion: 1) == [5, 6, 7, 8, 9])
        #expect(Set(topology.nodes.map(\.name)).count == topology.nodes.count)
    }

    @Test func twoReplicasUseTwoZones() throws {
        let topology = try Topology.fromRegionList("us-east", replicasPerRegion: 2)
        #expect(topology.nodes.map(\.name) == ["us-east/a", "us-east/b"])
        #expect(topology.zoneCounts == [2])
    }

    @Test func zoneLettersContinuePastZ() {
        #expect(Topology.zoneLetters(0) == "a")
        #expect(Topology.zoneLetters(25) == "z")
        #expect(Topology.zoneLetters(26) == "aa")
        #expect(Topology.zoneLetters(27) == "ab")
        #expect(Topology.zoneLetters(701) == "zz")
        #expect(Topology.zoneLetters(702) == "aaa")
    }

    @Test func zoneAwareRoundTrips() throws {
        let topology = try Topology.fromRegionList("us-east,eu-central", replicasPerRegion: 3)
        #expect(topology.roundTrip(from: (0, 1), to: (0, 1)) == 500_000)
        #expect(topology.roundTrip(from: (0, 0), to: (0, 2)) == 1_000_000)
        #expect(topology.roundTrip(from: (0, 0), to: (1, 0)) == 92_800_000)
        let slow = try Topology.fromRegionList("us-east", replicasPerRegion: 3, crossZoneRoundTrip: 2 * .millisecond)
        #expect(slow.roundTrip(from: (0, 0), to: (0, 1)) == 2_000_000)
    }

    @Test func badRegionListsAreUsageErrors() {
        #expect(throws: UsageError("Unknown region 'us-esat'.", hint: "Did you mean 'us-east'?")) {
            try Topology.fromRegionList("us-esat,eu-central")
        }
        #expect(throws: UsageError.self) { try Topology.fromRegionList("us-east,,eu-central") }
        #expect(throws: UsageError.self) { try Topology.fromRegionList("") }
        #expect(throws: UsageError.self) { try Topology.fromRegionList("us-east,us-east-1") }
        #expect(throws: UsageError.self) { try Topology.fromRegionList("us-east", replicasPerRegion: 0) }
        #expect(throws: UsageError.self) { try Topology.fromRegionList("us-east", replicasPerRegion: 1001) }
        #expect((try? Topology.fromRegionList("us-east", replicasPerRegion: 1000))?.nodes.count == 1000)
    }
}
