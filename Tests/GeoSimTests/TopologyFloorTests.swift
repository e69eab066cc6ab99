import Foundation
import Testing

@testable import GeoSim

/// Great-circle distances and the speed-of-light-in-fiber floors.
struct TopologyFloorTests {
    @Test func newYorkToLondonIsAbout5570Kilometres() {
        let newYork = Region(name: "nyc", city: "New York", latitude: 40.7128, longitude: -74.0060)
        let london = Region(name: "lon", city: "London", latitude: 51.5074, longitude: -0.1278)
        let distance = newYork.greatCircleKilometres(to: london)
        #expect(abs(distance - 5570) / 5570 < 0.01)
        #expect(abs(london.greatCircleKilometres(to: newYork) - distance) < 1e-9)
        #expect(newYork.greatCircleKilometres(to: newYork) == 0)
        let north = Region(name: "n", city: "", latitude: 90, longitude: 0)
        let south = Region(name: "s", city: "", latitude: -90, longitude: 0)
        #expect(abs(north.greatCircleKilometres(to: south) - Double.pi * 6371) < 1e-6)
    }

    @Test func fiberFloorArithmetic() {
        // 2 × 1020 km / 204,000 km/s = 10 ms exactly.
        #expect(PhysicsFloor.fiberRoundTrip(kilometres: 1020) == 10_000_000)
        #expect(PhysicsFloor.fiberRoundTrip(kilometres: 102) == 1_000_000)
        #expect(PhysicsFloor.fiberRoundTrip(kilometres: 0) == 0)
        #expect(PhysicsFloor.fiberRoundTrip(kilometres: -5) == 0)
        #expect(PhysicsFloor.fiberRoundTrip(kilometres: .nan) == 0)
        // us-east-1 ↔ eu-central-1: about 6549 km → about 64.2 ms, below the 92.8 ms median.
        let topology = try? Topology.fromRegionList("us-east,eu-central")
        let floor = topology?.fiberRoundTrip(fromRegion: 0, toRegion: 1) ?? 0
        #expect(abs(floor - 64_208_295) < 5_000)
        #expect(topology?.fiberRoundTrip(fromRegion: 1, toRegion: 1) == 0)
        #expect(floor < (topology?.roundTrip(fromRegion: 0, toRegion: 1) ?? 0))
    }

    @Test func everyCatalogRoundTripIsAboveTheFiberFloor() {
        for a in 0..<RegionCatalog.regions.count {
            for b in 0..<RegionCatalog.regions.count where a != b {
                let floor = PhysicsFloor.fiberRoundTrip(from: RegionCatalog.regions[a], to: RegionCatalog.regions[b])
                #expect(RegionCatalog.roundTrip(from: a, to: b) > floor)
            }
        }
    }

    /// Three regions on the equator at longitudes 0°, 10° and 30°: the distances are
    /// R·Δλ (10°, 20°, 30° of arc), so every floor can be worked out by hand.
    static func equator() -> Topology {
        let regions = [
            Region(name: "a", city: "", latitude: 0, longitude: 0),
            Region(name: "b", city: "", latitude: 0, longitude: 10),
            Region(name: "c", city: "", latitude: 0, longitude: 30),
        ]
        return Topology(
            regions: regions, roundTrips: Array(repeating: 100 * .millisecond, count: 9),
            nodes: [], zoneCounts: [1, 1, 1])
    }

    /// The fiber round trip over `degrees` of equator, ns: 2 · 6371 km · (π/180) · degrees / 204,000 km/s.
    static func fiber(degrees: Double) -> Nanoseconds {
        Int64((2 * 6371 * Double.pi / 180 * degrees / 204_000 * 1e9).rounded(.down))
    }

    @Test func handWorkedFloorsOnTheEquator() {
        let topology = Self.equator()
        let ab = Self.fiber(degrees: 10)  // ≈ 10.90 ms
        let bc = Self.fiber(degrees: 20)  // ≈ 21.80 ms
        let ac = Self.fiber(degrees: 30)  // ≈ 32.70 ms
        #expect(abs(ab - 10_901_484) < 1_000)
        func close(_ x: Nanoseconds, _ y: Nanoseconds) -> Bool { abs(x - y) <= 2 }
        #expect(close(topology.fiberRoundTrip(fromRegion: 0, toRegion: 1), ab))
        #expect(close(topology.fiberRoundTrip(fromRegion: 1, toRegion: 2), bc))
        #expect(close(topology.fiberRoundTrip(fromRegion: 2, toRegion: 0), ac))

        let voters = [0, 1, 2]
        // Client in a: its own voter is free; the 2nd nearest is b, the 3rd is c.
        #expect(topology.placementWriteFloor(clientRegion: 0, voterRegions: voters, quorum: 1) == 0)
        #expect(close(topology.placementWriteFloor(clientRegion: 0, voterRegions: voters, quorum: 2), ab))
        #expect(close(topology.placementWriteFloor(clientRegion: 0, voterRegions: voters, quorum: 3), ac))
        // Client in c: 0 (c), then bc, then ac.
        #expect(close(topology.placementWriteFloor(clientRegion: 2, voterRegions: voters, quorum: 2), bc))
        // Two voters in b: client in a reaches a quorum of 3 at b's distance.
        #expect(close(topology.placementWriteFloor(clientRegion: 0, voterRegions: [0, 1, 1], quorum: 3), ab))

        // Leader in a, client in c: c→a, then a needs (q−1) more votes from b and c.
        #expect(close(topology.leaderPathWriteFloor(clientRegion: 2, leaderRegion: 0, voterRegions: voters, quorum: 1), ac))
        #expect(close(topology.leaderPathWriteFloor(clientRegion: 2, leaderRegion: 0, voterRegions: voters, quorum: 2), ac + ab))
        #expect(close(topology.leaderPathWriteFloor(clientRegion: 2, leaderRegion: 0, voterRegions: voters, quorum: 3), ac + ac))
        // Client next to the leader in b: just the replication leg to the nearest other voter (a).
        #expect(close(topology.leaderPathWriteFloor(clientRegion: 1, leaderRegion: 1, voterRegions: voters, quorum: 2), ab))
        // The leader-path floor is never below the placement floor.
        for client in 0..<3 {
            for leader in 0..<3 {
                for quorum in 1...3 {
                    #expect(
                        topology.leaderPathWriteFloor(clientRegion: client, leaderRegion: leader, voterRegions: voters, quorum: quorum)
                            >= topology.placementWriteFloor(clientRegion: client, voterRegions: voters, quorum: quorum) - 2)
                }
            }
        }
    }
}
