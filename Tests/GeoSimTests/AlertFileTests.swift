import Foundation
import Testing

@testable import GeoSim

/// Rules files: the shipped example, the key tables, and errors that name the file, the
/// JSON path and what was expected.
struct AlertFileTests {
    static let examplePath = FaultFileTests.root.appendingPathComponent("topologies/alerts-example.json").path

    /// The input error `text` fails with, or nil when it parses.
    static func failure(_ text: String) -> InputError? {
        do {
            _ = try AlertRuleFile.parse(InputNode(try JSONParser.parse(text)), topology: AlertRuleTests.three, source: "test")
            return nil
        } catch {
            return error
        }
    }

    @Test func theShippedExampleLoads() throws {
        let set = try AlertRuleFile.load(path: Self.examplePath, topology: AlertRuleTests.three)
        #expect(set.rules.map(\.name) == ["RegionAvailabilityLow", "WriteP99AboveSLO", "LeaseholderMoved", "PoolSaturated"])
        #expect(set.rules[0].expression == "availability[1m] < 99.9%")
        #expect(set.rules[1].holdFor == 30 * .second && set.rules[1].threshold == Double(300 * Nanoseconds.millisecond))
        #expect(set.rules[2].scope == .all)
        #expect(set.slowThreshold == 500 * .millisecond && set.slowKept == 10)
        #expect(set.source == Self.examplePath)
    }

    @Test func theKeyTablesAreWhatTheParserAccepts() {
        let rules = AlertRuleFile.ruleTable
        #expect(rules.names == ["name", "metric", "comparison", "threshold", "for", "window", "scope", "severity", "summary"])
        #expect(rules.fields.filter(\.isRequired).map(\.name) == ["name", "metric", "comparison", "threshold"])
        if case .choice(let metrics) = rules.field("metric")?.kind { #expect(metrics == AlertMetric.names) } else { Issue.record("metric is not a choice") }
        #expect(AlertRuleFile.documentTable.names == ["description", "include_builtin", "rules", "slow_operations"])
        // Every key the tables name parses in a file that uses them all.
        #expect(
            Self.failure(
                #"{"description": "d", "include_builtin": true, "slow_operations": {"threshold": "2s", "keep": 5}, "rules": [{"name": "A", "metric": "availability", "comparison": "<", "threshold": 0.5, "for": "1s", "window": "2s", "scope": "all", "severity": "info", "summary": "s"}]}"#
            ) == nil)
    }

    @Test func includeBuiltinReplacesByNameAndAdds() throws {
        let set = try AlertRuleFile.parse(
            InputNode(
                try JSONParser.parse(
                    #"{"include_builtin": true, "rules": [{"name": "WriteP99High", "metric": "write_p99", "comparison": ">", "threshold": "400ms"}, {"name": "Extra", "metric": "read_p99", "comparison": ">", "threshold": "1s"}]}"#
                )), topology: AlertRuleTests.three, source: "test")
        #expect(set.rules.map(\.name) == AlertRuleSet.builtIn.rules.map(\.name) + ["Extra"])
        #expect(set.rules.first { $0.name == "WriteP99High" }?.threshold == Double(400 * Nanoseconds.millisecond))
    }

    @Test(arguments: [
        (#"{"rules": [{"name": "A", "metric": "write_p90", "comparison": ">", "threshold": "1s"}]}"#, "$.rules[0].metric", "did you mean 'write_p99'"),
        (#"{"rules": [{"name": "A", "metric": "write_p99", "comparison": ">", "threshold": "1s", "for": 30}]}"#, "$.rules[0].for", "bare number 30"),
        (#"{"rules": [{"name": "A", "metric": "write_p99", "comparison": ">", "treshold": "1s"}]}"#, "$.rules[0].treshold", "did you mean 'threshold'"),
        (#"{"rules": [{"name": "A", "metric": "write_p99", "comparison": ">", "threshold": 250}]}"#, "$.rules[0].threshold", "bare number 250"),
        (#"{"rules": [{"name": "A", "metric": "write_p99", "comparison": ">", "threshold": "1s", "window": "1m"}]}"#, "$.rules[0].window", "takes no window"),
        (#"{"rules": [{"name": "A", "metric": "availability", "comparison": "<", "threshold": "99.9"}]}"#, "$.rules[0].threshold", "percentage"),
        (
            #"{"rules": [{"name": "A", "metric": "availability", "comparison": "<", "threshold": 0.9, "window": "1500ms"}]}"#, "$.rules[0].window",
            "whole seconds"
        ),
        (#"{"rules": [{"name": "A", "metric": "availability", "comparison": "=<", "threshold": 0.9}]}"#, "$.rules[0].comparison", "expected one of"),
        (
            #"{"rules": [{"name": "A", "metric": "availability", "comparison": "<", "threshold": 0.9, "scope": "us-wset"}]}"#, "$.rules[0].scope",
            "did you mean 'us-west'"
        ),
        (#"{"rules": [{"name": "A", "metric": "leader_changes", "comparison": ">", "threshold": 0, "scope": "us-east"}]}"#, "$.rules[0].scope", "cluster-wide"),
        (
            #"{"rules": [{"name": "A", "metric": "availability", "comparison": "<", "threshold": 0.9, "severity": "page"}]}"#, "$.rules[0].severity",
            "info, warning, critical"
        ),
        (
            #"{"rules": [{"name": "A", "metric": "availability", "comparison": "<", "threshold": 0.9}, {"name": "A", "metric": "read_p99", "comparison": ">", "threshold": "1s"}]}"#,
            "$.rules[1]", "second rule named 'A'"
        ),
        (#"{"rules": [{"metric": "availability", "comparison": "<", "threshold": 0.9}]}"#, "$.rules[0]", "missing required field 'name'"),
        (#"{"rulez": []}"#, "$.rulez", "did you mean 'rules'"),
        (#"{"slow_operations": {"threshold": "0s"}}"#, "$.slow_operations.threshold", "greater than zero"),
        (#"{"slow_operations": {"keep": 20000}}"#, "$.slow_operations.keep", "between 0 and 10000"),
        (#"[]"#, "$", "expected an object"),
    ])
    func badRulesNameThePathAndWhatWasExpected(text: String, location: String, expected: String) throws {
        let error = try #require(Self.failure(text))
        #expect(error.location == location, "\(error)")
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test func aBadRulesFileExits65NamingTheFileAndPath() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-alerts-bad-\(getpid()).json")
        try #"{"rules": [{"name": "A", "metric": "availability", "comparison": "<", "threshold": 0.9, "for": "1"}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = CommandLineInterface.main(["--topology", "us-east,us-west", "--duration", "2s", "--alerts", file.path])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains(file.path))
        #expect(result.standardError.contains("$.rules[0].for"))
        #expect(result.standardError.contains("expected a duration"))
        let missing = CommandLineInterface.main(["--topology", "us-east", "--alerts", file.path + ".absent"])
        #expect(missing.exitCode == 65)
        let bare = CommandLineInterface.main(["--topology", "us-east", "--slow-op-threshold", "5"])
        #expect(bare.exitCode == 64)
    }
}
