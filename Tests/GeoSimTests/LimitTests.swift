import Foundation
import Testing

@testable import GeoSim

/// Absurd but well-formed input is refused naming the limit and how to raise it; runtime
/// limits stop a run that cannot keep up, and the report says so.
@Suite struct LimitTests {
    static let three = ["--topology", "us-east,us-west,eu-central"]

    @Test(arguments: [
        (["--rate", "1e8", "--duration", "1h"], "limit 'operations'"),
        (["--duration", "87600h", "--rate", "1"], "limit 'duration'"),
        (["--clients", "1000000", "--think-time", "1ms", "--duration", "1h"], "limit 'operations'"),
        (["--replicas-per-region", "1000"], "limit 'nodes'"),
    ])
    func absurdRunsAreRefusedNamingTheLimit(_ flags: [String], _ limit: String) {
        let result = CommandLineInterface.main(Self.three + flags)
        #expect(result.exitCode == 64, "\(result.standardError)")
        #expect(result.standardError.contains(limit), "\(result.standardError)")
        #expect(result.standardError.contains("--limit "))
    }

    @Test func aRaisedLimitLetsTheRunThrough() throws {
        let refused = try? RunOptions.parse(Self.three + ["--rate", "1e6", "--duration", "1h"])
        #expect(refused == nil)
        let allowed = try RunOptions.parse(Self.three + ["--rate", "1e6", "--duration", "1h", "--limit", "operations=4e9"])
        #expect(allowed.scenario.limits.operations == 4e9)
        #expect(CommandLineInterface.main(Self.three + ["--limit", "operatoins=1"]).standardError.contains("Did you mean 'operations'?"))
        #expect(CommandLineInterface.main(Self.three + ["--limit", "duration=5"]).exitCode == 64)
    }

    /// A follower cut off past the raft-log limit costs a snapshot, not memory; the report
    /// says so and names the limit.
    @Test func theRaftLogLimitIsReportedWhenReached() {
        let outage = Self.three + ["--isolate", "eu-central@1s..20s", "--rate", "2000", "--write-fraction", "0.5", "--duration", "25s"]
        let limited = CommandLineInterface.main(outage + ["--limit", "raft-log=1000"])
        #expect(limited.exitCode == 0, "\(limited.standardError)")
        #expect(limited.standardOutput.contains("Raft snapshots: 1, to followers more than 1000 committed entries behind"))
        #expect(limited.standardOutput.contains("--limit raft-log=N"))
        let json = CommandLineInterface.main(outage + ["--limit", "raft-log=1000", "--format", "json"])
        #expect(json.standardOutput.contains("\"snapshots\": 1,"))
        let unlimited = CommandLineInterface.main(outage)
        #expect(!unlimited.standardOutput.contains("Raft snapshots"))
    }

    /// A replica down for long holds back only replica-log commit times at the primary;
    /// past them the report says what was forgotten and names the limit.
    @Test func theReplicaLogLimitIsReportedWhenReached() {
        let down =
            Self.three + [
                "--replication", "primary-async", "--crash", "eu-central@1s", "--promotion-delay", "never",
                "--rate", "2000", "--write-fraction", "0.5", "--duration", "20s",
            ]
        let limited = CommandLineInterface.main(down + ["--limit", "replica-log=1000"])
        #expect(limited.exitCode == 0, "\(limited.standardError)")
        #expect(limited.standardOutput.contains("Replica log: the primary forgot the commit times of"))
        #expect(limited.standardOutput.contains("--limit replica-log=N"))
        let json = CommandLineInterface.main(down + ["--limit", "replica-log=1000", "--format", "json"])
        #expect(!json.standardOutput.contains("\"forgotten_commit_times\": 0,"))
        #expect(json.standardOutput.contains("\"forgotten_commit_times\": "))
        let unlimited = CommandLineInterface.main(down)
        #expect(!unlimited.standardOutput.contains("Replica log:"))
    }

    @Test func aTopologyFileWithTooManyRegionsIsRefusedBeforeItsMatrixIsBuilt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-limits-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("many.json").path
        let regions = (0..<300).map { "{\"name\": \"r\($0)\", \"lat\": 0, \"lon\": \(Double($0) / 2)}" }.joined(separator: ", ")
        try "{\"regions\": [\(regions)]}".write(toFile: path, atomically: true, encoding: .utf8)
        let refused = CommandLineInterface.main(["--topology", path, "--duration", "1s"])
        #expect(refused.exitCode == 65)
        #expect(refused.standardError.contains(path))
        #expect(refused.standardError.contains("300 regions exceed the limit of 256 (limit 'regions')"))
        // Raised, the same file gets past the limit (whatever else it then says).
        let raised = CommandLineInterface.main(["--topology", path, "--duration", "1s", "--limit", "regions=400"])
        #expect(!raised.standardError.contains("limit 'regions'"))
    }

    @Test func zeroOrNegativeLatenciesAreRefused() {
        #expect(CommandLineInterface.main(Self.three + ["--cross-zone-rtt", "0ms"]).exitCode == 64)
        #expect(CommandLineInterface.main(Self.three + ["--cross-zone-rtt", "-1ms"]).exitCode == 64)
    }

    /// Far past the leader's ~33k writes/s, with clients that never give up: the
    /// operations under way grow without bound.
    func overloaded() throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.rate = 200_000
        scenario.writeFraction = 1
        scenario.operationTimeout = 3600 * .second
        scenario.duration = 30 * .second
        return scenario
    }

    @Test func aRunThatCannotKeepUpStopsAtTheInFlightLimitAndSaysSo() throws {
        var scenario = try overloaded()
        scenario.limits.operationsInFlight = 50_000
        let outcome = Simulation.run(scenario)
        let limit = try #require(outcome.limitReached)
        #expect(limit.name == "in-flight")
        #expect(outcome.endTime < scenario.duration)
        let report = Report(scenario: scenario, outcome: outcome)
        #expect(ReportText.render(report).contains("STOPPED EARLY at"))
        #expect(report.json.contains("\"limit_reached\""))
    }

    @Test func aRunStopsAtTheEventLimit() throws {
        var scenario = try overloaded()
        // 200k requests/s each travel tens of ms: about 10,000 deliveries are pending.
        scenario.limits.eventsInFlight = 2000
        let outcome = Simulation.run(scenario)
        #expect(outcome.limitReached?.name == "events")
        #expect(outcome.endTime < .second)
    }

    @Test func aRecordedHistoryStopsAtItsLimit() throws {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.duration = 5 * .second
        scenario.recordHistory = true
        scenario.limits.historyOperations = 100
        let outcome = Simulation.run(scenario)
        #expect(outcome.history?.operations.count == 100)
        #expect(outcome.limitReached?.name == "history")
    }

    @Test func aBillionKeysNeedNoMemoryPerKey() {
        // Zipf sampling is O(1) in memory: a billion keys is fine, not absurd.
        let result = CommandLineInterface.main(Self.three + ["--keys", "1000000000", "--duration", "2s"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("1000000000 keys"))
    }
}

/// Mistakes in a scenario file that only show once the scenario is assembled are reported
/// against the file and its JSON path (exit 65); the same mistake as a flag stays a usage
/// error (64).
@Suite struct ScenarioFileMistakeTests {
    func write(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-scenario-\(getpid())-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: [
        (#"{"topology": "us-east,us-west", "leader": "mars"}"#, "$.leader", "Leader region 'mars' is not in the topology"),
        (#"{"topology": "us-east,us-west", "home": "eu-west"}"#, "$.home", "Home region 'eu-west' is not in the topology"),
        (#"{"topology": "us-east,us-west", "survival": "region"}"#, "$.survival", "Region survival needs at least 3 regions"),
        (#"{"topology": "us-east,us-west", "pooler": 50, "max_connections": 10}"#, "$.pooler", "exceed the store's limit"),
    ])
    func fileMistakesNameTheFileAndField(_ json: String, _ location: String, _ message: String) throws {
        let path = try write(json)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = CommandLineInterface.main(["--scenario", path])
        #expect(result.exitCode == 65, "\(result.standardError)")
        #expect(result.standardError.contains(path))
        #expect(result.standardError.contains(location))
        #expect(result.standardError.contains(message))
    }

    @Test func theSameMistakeAsAFlagIsAUsageError() throws {
        let path = try write(#"{"topology": "us-east,us-west", "leader": "us-west"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The flag replaces the file's leader: the mistake is the flag's.
        let result = CommandLineInterface.main(["--scenario", path, "--leader", "mars"])
        #expect(result.exitCode == 64)
        #expect(!result.standardError.contains(path))
    }
}
