import Foundation
import Testing

@testable import GeoSim

/// The JSON Schemas (`geosim schema NAME`, docs/schema/) against the parsers they are
/// generated from: every example file passes both, and a mutated file fails both.
@Suite struct JSONSchemaTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The schema named `name`, as `geosim schema` prints it, parsed back.
    static func schema(_ name: String) throws -> JSONValue {
        let entry = try #require(SchemaCatalog.entry(name))
        return try JSONParser.parse(SchemaCatalog.text(entry))
    }

    /// The schema's complaints about `text` (a JSON document).
    static func schemaErrors(_ text: String, schema name: String) throws -> [String] {
        let schema = try schema(name)
        return SchemaValidator(root: schema).errors(try JSONParser.parse(text), schema)
    }

    /// Nil when geosim's parser for `name` accepts `text`, else its message.
    static func parserError(_ text: String, schema name: String) -> String? {
        let verdict: FuzzVerdict
        switch name {
        case "topology": verdict = FuzzTarget.topology(Array(text.utf8))
        case "scenario": verdict = FuzzTarget.scenario(Array(text.utf8))
        case "faults": verdict = FuzzTarget.faultFile(Array(text.utf8))
        case "alerts":
            // Rules name regions in their scope: read against the three-region topology.
            do {
                let topology = try Topology.fromRegionList("us-east,us-west,eu-central")
                _ = try AlertRuleFile.parse(InputNode(try JSONParser.parse(text)), topology: topology, source: "test")
                return nil
            } catch {
                return "\(error)"
            }
        default:
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-schema-sweep-\(getpid()).json")
            defer { try? FileManager.default.removeItem(at: file) }
            do {
                try text.write(to: file, atomically: true, encoding: .utf8)
                _ = try SweepCommand.readSweepFile(file.path)
                return nil
            } catch {
                return "\(error)"
            }
        }
        switch verdict {
        case .accepted: return nil
        case .rejected(let message): return message
        case .finding(let what): return "finding: \(what)"
        }
    }

    @Test func theCommittedSchemasAreTheGeneratedOnes() throws {
        for entry in SchemaCatalog.entries {
            let committed = try String(
                contentsOf: Self.packageRoot.appendingPathComponent("docs/schema/\(entry.name).json"), encoding: .utf8)
            let printed = CommandLineInterface.main(["schema", entry.name])
            #expect(printed.exitCode == 0)
            #expect(
                committed == printed.standardOutput,
                "docs/schema/\(entry.name).json is stale: run swift build && .build/debug/geosim schema \(entry.name) > docs/schema/\(entry.name).json")
        }
    }

    @Test func theCommandListsNamesAndRefusesUnknownOnes() {
        let listing = CommandLineInterface.main(["schema"])
        #expect(listing.exitCode == 0)
        #expect(
            listing.standardOutput.split(separator: "\n").map { String($0.split(separator: " ")[0]) } == ["scenario", "topology", "faults", "sweep", "alerts"])
        let unknown = CommandLineInterface.main(["schema", "topolgy"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("Did you mean 'topology'?"))
        #expect(CommandLineInterface.main(["schema", "topology", "faults"]).exitCode == 64)
        #expect(CommandLineInterface.main(["schema", "--pretty"]).exitCode == 64)
        #expect(CommandLineInterface.main(["help", "schema"]).standardOutput.contains("Usage: geosim schema [NAME]"))
    }

    @Test func everySchemaDeclaresItsDialectAndIsClosed() throws {
        for entry in SchemaCatalog.entries {
            let schema = try Self.schema(entry.name)
            #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
            #expect(schema["$id"] == .string("https://geosim.dev/schema/\(entry.name).json"))
            #expect(schema["title"] != nil && schema["description"] != nil)
            // The generated text is the same on every call (keys sorted by JSONWriter).
            #expect(SchemaCatalog.text(entry) == SchemaCatalog.text(entry))
        }
        let topology = try Self.schema("topology")
        #expect(topology["additionalProperties"] == .bool(false))
        #expect(topology["required"] == .array([.string("regions")]))
    }
}
