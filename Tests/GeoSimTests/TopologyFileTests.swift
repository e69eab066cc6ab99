import Foundation
import Testing

@testable import GeoSim

/// Topology files: the shipped examples, the format's features, and its error messages.
struct TopologyFileTests {
    /// The package root, found from this file's path (Tests/GeoSimTests/<file>).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func shipped(_ name: String) -> String { root.appendingPathComponent("topologies/\(name)").path }

    static func parse(_ text: String) throws(InputError) -> Topology {
        try Topology.parse(InputNode(try JSONParser.parse(text)))
    }

    /// The error `text` fails with, or nil if it parses.
    static func failure(_ text: String) -> InputError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    /// The same topology as the region list, but for the named source of the round trips
    /// (a file may set its own, so its report names none).
    static func listed(_ list: String, replicasPerRegion: Int = 1) throws -> Topology {
        var topology = try Topology.fromRegionList(list, replicasPerRegion: replicasPerRegion)
        #expect(topology.roundTripSource == CloudCatalog.aws.description)
        topology.roundTripSource = nil
        return topology
    }

    @Test func threeRegionFileLoads() throws {
        let topology = try Topology.load(path: Self.shipped("three-region-us-eu.json"))
        #expect(topology == (try Self.listed("us-east,us-west,eu-central")))
    }

    @Test func fiveRegionFileLoads() throws {
        let topology = try Topology.load(path: Self.shipped("five-region-global.json"))
        #expect(topology.regions.map(\.city) == ["N. Virginia", "Oregon", "Frankfurt", "Singapore", "Tokyo"])
        #expect(topology.nodes.count == 5)
        #expect(topology.roundTrip(fromRegion: 0, toRegion: 3) == 218_900_000)
        #expect(topology.roundTrip(fromRegion: 3, toRegion: 4) == 70_600_000)
    }

    @Test func singleRegionFileLoads() throws {
        let topology = try Topology.load(path: Self.shipped("single-region-three-zones.json"))
        #expect(topology == (try Self.listed("us-east", replicasPerRegion: 3)))
        #expect(topology.nodes.map(\.name) == ["us-east/a", "us-east/b", "us-east/c"])
    }

    @Test func customRegionsLinksAndJitter() throws {
        let topology = try Self.parse(
            """
            {
              "regions": [
                "us-east",
                {"name": "eu-central-1", "nodes": 4, "zones": 2},
                {"name": "onprem-dc", "city": "New York", "lat": 40.7, "lon": -74.0,
                 "rtt": {"us-east": "12ms"}}
              ],
              "replicas_per_region": 2,
              "cross_zone_rtt": "2ms",
              "same_zone_rtt": "250us",
              "jitter": {"exponential": {"mean": "1ms"}},
              "links": [
                {"between": ["onprem-dc", "eu-central"], "rtt": "85ms"},
                {"between": ["us-east", "eu-central"], "rtt": "90ms", "jitter": {"constant": "3ms"}}
              ]
            }
            """)
        #expect(topology.regions.map(\.name) == ["us-east", "eu-central", "onprem-dc"])
        #expect(topology.regions[2].code == nil)
        #expect(topology.regions[2].city == "New York")
        #expect(topology.roundTrip(fromRegion: 2, toRegion: 0) == 12_000_000)
        #expect(topology.roundTrip(fromRegion: 0, toRegion: 2) == 12_000_000)
        #expect(topology.roundTrip(fromRegion: 1, toRegion: 2) == 85_000_000)
        #expect(topology.roundTrip(fromRegion: 0, toRegion: 1) == 90_000_000)
        #expect(topology.zoneCounts == [2, 2, 2])
        #expect(
            topology.nodes.map(\.name) == [
                "us-east/a", "us-east/b",
                "eu-central/a", "eu-central/b", "eu-central/a2", "eu-central/b2",
                "onprem-dc/a", "onprem-dc/b",
            ])
        #expect(topology.crossZoneRoundTrip == 2_000_000)
        #expect(topology.sameZoneRoundTrip == 250_000)
        #expect(topology.jitter == .exponential(mean: 1_000_000))
        #expect(topology.jitter(fromRegion: 1, toRegion: 0) == .constant(3_000_000))
        #expect(topology.jitter(fromRegion: 0, toRegion: 1) == .constant(3_000_000))
        #expect(topology.jitter(fromRegion: 0, toRegion: 2) == .exponential(mean: 1_000_000))
        #expect(topology.linkJitter[0 * 3 + 2] == nil)
    }

    @Test func syntaxErrorNamesLineColumnAndFile() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("geosim-topology-\(UUID().uuidString).json").path
        try "{\n  \"regions\": [\"us-east\",]\n}\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try Topology.load(path: path)
            Issue.record("a syntax error loaded")
        } catch {
            #expect(error.file == path)
            #expect(error.location == "line 2, column 25")
        }
    }

    @Test func missingFileIsAnInputError() {
        do {
            _ = try Topology.load(path: "/nonexistent/geosim/topology.json")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.file == "/nonexistent/geosim/topology.json")
            #expect(error.message.contains("no such file"))
        }
    }

    @Test func bareNumberWhereADurationBelongs() {
        let error = Self.failure(
            """
            {"regions": ["us-east", {"name": "lab", "lat": 39.0, "lon": -77.5, "rtt": {"us-east": 12}}]}
            """)
        #expect(error?.location == "$.regions[1].rtt.us-east")
        #expect(error?.message.contains("\"12ms\"") == true)
        #expect(Self.failure(#"{"regions": ["us-east"], "cross_zone_rtt": 1}"#)?.location == "$.cross_zone_rtt")
    }

    @Test func unknownCatalogRegionSuggestsAName() {
        let error = Self.failure(#"{"regions": [{"name": "us-east"}, {"name": "eu-centrl"}]}"#)
        #expect(error?.location == "$.regions[1].name")
        #expect(error?.message.contains("did you mean 'eu-central'?") == true)
        #expect(Self.failure(#"{"regions": ["us-esat"]}"#)?.location == "$.regions[0]")
    }

    @Test func customRegionWithoutARoundTripNamesBothRegions() {
        let error = Self.failure(
            """
            {"regions": ["us-east", "eu-central",
              {"name": "onprem-dc", "lat": 40.7, "lon": -74.0, "rtt": {"us-east": "12ms"}}]}
            """)
        #expect(error?.location == "$.regions[2].rtt")
        #expect(error?.message.contains("'onprem-dc'") == true)
        #expect(error?.message.contains("'eu-central'") == true)
        // Two custom regions need a round trip between them too.
        let pair = Self.failure(
            """
            {"regions": [{"name": "lab-a", "lat": 0, "lon": 0}, {"name": "lab-b", "lat": 0, "lon": 1}]}
            """)
        #expect(pair?.location == "$.regions[1]")
    }

    @Test func unknownFieldsAreRejectedWithASuggestion() {
        let top = Self.failure(#"{"regions": ["us-east"], "cross_zone_rt": "1ms"}"#)
        #expect(top?.location == "$.cross_zone_rt")
        #expect(top?.message.contains("did you mean 'cross_zone_rtt'?") == true)
        #expect(Self.failure(#"{"regions": [{"name": "us-east", "node": 3}]}"#)?.location == "$.regions[0].node")
        #expect(
            Self.failure(#"{"regions": ["us-east", "us-west"], "links": [{"between": ["us-east", "us-west"], "rt": "1ms"}]}"#)?.location
                == "$.links[0].rt")
    }

    @Test func valuesAreRangeChecked() {
        #expect(Self.failure(#"{"regions": []}"#)?.location == "$.regions")
        #expect(Self.failure(#"{}"#)?.location == "$")
        #expect(Self.failure(#"[]"#)?.location == "$")
        #expect(Self.failure(#"{"regions": [{"name": "us-east", "nodes": 0}]}"#)?.location == "$.regions[0].nodes")
        #expect(Self.failure(#"{"regions": [{"name": "us-east", "nodes": 1001}]}"#)?.location == "$.regions[0].nodes")
        #expect(Self.failure(#"{"regions": [{"name": "us-east", "nodes": 2.5}]}"#)?.location == "$.regions[0].nodes")
        #expect(Self.failure(#"{"regions": [{"name": "us-east", "nodes": 2, "zones": 3}]}"#)?.location == "$.regions[0].zones")
        #expect(Self.failure(#"{"regions": [{"name": "lab", "lat": 91, "lon": 0}]}"#)?.location == "$.regions[0].lat")
        #expect(Self.failure(#"{"regions": [{"name": "lab", "lat": 0, "lon": -181}]}"#)?.location == "$.regions[0].lon")
        #expect(Self.failure(#"{"regions": [{"name": "lab", "lat": 0}]}"#)?.location == "$.regions[0]")
        #expect(Self.failure(#"{"regions": [{"name": "us-east", "lat": 0, "lon": 0}]}"#)?.location == "$.regions[0].name")
        #expect(Self.failure(#"{"regions": [{"name": "lab/1", "lat": 0, "lon": 0}]}"#)?.location == "$.regions[0].name")
        #expect(Self.failure(#"{"regions": [{"name": "us-east", "city": "Ashburn"}]}"#)?.location == "$.regions[0].city")
        #expect(Self.failure(#"{"regions": ["us-east", "us-east-1"]}"#)?.location == "$.regions[1]")
        #expect(Self.failure(#"{"regions": [{"name": "us-east"}, {"name": "US-EAST-1"}]}"#)?.location == "$.regions[1].name")
        #expect(Self.failure(#"{"regions": ["us-east"], "same_zone_rtt": "0ms"}"#)?.location == "$.same_zone_rtt")
        #expect(Self.failure(#"{"regions": ["us-east"], "jitter": {"expo": {"mean": "1ms"}}}"#)?.location == "$.jitter.expo")
    }

    @Test func roundTripsAreChecked() {
        // Faster than light: New York ↔ Frankfurt in 5 ms.
        let tooFast = Self.failure(
            """
            {"regions": ["eu-central", {"name": "nyc", "lat": 40.7, "lon": -74.0, "rtt": {"eu-central": "5ms"}}]}
            """)
        #expect(tooFast?.location == "$.regions[1].rtt.eu-central")
        #expect(tooFast?.message.contains("faster than light") == true)
        // Given twice with different values.
        let twice = Self.failure(
            """
            {"regions": ["us-east", {"name": "lab", "lat": 39, "lon": -77, "rtt": {"us-east": "2ms"}}],
             "links": [{"between": ["lab", "us-east"], "rtt": "3ms"}]}
            """)
        #expect(twice?.location == "$.links[0].rtt")
        // The same value twice is fine.
        #expect(
            Self.failure(
                """
                {"regions": ["us-east", {"name": "lab", "lat": 39, "lon": -77, "rtt": {"us-east": "2ms"}}],
                 "links": [{"between": ["lab", "us-east"], "rtt": "2ms"}]}
                """) == nil)
        // Unknown region in rtt or links, a self link, an empty link.
        #expect(
            Self.failure(
                """
                {"regions": ["us-east", {"name": "lab", "lat": 39, "lon": -77, "rtt": {"us-est": "2ms"}}]}
                """)?.location == "$.regions[1].rtt.us-est")
        #expect(
            Self.failure(#"{"regions": ["us-east", "us-west"], "links": [{"between": ["us-east", "eu-central"], "rtt": "80ms"}]}"#)?.location
                == "$.links[0].between[1]")
        #expect(
            Self.failure(#"{"regions": ["us-east", "us-west"], "links": [{"between": ["us-east", "us-east-1"], "rtt": "80ms"}]}"#)?.location
                == "$.links[0].between[1]")
        #expect(
            Self.failure(#"{"regions": ["us-east", "us-west"], "links": [{"between": ["us-east", "us-west"]}]}"#)?.location
                == "$.links[0]")
        #expect(
            Self.failure(#"{"regions": ["us-east", "us-west"], "links": [{"between": ["us-east"], "rtt": "80ms"}]}"#)?.location
                == "$.links[0].between")
    }

    /// The example in topologies/README.md is a valid topology file.
    @Test func readmeExampleParses() throws {
        let path = Self.root.appendingPathComponent("topologies/README.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(text.range(of: "```json\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let topology = try Self.parse(String(text[start.upperBound..<end.lowerBound]))
        #expect(topology.regions.map(\.name) == ["us-west", "us-east", "eu-central", "onprem-dc"])
        #expect(topology.nodes.count == 6)
        #expect(topology.roundTrip(fromRegion: 2, toRegion: 3) == 85_000_000)
    }
}
