import Foundation
import Testing

@testable import GeoSim

/// Settings that would run for hours or fill memory are refused before anything runs
/// (issue 15): the chaos rate, retries that drain past the duration limit, periodic work
/// (heartbeats, liveness pings, closed timestamps, anti-entropy) and memory estimated from
/// the settings. Each refusal names its limit and says how to raise it; a raised limit
/// lets the same settings through; normal scenarios are never refused.
@Suite struct RunLimitTests {
    static let three = ["--topology", "us-east,us-west,eu-central"]

    /// The refusal for `flags`, which must be a usage error naming `limit` and telling how
    /// to raise it, given within a few seconds (nothing ran).
    func expectRefused(_ flags: [String], limit: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let clock = ContinuousClock()
        let started = clock.now
        let result = CommandLineInterface.main(Self.three + flags)
        #expect(result.exitCode == 64, "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains("(limit '\(limit)')"), "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains("--limit \(limit)="), "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(clock.now - started < .seconds(10), sourceLocation: sourceLocation)
    }

    /// Parses without running: the settings pass every limit.
    func accepted(_ flags: [String]) -> Bool {
        (try? RunOptions.parse(Self.three + flags)) != nil
    }

    @Test func anAbsurdChaosRateIsRefusedBeforeAnyFaultIsDrawn() {
        expectRefused(["--chaos-rate", "1e18"], limit: "faults")
        expectRefused(["--chaos-rate", "10000"], limit: "faults")
        #expect(accepted(["--chaos-rate", "100"]))
        #expect(accepted(["--chaos-rate", "10000", "--limit", "faults=20000"]))
        // Past the duration limit, that limit is the one named.
        expectRefused(["--chaos", "--duration", "87600h"], limit: "duration")
    }

    @Test func aScheduleWithTooManyFaultsIsRefused() {
        let crashes = (1...4).flatMap { ["--crash", "us-west@\($0)s..\($0 * 1000 + 500)ms"] }
        #expect(accepted(crashes))
        expectRefused(crashes + ["--limit", "faults=3"], limit: "faults")
    }

    @Test func retriesMayNotDrainPastTheDurationLimit() {
        expectRefused(["--retry-backoff", "2562047h", "--retries", "100"], limit: "duration")
        // 100 retries of 2 s timeouts with a 1 s backoff doubling up to 1024 s: ~26 h.
        expectRefused(["--retries", "100", "--retry-backoff", "1s", "--duration", "150h"], limit: "duration")
        #expect(accepted(["--retries", "100", "--retry-backoff", "1s", "--duration", "100h"]))
        #expect(accepted(["--retries", "5", "--retry-backoff", "100ms"]))
        #expect(accepted(["--retries", "100", "--retry-backoff", "1s", "--duration", "150h", "--limit", "duration=200h"]))
    }

    @Test(arguments: [
        ["--replication", "leaderless", "--anti-entropy", "10us"],
        ["--heartbeat", "1us"],
        ["--replicas-per-region", "682"],
        ["--read-mode", "bounded", "--closed-ts-interval", "1us"],
        ["--heartbeat", "1ms", "--duration", "168h"],
    ])
    func periodicWorkPastTheTimersLimitIsRefused(_ flags: [String]) {
        expectRefused(flags, limit: "timers")
        #expect(accepted(flags + ["--limit", "timers=1e15"]))
    }

    /// A read request of many queries counts each against `operations`.
    @Test func readsCountEveryQueryTheyMake() {
        expectRefused(["--request-shape", "fanout:1000", "--rate", "100000"], limit: "operations")
        expectRefused(["--request-shape", "n+1:1000", "--rate", "10000", "--duration", "1h"], limit: "operations")
        expectRefused(["--cache-ttl", "1m", "--request-lookups", "1000", "--rate", "100000", "--duration", "1h"], limit: "operations")
        #expect(accepted(["--request-shape", "n+1:1000", "--rate", "10000", "--duration", "1h"]) == false)
        #expect(accepted(["--request-shape", "n+1:1000", "--rate", "10000", "--duration", "1m"]))
        #expect(accepted(["--request-shape", "fanout:1000", "--rate", "100000", "--limit", "operations=1e10"]))
    }

    @Test func theTimersEstimateGrowsWithTheCubeOfTheNodes() throws {
        func work(_ replicasPerRegion: String) throws -> Double {
            let scenario = try RunOptions.parse(Self.three + ["--replicas-per-region", replicasPerRegion]).scenario
            let layout = try RangeLayout.make(for: scenario)
            let replicas = layout.ranges.reduce(0) { $0 + $1.voters.count + $1.nonVoters.count }
            return RunEstimate(
                scenario, ranges: layout.ranges.count, replicas: replicas, offeredOperations: 60_000,
                horizon: Double(scenario.duration)
            ).totalWork
        }
        let small = try work("20")
        let large = try work("40")
        #expect(large > 6 * small)
        #expect(large < 9 * small)
    }

    @Test(arguments: [
        ["--clients", "1000000"],
        ["--replication", "leaderless", "--keys", "1000000000", "--key-dist", "uniform", "--write-fraction", "1", "--rate", "1000000", "--duration", "30m"],
        ["--cache-ttl", "1h", "--cache-capacity", "100000000", "--keys", "1000000000", "--rate", "1000000", "--duration", "30m"],
    ])
    func memoryPastTheMemoryLimitIsRefused(_ flags: [String]) {
        expectRefused(flags, limit: "memory")
        #expect(accepted(flags + ["--limit", "memory=1PB"]))
    }

    @Test func theMemoryLimitTakesSizes() throws {
        let raised = try RunOptions.parse(Self.three + ["--limit", "memory=4GB"])
        #expect(raised.scenario.limits.memory == 4e9)
        let binary = try RunOptions.parse(Self.three + ["--limit", "memory=2GiB"])
        #expect(binary.scenario.limits.memory == 2 * 1_073_741_824)
        let bytes = try RunOptions.parse(Self.three + ["--limit", "memory=5e8"])
        #expect(bytes.scenario.limits.memory == 5e8)
        for bad in ["memory=4XB", "memory=0", "memory=10KB", "memory=2PB", "memory=nanGB"] {
            let result = CommandLineInterface.main(Self.three + ["--limit", bad])
            #expect(result.exitCode == 64, "\(bad)")
            #expect(result.standardError.contains("memory=4GB"), "\(bad): \(result.standardError)")
        }
        #expect(RunLimits.names.suffix(3) == ["faults", "timers", "memory"])
    }

    @Test func aScenarioFileRaisesTheNewLimits() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-runlimits-\(getpid())-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
        {"topology": "us-east,us-west,eu-central", "clients": 1000000, "limits": {"memory": "4GB", "timers": 1e9, "faults": 10}}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let options = try RunOptions.parse(["--scenario", path])
        #expect(options.scenario.limits.memory == 4e9)
        #expect(options.scenario.limits.timers == 1e9)
        #expect(options.scenario.limits.faults == 10)
    }

    /// The runtime cutoffs keep a backlog near 1 GB: about 210 bytes per pending event and
    /// a few hundred per operation under way (measured on a release build).
    @Test func theInFlightCutoffsStayNearOneGigabyte() {
        let limits = RunLimits()
        #expect(Double(limits.eventsInFlight) * 210 <= 1e9)
        #expect(Double(limits.operationsInFlight) * 450 <= 1e9)
    }

    /// The scenarios of `geosim bench` (the 24 h run and the 1000-range ones included)
    /// pass every limit, as do their command-line equivalents.
    @Test func benchmarkScenariosAreNotRefused() throws {
        for benchCase in try Benchmark.cases(quick: false) {
            switch benchCase.work {
            case .run(let scenario):
                let layout = try RangeLayout.make(for: scenario)
                let replicas = layout.ranges.reduce(0) { $0 + $1.voters.count + $1.nonVoters.count }
                #expect(throws: Never.self, "\(benchCase.name)") {
                    try scenario.limits.check(scenario, ranges: layout.ranges.count, replicas: replicas)
                }
            case .sweep(let runner, _):
                #expect(throws: Never.self, "\(benchCase.name)") { try runner.validate() }
            case .check(let base, _, _):
                #expect(throws: Never.self, "\(benchCase.name)") { _ = try base.makeScenario() }
            }
        }
        #expect(accepted(["--duration", "24h"]))
        #expect(accepted(["--duration", "168h"]))
        #expect(accepted(["--replicas-per-region", "3", "--ranges", "1000"]))
        #expect(accepted(["--replicas-per-region", "3", "--ranges", "10000"]))
        // Its own topology instead of the three regions (a flag may be given once).
        #expect(
            (try? RunOptions.parse([
                "--replicas-per-region", "3", "--ranges", "1000", "--rate", "20000", "--topology",
                "us-east,us-west,eu-central,eu-west,ap-south,ap-northeast,sa-east,ca-central,ap-southeast",
            ])) != nil)
        #expect(accepted(["--chaos", "--duration", "24h", "--timeline"]))
        #expect(accepted(["--replication", "leaderless", "--anti-entropy", "1s", "--duration", "1h"]))
    }
}

/// Runs that pass the limits one by one may still run for hours together: a sweep's rows
/// and a check's seeds are refused on their total operations and periodic work.
@Suite struct ManyRunLimitTests {
    static let three = ["--topology", "us-east,us-west,eu-central"]

    @Test func aSweepTooLargeInTotalIsRefused() {
        let huge = CommandLineInterface.main(["sweep"] + Self.three + ["--rate", "100000", "--vary", "leader=us-east,us-west", "--replicates", "1000"])
        #expect(huge.exitCode == 64, "\(huge.standardError)")
        #expect(huge.standardError.contains("The sweep's 2000 runs together offer"), "\(huge.standardError)")
        #expect(huge.standardError.contains("(limit 'operations')"))
        let many = CommandLineInterface.main(
            ["sweep"] + Self.three + [
                "--duration", "1s", "--rate", "1", "--vary", "leader=us-east,us-west,eu-central",
                "--vary", "rate=1,2", "--replicates", "100000",
            ])
        #expect(many.exitCode == 64, "\(many.standardError)")
        #expect(many.standardError.contains("(limit 'timers')"), "\(many.standardError)")
        #expect(many.standardError.contains("--limit timers="))
    }

    @Test func aCheckWithTooManySeedsIsRefused() {
        let result = CommandLineInterface.main(["check"] + Self.three + ["--seeds", "1000000", "--rate", "1000"])
        #expect(result.exitCode == 64, "\(result.standardError)")
        #expect(result.standardError.contains("The check's 1000000 runs together offer"), "\(result.standardError)")
        #expect(result.standardError.contains("--limit operations="))
    }

    /// A checked run keeps its whole history: one run past the memory limit is refused.
    @Test func aCheckedRunWhoseHistoryWouldFillMemoryIsRefused() {
        let result = CommandLineInterface.main(["check"] + Self.three + ["--seeds", "1", "--rate", "100000", "--duration", "60s"])
        #expect(result.exitCode == 64, "\(result.standardError)")
        #expect(result.standardError.contains("recorded history"), "\(result.standardError)")
        #expect(result.standardError.contains("(limit 'memory')"))
        // The same run without a recorded history (geosim run) is fine.
        #expect((try? RunOptions.parse(Self.three + ["--rate", "100000", "--duration", "60s"])) != nil)
    }
}
