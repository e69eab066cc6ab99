import Foundation
import Testing

@testable import GeoSim

/// Fault schedule files: the shipped example, every kind, and JSON-path error messages.
struct FaultFileTests {
    /// The package root, found from this file's path (Tests/GeoSimTests/<file>).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let examplePath = root.appendingPathComponent("topologies/faults-example.json").path

    static let three: Topology = {
        do { return try Topology.fromRegionList("us-east,us-west,eu-central") } catch { preconditionFailure("\(error)") }
    }()
    static let nine: Topology = {
        do { return try Topology.fromRegionList("us-east,us-west,eu-central", replicasPerRegion: 3) } catch { preconditionFailure("\(error)") }
    }()

    static func parse(_ text: String, _ topology: Topology = three) throws -> [Fault] {
        try FaultFile.parse(InputNode(try JSONParser.parse(text)), topology: topology)
    }

    /// The input error `text` fails with, or nil when it parses.
    static func failure(_ text: String, _ topology: Topology = three) -> InputError? {
        do {
            _ = try FaultFile.parse(InputNode(try JSONParser.parse(text)), topology: topology)
            return nil
        } catch {
            return error
        }
    }

    let s = Nanoseconds.second
    let ms = Nanoseconds.millisecond

    @Test func shippedExampleLoads() throws {
        let faults = try FaultFile.load(path: Self.examplePath, topology: Self.three)
        let prefix = Self.examplePath
        #expect(
            faults == [
                Fault(kind: .clock(node: 1, offset: -5 * ms, drift: 0.001), start: 0, end: nil, label: "\(prefix) $.faults[0] clock"),
                Fault(kind: .loss(probability: 0.001, sideA: [], sideB: []), start: 0, end: nil, label: "\(prefix) $.faults[1] loss"),
                Fault(
                    kind: .slow(sideA: [.region(0)], sideB: [.region(2)], multiplier: 3, addedDelay: 50 * ms),
                    start: 5 * s, end: 15 * s, label: "\(prefix) $.faults[2] slow"),
                Fault(
                    kind: .partition(sideA: [.region(0)], sideB: [.region(1), .region(2)]),
                    start: 20 * s, end: 40 * s, label: "\(prefix) $.faults[3] partition"),
                Fault(
                    kind: .oneWay(from: [.region(2)], to: [.region(1)]), start: 45 * s, end: 55 * s,
                    label: "\(prefix) $.faults[4] one_way"),
                Fault(kind: .crash(.node(1)), start: 60 * s, end: 75 * s, label: "\(prefix) $.faults[5] crash"),
                Fault(
                    kind: .partition(sideA: [.region(2)], sideB: []), start: 80 * s, end: 90 * s,
                    label: "\(prefix) $.faults[6] isolate"),
                Fault(
                    kind: .duplicate(probability: 0.05, sideA: [.region(0)], sideB: [.region(1)]),
                    start: 95 * s, end: 100 * s, label: "\(prefix) $.faults[7] duplicate"),
                Fault(kind: .crash(.region(2)), start: 105 * s, end: nil, label: "eu-central outage for the rest of the run"),
            ])
    }

    @Test func bareArrayAndNodes() throws {
        let faults = try Self.parse(
            """
            [{"kind": "crash", "node": "us-west/b", "start": "1s"},
             {"kind": "partition", "sides": ["us-east/a", ["us-east/b", "us-west"]], "start": "2s", "end": "3s"},
             {"kind": "clock", "node": "eu-central/c", "offset": "+2ms", "start": "1m"},
             {"kind": "slow", "between": [["us-east"], ["us-west"]], "add": "10ms", "start": "0s"}]
            """, Self.nine)
        #expect(
            faults.map(\.kind) == [
                .crash(.node(4)),
                .partition(sideA: [.node(0)], sideB: [.node(1), .region(1)]),
                .clock(node: 8, offset: 2 * ms, drift: 0),
                .slow(sideA: [.region(0)], sideB: [.region(1)], multiplier: 1, addedDelay: 10 * ms),
            ])
        #expect(faults[2].start == .minute)
        #expect(faults[0].label == "$[0] crash")
    }

    @Test func missingFileAndBadJSONNameTheFile() throws {
        do {
            _ = try FaultFile.load(path: "/nonexistent/faults.json", topology: Self.three)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/faults.json: no such file")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-faultfile-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.json").path
        try Data(#"{"faults": [{"kind": "crash", "region": "us-wset", "start": "1s"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try FaultFile.load(path: path, topology: Self.three)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == path)
            #expect(error.description == "\(path): $.faults[0].region: unknown region or node 'us-wset' (did you mean 'us-west'?)")
        }
    }

    @Test func unknownPlaceNamesItsJSONPath() throws {
        let error = try #require(
            Self.failure(
                """
                {"faults": [
                  {"kind": "loss", "probability": 0.1, "start": "0s"},
                  {"kind": "isolate", "region": "us-east", "start": "1s", "end": "2s"},
                  {"kind": "partition", "sides": [["us-east"], ["eu-central", "us-wset"]], "start": "1s"}
                ]}
                """))
        #expect(error.description == "$.faults[2].sides[1][1]: unknown region or node 'us-wset' (did you mean 'us-west'?)")
    }

    @Test func fieldErrors() throws {
        let cases: [(String, String)] = [
            (
                #"[{"kind": "partiton", "sides": [["us-east"], ["us-west"]], "start": "1s"}]"#,
                "$[0].kind: unknown fault kind 'partiton' (did you mean 'partition'?)"
            ),
            (
                #"[{"kind": "crash", "node": "us-east", "start": "1s", "endd": "2s"}]"#,
                "$[0].endd: unknown field 'endd' (did you mean 'end'?)"
            ),
            (#"[{"kind": "crash", "node": "us-east"}]"#, "$[0]: missing required field 'start'"),
            (#"[{"kind": "crash", "node": "us-east", "start": 10}]"#, "$[0].start: expected a duration with a unit"),
            (
                #"[{"kind": "crash", "node": "us-east", "start": "10s", "end": "5s"}]"#,
                "$[0].end: the end 5s must be after the start 10s"
            ),
            (#"[{"kind": "crash", "start": "1s"}]"#, "$[0]: missing required field 'region' or 'node'"),
            (#"[{"kind": "crash", "node": "us-east", "region": "us-east", "start": "1s"}]"#, "$[0]: give either"),
            (#"[{"kind": "loss", "probability": 1.5, "start": "1s"}]"#, "$[0].probability: must be between 0.0 and 1.0, got 1.5"),
            (
                #"[{"kind": "slow", "between": [["us-east"], ["us-west"]], "multiplier": 0.5, "start": "1s"}]"#,
                "$[0].multiplier: must be at least 1"
            ),
            (#"[{"kind": "slow", "between": [["us-east"], ["us-west"]], "start": "1s"}]"#, "$[0]: a slow link needs"),
            (#"[{"kind": "slow", "between": [["us-east"]], "multiplier": 2, "start": "1s"}]"#, "$[0].between: expected two sides"),
            (#"[{"kind": "partition", "sides": [["us-east"], ["us-east"]], "start": "1s"}]"#, "$[0].sides[1]: 'us-east' overlaps"),
            (#"[{"kind": "partition", "sides": [[], ["us-east"]], "start": "1s"}]"#, "$[0].sides[0]: expected at least one"),
            (
                #"[{"kind": "one_way", "from": "us-east", "to": ["us-west", "us-west"], "start": "1s"}]"#,
                "$[0].to[1]: 'us-west' is listed twice"
            ),
            (#"[{"kind": "clock", "node": "us-west", "offset": "5"}]"#, "$[0].offset: expected a signed duration"),
            (#"[{"kind": "clock", "node": "us-west", "offset": "5ms", "drift": 0.7}]"#, "$[0].drift: drift must be"),
            (#"{"fault": []}"#, "$.fault: unknown field 'fault' (did you mean 'faults'?)"),
            (#""crash""#, "$: expected {\"faults\": [...]} or an array"),
        ]
        for (text, expected) in cases {
            let error = try #require(Self.failure(text), "parsed: \(text)")
            #expect(error.description.hasPrefix(expected), "\(text) gave \(error.description)")
        }
    }

    @Test func regionWithSeveralNodesIsNotANode() throws {
        let crash = try #require(Self.failure(#"[{"kind": "crash", "node": "us-east", "start": "1s"}]"#, Self.nine))
        #expect(crash.description.hasPrefix("$[0].node: 'us-east' is a region with several nodes"))
        let clock = try #require(Self.failure(#"[{"kind": "clock", "node": "us-east", "offset": "1ms"}]"#, Self.nine))
        #expect(clock.description.hasPrefix("$[0].node: 'us-east' is a region with 3 nodes"))
        let isolate = try #require(Self.failure(#"[{"kind": "isolate", "region": "us-east/a", "start": "1s"}]"#, Self.nine))
        #expect(isolate.description.hasPrefix("$[0].region: 'us-east/a' is a node, not a region"))
    }
}
