import Foundation
import Testing

@testable import GeoSim

/// Alerts on whole runs: a region outage fires the availability alert at the second the
/// arithmetic says, quiet rules stay quiet, the slow-operation log's phases add up, and
/// the alert output is deterministic.
struct AlertRunTests {
    let s = Nanoseconds.second

    /// Runs geosim with `arguments` and a rules file holding `rules` (JSON), as JSON.
    func runJSON(_ arguments: [String], rules: String) throws -> JSONValue {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-alerts-\(getpid())-\(UUID().uuidString).json")
        try rules.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = CommandLineInterface.main(arguments + ["--alerts", file.path, "--format", "json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        return try JSONParser.parse(result.standardOutput)
    }

    /// The firings of the alert of `rule` for `scope` in a JSON report.
    func firings(_ json: JSONValue, rule: String, scope: String) -> [JSONValue] {
        guard case .array(let instances)? = json["alerts"]?["instances"] else { return [] }
        let instance = instances.first { $0["rule"] == .string(rule) && $0["scope"] == .string(scope) }
        guard case .array(let firings)? = instance?["firings"] else { return [] }
        return firings
    }

    @Test func aRegionOutageFiresTheAvailabilityAlertWhenTheArithmeticSays() throws {
        // eu-central's only replica, its clients' gateway, is down from 10.5 s to 20 s: its
        // clients' operations time out (no ok one ends after 10.5 s plus a same-zone trip).
        let start = 10.5
        let window: Nanoseconds = 5 * s
        let holdFor: Nanoseconds = 3 * s
        let json = try runJSON(
            ["--topology", "us-east,us-west,eu-central", "--duration", "30s", "--crash", "eu-central@\(start)s..20s"],
            rules: #"""
                {"rules": [
                  {"name": "EuDown", "metric": "availability", "window": "5s", "comparison": "<=", "threshold": 0, "for": "3s", "scope": "eu-central", "severity": "critical"},
                  {"name": "UsEastDown", "metric": "availability", "window": "5s", "comparison": "<", "threshold": "50%", "scope": "us-east"}
                ]}
                """#)
        // The window first holds no ok operation at the evaluation `window` after the end of
        // the second the fault began in (that second still has ok ones); then `for`.
        let faultStart = Nanoseconds(start * 1e9)
        let firstEmptySecondStart = (faultStart / s + 1) * s
        let expectedPending = firstEmptySecondStart + window
        let expectedFiring = expectedPending + holdFor
        let eu = firings(json, rule: "EuDown", scope: "eu-central")
        #expect(eu.count == 1)
        #expect(eu.first?["pending_s"] == .number(expectedPending.seconds))
        #expect(eu.first?["fired_s"] == .number(expectedFiring.seconds))
        #expect(eu.first?["fault_start_s"] == .number(start))
        #expect(eu.first?["detection_delay_s"] == .number((expectedFiring - faultStart).seconds))
        // It resolves once eu-central's node is back and an operation ends ok, within a
        // couple of seconds of the restart at 20 s.
        guard case .number(let resolved)? = eu.first?["resolved_s"] else {
            Issue.record("EuDown did not resolve")
            return
        }
        #expect((21...23).contains(resolved))
        // us-east's clients never lost their leader.
        #expect(firings(json, rule: "UsEastDown", scope: "us-east").isEmpty)
        #expect(json["alerts"]?["fired"] == .number(1))
    }

    @Test func theDefaultRulesStayQuietOnAHealthyRun() throws {
        let result = CommandLineInterface.main(["--topology", "us-east,us-west,eu-central", "--duration", "20s", "--alerts", "default"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Alerts: none fired (5 built-in rules); no operation took 1s or more"))
        // Without --alerts the report says nothing of alerts.
        let plain = CommandLineInterface.main(["--topology", "us-east,us-west,eu-central", "--duration", "5s"])
        #expect(!plain.standardOutput.contains("Alerts"))
    }

    @Test func aSaturatedPoolFiresThePoolRule() throws {
        // Two connections per region for about 33 operations in flight: the pool is full.
        let json = try runJSON(
            ["--topology", "us-east,us-west", "--duration", "10s", "--pool-size", "2", "--rate", "600"],
            rules: #"{"rules": [{"name": "Pool", "metric": "pool_utilization", "comparison": ">", "threshold": 0.8, "for": "2s"}]}"#)
        let west = firings(json, rule: "Pool", scope: "us-west")
        #expect(west.count == 1)
        // Busy from the first second: pending at 1 s (or 2 s), firing 2 s later.
        guard case .number(let fired)? = west.first?["fired_s"], case .number(let pending)? = west.first?["pending_s"] else { return }
        #expect(fired == pending + 2 && pending <= 2)
    }

    @Test func theSlowOperationLogHoldsAWriteWhosePhasesAreKnownByArithmetic() throws {
        // 90 s at one operation a second, jitter off (SimulationTests.quietScenario).
        var scenario = try SimulationTests().quietScenario("us-east,us-west,eu-central", leader: 0)
        let topology = scenario.topology
        let service: Nanoseconds = 50 * .microsecond
        let local = topology.sameZoneRoundTrip
        let toLeader = topology.roundTrip(fromRegion: 2, toRegion: 0)
        let quorum = SimulationTests().quorumRoundTrip(topology, leader: 0)
        // A write from eu-central: client → gateway → leader → quorum → back (SimulationTests).
        let expected = local + toLeader + quorum + 5 * service
        scenario.alerts = AlertRuleSet(rules: [], slowThreshold: expected, slowKept: 1000, source: "test")
        let outcome = Simulation.run(scenario)
        let euWrites = outcome.writesByRegion[2].ok
        #expect(euWrites > 3)
        // Only eu-central's writes take that long (the other paths are shorter).
        #expect(outcome.slowOperationCount == euWrites)
        #expect(outcome.slowOperations.count == euWrites)
        let write = try #require(outcome.slowOperations.first)
        #expect(write.region == 2 && write.isWrite && write.outcome == .ok && write.attempts == 1)
        #expect(write.latency == expected)
        #expect(write.earlierAttempts == 0 && write.poolWait == 0)
        #expect(write.toLeaseholder == local + toLeader)
        #expect(write.replication == quorum)
        #expect(write.other == 5 * service)
        #expect(write.phases.reduce(0) { $0 + $1.duration } == write.latency)
    }

    @Test func alertsAreByteReproducible() throws {
        let arguments = [
            "--topology", "us-east,us-west,eu-central", "--duration", "15s", "--alerts", "default", "--isolate", "us-east@5s..10s",
            "--slow-op-threshold", "300ms", "--format", "json",
        ]
        let first = CommandLineInterface.main(arguments)
        let second = CommandLineInterface.main(arguments)
        #expect(first.exitCode == 0)
        #expect(first.standardOutput == second.standardOutput)
        #expect(first.standardOutput.contains("\"LeaseholderMoved\""))
    }

    @Test func aScenarioFileCarriesItsRulesInline() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-alerts-scenario-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try #"""
        {"topology": "us-east,us-west", "duration": "3s", "slow_op_threshold": "50ms",
         "alerts": {"rules": [{"name": "AnyWrite", "metric": "write_p99", "comparison": ">", "threshold": "1ms", "scope": "us-west"}]}}
        """#.write(to: file, atomically: true, encoding: .utf8)
        let result = CommandLineInterface.main(["--scenario", file.path, "--format", "json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let alerts = try JSONParser.parse(result.standardOutput)["alerts"]
        #expect(alerts?["slow_operations"]?["threshold_ms"] == .number(50))
        // us-west's writes cross to us-east and back: every second's p99 is above 1 ms.
        #expect(alerts?["fired"] == .number(1))
        #expect(alerts?["source"] == .string("\(file.path) $.alerts"))

        try #"{"topology": "us-east", "alerts": {"rules": [{"name": "A", "metric": "reads_p99", "comparison": ">", "threshold": "1s"}]}}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let bad = CommandLineInterface.main(["--scenario", file.path])
        #expect(bad.exitCode == 65)
        #expect(bad.standardError.contains(file.path) && bad.standardError.contains("$.alerts.rules[0].metric"))
    }

    @Test func aSlowOperationsPhasesIncludeItsPoolWaitAndAddUp() throws {
        let json = try runJSON(
            ["--topology", "us-east,us-west", "--duration", "5s", "--pool-size", "2", "--rate", "600", "--slow-op-threshold", "100ms"],
            rules: #"{"rules": [], "slow_operations": {"keep": 50}}"#)
        guard case .array(let operations)? = json["alerts"]?["slow_operations"]?["operations"] else {
            Issue.record("no slow operations")
            return
        }
        #expect(operations.count == 50)
        var waited = 0
        for operation in operations {
            guard case .object(let phases)? = operation["phases_ms"], case .number(let latency)? = operation["latency_ms"] else { continue }
            let sum = phases.reduce(0.0) { total, phase in
                if case .number(let value) = phase.value { return total + value }
                return total
            }
            // Each phase is rounded to a microsecond in JSON.
            #expect(abs(sum - latency) < 0.006, "\(operation)")
            if case .number(let wait)? = operation["phases_ms"]?["pool_wait"], wait > 0 { waited += 1 }
        }
        #expect(waited > 0, "a full pool of two makes operations wait for a connection")
    }

    @Test func anIsolatedRaftFollowerLagsAndTheLagAlertFiresAfterItsFor() throws {
        // eu-central's replica hears nothing from 10 s to 40 s: its lag behind the range's
        // commits grows a second a second (one-second resolution), and is gone once healed.
        let json = try runJSON(
            ["--topology", "us-east,us-west,eu-central", "--duration", "50s", "--isolate", "eu-central@10s..40s"],
            rules: #"{"rules": [{"name": "Lag", "metric": "replica_lag", "comparison": ">", "threshold": "5s", "for": "10s"}]}"#)
        let eu = firings(json, rule: "Lag", scope: "eu-central")
        #expect(eu.count == 1)
        guard case .number(let pending)? = eu.first?["pending_s"], case .number(let fired)? = eu.first?["fired_s"],
            case .number(let resolved)? = eu.first?["resolved_s"]
        else {
            Issue.record("Lag did not fire and resolve: \(eu)")
            return
        }
        // Over 5 s behind from 15 s (or 16 s, when it knew the commits of 10 s), firing 10 s later.
        #expect((15...16).contains(pending))
        #expect(fired == pending + 10)
        #expect((41...43).contains(resolved))
        // The regions that kept their links never lag 5 s; under Raft the metric has data.
        #expect(firings(json, rule: "Lag", scope: "us-west").isEmpty)
        guard case .array(let instances)? = json["alerts"]?["instances"] else { return }
        #expect(instances.allSatisfy { $0["samples"] != .number(0) })
    }
}
