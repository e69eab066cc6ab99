import Foundation
import Testing

@testable import GeoSim

/// Every example file in the repository against its schema and its parser, and mutations
/// of them that both must refuse: the schema and the parser agree.
@Suite struct JSONSchemaExampleTests {
    /// The JSON files of `directory` (relative to the package), sorted.
    static func files(_ directory: String) -> [String] {
        let path = JSONSchemaTests.packageRoot.appendingPathComponent(directory).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
    }

    static func read(_ relative: String) throws -> String {
        try String(contentsOf: JSONSchemaTests.packageRoot.appendingPathComponent(relative), encoding: .utf8)
    }

    /// The schema each example file is written against.
    static func schemaName(of relative: String) -> String {
        if relative.contains("alerts") { return "alerts" }
        if relative.contains("fault") { return "faults" }
        if relative.contains("sweep") { return "sweep" }
        if relative.contains("scenario") { return "scenario" }
        return "topology"
    }

    @Test func theExampleFilesPassTheirSchemaAndTheirParser() throws {
        let examples = Self.files("topologies")
        #expect(examples.count >= 7)
        for relative in examples {
            let text = try Self.read(relative)
            let name = Self.schemaName(of: relative)
            #expect(Self.parserError(relative, text: text, schema: name) == nil, "\(relative)")
            #expect(try JSONSchemaTests.schemaErrors(text, schema: name) == [], "\(relative)")
            #expect(text.contains("\"$schema\": \"../docs/schema/\(name).json\""), "\(relative) names its schema for editors")
        }
    }

    /// The parser's complaint about the example at `relative`: a scenario file is loaded
    /// from its path, since it names its topology and faults files relative to itself.
    static func parserError(_ relative: String, text: String, schema: String) -> String? {
        guard schema == "scenario" else { return JSONSchemaTests.parserError(text, schema: schema) }
        do {
            let settings = try ScenarioSettings.load(path: JSONSchemaTests.packageRoot.appendingPathComponent(relative).path)
            _ = try settings.makeScenario()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func theTopologyReadmeExamplePassesToo() throws {
        let readme = try Self.read("topologies/README.md")
        let blocks = readme.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 1)
        for block in blocks {
            #expect(JSONSchemaTests.parserError(block, schema: "topology") == nil)
            #expect(try JSONSchemaTests.schemaErrors(block, schema: "topology") == [])
        }
    }

    /// The fuzz corpus holds edge cases on purpose: whatever of it the parser accepts,
    /// the schema must accept too (a schema never flags a file geosim runs). The
    /// sim-scenario corpus is left out: it is written for the simulation target, whose
    /// files the scenario parser refuses (limits, a string where a distribution belongs).
    @Test(arguments: [
        ("fuzz/corpus/topology", "topology"), ("fuzz/corpus/scenario", "scenario"),
        ("fuzz/corpus/fault-file", "faults"), ("fuzz/corpus/sim-fault-file", "faults"),
    ])
    func whatTheParserAcceptsTheSchemaAccepts(directory: String, schema: String) throws {
        var accepted = 0
        for relative in Self.files(directory) {
            let text = try Self.read(relative)
            guard JSONSchemaTests.parserError(text, schema: schema) == nil else { continue }
            accepted += 1
            #expect(try JSONSchemaTests.schemaErrors(text, schema: schema) == [], "\(relative)")
        }
        #expect(accepted >= 2, "\(directory): too few files the parser accepts to compare")
    }

    /// A valid document per schema and, for each, mutations both must refuse.
    static let mutations: [(schema: String, valid: String, broken: [(what: String, text: String)])] = [
        (
            "topology", #"{"$schema": "x", "regions": ["us-east", {"name": "us-west", "nodes": 3}], "cross_zone_rtt": "2ms"}"#,
            [
                ("an unknown key", #"{"regions": ["us-east"], "replicas_per_regoin": 3}"#),
                ("a wrong type", #"{"regions": ["us-east"], "replicas_per_region": "three"}"#),
                ("a bare-number duration", #"{"regions": ["us-east"], "cross_zone_rtt": 2}"#),
                ("an unknown key in a region", #"{"regions": [{"name": "us-east", "node": 3}]}"#),
                ("a $schema below the top level", #"{"regions": [{"name": "us-east", "$schema": "x"}]}"#),
                ("a number out of range", #"{"regions": ["us-east"], "replicas_per_region": 0}"#),
            ]
        ),
        (
            "scenario", #"{"$schema": "x", "topology": "us-east,us-west", "duration": "5s", "jitter": {"constant": "1ms"}}"#,
            [
                ("an unknown key", #"{"topology": "us-east", "durration": "5s"}"#),
                ("a wrong type", #"{"topology": "us-east", "rate": "fast"}"#),
                ("a bare-number duration", #"{"topology": "us-east", "duration": 5}"#),
                ("a bad enum value", #"{"topology": "us-east", "read_mode": "weak"}"#),
                ("a distribution with two kinds", #"{"topology": "us-east", "jitter": {"constant": "1ms", "exponential": {"mean": "1ms"}}}"#),
                ("a bare-number duration in a distribution", #"{"topology": "us-east", "service_time": {"exponential": {"mean": 2}}}"#),
                ("an unknown key in the cache", #"{"topology": "us-east", "cache": {"ttl": "1s", "tll": "2s"}}"#),
            ]
        ),
        (
            "faults", #"{"$schema": "x", "faults": [{"kind": "isolate", "region": "us-east", "start": "1s", "end": "2s"}]}"#,
            [
                ("an unknown key", #"[{"kind": "isolate", "region": "us-east", "start": "1s", "ends": "2s"}]"#),
                ("a key of another kind", #"[{"kind": "isolate", "region": "us-east", "start": "1s", "probability": 0.5}]"#),
                ("a wrong type", #"[{"kind": "loss", "probability": "high", "start": "1s"}]"#),
                ("a bare-number duration", #"[{"kind": "isolate", "region": "us-east", "start": 1}]"#),
                ("an unknown kind", #"[{"kind": "meteor", "start": "1s"}]"#),
                ("a missing start", #"[{"kind": "isolate", "region": "us-east"}]"#),
            ]
        ),
        (
            "sweep", #"{"$schema": "x", "vary": [{"name": "rate", "values": [100, "200"]}], "replicates": 2}"#,
            [
                ("an unknown key", #"{"vary": [{"name": "rate", "valuez": [1]}]}"#),
                ("a wrong type", #"{"vary": [{"name": "rate", "values": [1]}], "replicates": "two"}"#),
                ("no values", #"{"vary": [{"name": "rate", "values": []}]}"#),
            ]
        ),
    ]

    @Test func mutationsAreRefusedByBothTheSchemaAndTheParser() throws {
        for (schema, valid, broken) in Self.mutations {
            #expect(JSONSchemaTests.parserError(valid, schema: schema) == nil, "\(schema): the valid document")
            #expect(try JSONSchemaTests.schemaErrors(valid, schema: schema) == [], "\(schema): the valid document")
            for (what, text) in broken {
                #expect(JSONSchemaTests.parserError(text, schema: schema) != nil, "\(schema), \(what): the parser took it")
                #expect(try !JSONSchemaTests.schemaErrors(text, schema: schema).isEmpty, "\(schema), \(what): the schema took it")
            }
        }
    }

    /// An inline topology of region names may use every key of a topology file, as the
    /// schema says (the short form's defaults apply only when it uses the short keys).
    @Test func anInlineTopologyTakesEveryTopologyKey() throws {
        let text = #"{"topology": {"regions": ["us-east", "us-west"], "same_zone_rtt": "1ms", "links": [{"between": ["us-east", "us-west"], "rtt": "70ms"}]}}"#
        #expect(JSONSchemaTests.parserError(text, schema: "scenario") == nil)
        #expect(try JSONSchemaTests.schemaErrors(text, schema: "scenario") == [])
        #expect(ScenarioSettings.shortTopologyKeys.allSatisfy { Topology.fileTable.names.contains($0) })
    }

    /// The pattern of durations against `DurationText.parse`, on the edge cases of its grammar.
    @Test func theDurationPatternAcceptsWhatTheDurationParserAccepts() throws {
        let regex = try Regex(JSONSchema.durationPattern)
        let texts = [
            "150ms", "1.5s", ".5s", "5.ms", "1e3ms", "2.5E-3s", "0s", "250us", "3µs", "3μs", "7ns", "2m", "1h", "5", "5 ms", " 5ms",
            "5ms ", "-5ms", "+5ms", "5msx", "ms", "", "0x10ms", "1e400s", "5d", "1,5s", "inf", "nanms", "5MS", ".s", "1e3",
        ]
        for text in texts {
            let parses = (try? DurationText.parse(text)) != nil
            let matches = text.wholeMatch(of: regex) != nil
            // One known difference: a pattern cannot say "at most 2562047h".
            if text == "1e400s" { #expect(matches && !parses) } else { #expect(parses == matches, "\(text)") }
        }
    }

    @Test func theValidatorFailsOnABrokenDocumentAndAnUnknownKeyword() throws {
        let schema = try JSONSchemaTests.schema("topology")
        let validator = SchemaValidator(root: schema)
        #expect(!validator.errors(.string("not a topology"), schema).isEmpty)
        #expect(!validator.errors(.object([]), schema).isEmpty)
        #expect(validator.errors(.object([("regions", .array([.string("us-east")]))]), schema).isEmpty)
        let unknown = JSONValue.object([("type", .string("object")), ("contains", .object([]))])
        #expect(SchemaValidator(root: unknown).errors(.object([]), unknown) == ["$: unknown keyword 'contains'"])
        let dangling = JSONValue.object([("$ref", .string("#/$defs/nothing"))])
        #expect(!SchemaValidator(root: dangling).errors(.null, dangling).isEmpty)
    }
}
