import Foundation
import Testing

@testable import GeoSim

/// Issue 15: input the tool accepts must never trap on integer overflow. Time sums
/// saturate, draws past the run's horizon are cut to it (and reported), absurd slowdowns
/// and chaos rates are refused at parse time. One test per class of the bug.
@Suite struct TimeArithmeticTests {
    static let three = ["--topology", "us-east,us-west,eu-central"]
    static let short = three + ["--duration", "3s", "--rate", "100"]
    static let longest = "2562047h"

    /// Runs `flags`, expecting exit 0; returns stdout.
    static func runs(_ flags: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let result = CommandLineInterface.main(flags)
        #expect(result.exitCode == 0, "\(flags): exit \(result.exitCode): \(result.standardError)", sourceLocation: sourceLocation)
        return result.standardOutput
    }

    /// The report text with wrapped lines joined, for matching sentences.
    static func unwrapped(_ text: String) -> String {
        text.replacingOccurrences(of: "\n  ", with: " ")
    }

    // MARK: Saturating arithmetic

    @Test func sumsDifferencesAndProductsSaturateInsteadOfTrapping() {
        #expect(Int64.max +| 1 == .max)
        #expect(Int64.min +| -1 == .min)
        #expect((Int64.max - 5) +| 3 == .max - 2)
        #expect(Int64.min -| 1 == .min)
        #expect(Int64.max -| -1 == .max)
        #expect(7 -| 10 == -3)
        #expect(Int64.max *| 2 == .max)
        #expect(Int64.max *| -2 == .min)
        #expect(Int64(-4) *| -3 == 12)
        // Saturating operators bind like their plain counterparts.
        #expect(1 +| 2 *| 3 == 7)
    }

    @Test func doublesBecomeNanosecondsWithoutTrapping() {
        #expect(Int64(saturating: 1e300) == .max)
        #expect(Int64(saturating: .infinity) == .max)
        #expect(Int64(saturating: -.infinity) == .min)
        #expect(Int64(saturating: .nan) == 0)
        #expect(Int64(saturating: 0x1p63) == .max)
        #expect(Int64(saturating: 2.5) == 3)
        #expect(Int64(saturating: -2.5) == -3)
        // Within Int64's range, the same as rounding then converting.
        for value in [0.49, 1.5, -7.5, 123_456_789.4999, 0x1p52 + 2, -0x1p62, 9.2e18] {
            #expect(Int64(saturating: value) == Int64(value.rounded()), "\(value)")
        }
    }

    @Test func heavyTailedDrawsStayWithinTheHorizonLimit() throws {
        var random = RandomStream(seed: 3)
        for text in [#"{"lognormal":{"median":"1ms","sigma":40}}"#, #"{"pareto":{"scale":"1ms","shape":0.001}}"#, Self.longest] {
            let distribution = try Distribution.parse(commandLineText: text)
            var capped = 0
            for _ in 0..<1000 {
                let draw = distribution.sample(using: &random)
                #expect(draw >= 0 && draw <= Nanoseconds.horizonLimit)
                if draw == Nanoseconds.horizonLimit { capped += 1 }
            }
            #expect(capped > 0, "\(text) never drew past the limit")
        }
    }

    // MARK: The run's horizon

    @Test func theHorizonIsTheDurationPlusTheLongestDrain() throws {
        let plain = try RunOptions.parse(Self.three).scenario
        // 60 s, one attempt of 2 s, and a second of margin.
        #expect(Simulation.horizon(for: plain) == 63 * .second)
        let retrying = try RunOptions.parse(Self.three + ["--retries", "2", "--retry-backoff", "100ms"]).scenario
        // Three attempts of 2 s; pauses below 100 ms and 200 ms.
        #expect(Simulation.horizon(for: retrying) == 60 * .second + 6 * .second + 300 * .millisecond + .second)
        // The CLI refuses such a drain (limit 'duration'); the library saturates and
        // bounds it by the duration limit after the end.
        var endless = plain
        endless.operationTimeout = DurationText.maximum
        endless.retries = 100
        endless.retryBackoff = DurationText.maximum
        #expect(Simulation.horizon(for: endless) == 60 * .second + 168 * .hour)
    }

    /// Service times (each kind), apply times and think times longer than the horizon are
    /// cut to it: the run finishes, and the report counts them by source.
    @Test(arguments: [
        (["--service-time", "168h"], "read service time"),
        (["--service-time", #"{"lognormal":{"median":"1ms","sigma":40}}"#], "read service time"),
        (["--service-write", #"{"pareto":{"scale":"1ms","shape":0.001}}"#], "write service time"),
        (["--service-replication", #"{"lognormal":{"median":"1ms","sigma":40}}"#], "replication service time"),
        (["--service-apply", #"{"pareto":{"scale":"1ms","shape":0.001}}"#], "apply service time"),
        (["--replication", "primary-async", "--apply-time", "2562047h"], "replica apply time"),
        (["--clients", "2", "--think-time", #"{"pareto":{"scale":"1ms","shape":0.001}}"#], "think time"),
        (["--jitter", #"{"lognormal":{"median":"1ms","sigma":40}}"#], "jitter"),
    ])
    func drawsPastTheHorizonAreCutAndReported(_ flags: [String], _ source: String) throws {
        let text = Self.unwrapped(Self.runs(Self.short + flags))
        #expect(text.contains("CAPPED DRAWS:"), "\(text)")
        #expect(text.contains(source))
        #expect(text.contains("the run's horizon (6s"), "\(text)")
        let json = try JSONParser.parse(Self.runs(Self.short + flags + ["--format", "json"]))
        let capped = try #require(json["capped_draws"])
        #expect(capped["horizon_s"] == .number(6))
        guard case .number(let count)? = capped["by_source"]?[source] else {
            Issue.record("no capped_draws.by_source.\(source) in \(capped)")
            return
        }
        #expect(count >= 1)
        // Deterministic like every report.
        #expect(Self.unwrapped(Self.runs(Self.short + flags)) == text)
    }

    @Test func aNormalRunSaysNothingAboutCapping() throws {
        #expect(!Self.runs(Self.short).contains("CAPPED"))
        let json = try JSONParser.parse(Self.runs(Self.short + ["--format", "json"]))
        #expect(json["capped_draws"] == nil)
    }

    /// An operation that can never end (a huge timeout, its region cut off) stops the run
    /// at its horizon, which the duration limit bounds; the report says so. (The CLI
    /// refuses such a timeout up front; the simulation must still end.)
    @Test func aRunThatCannotDrainStopsAtItsHorizon() throws {
        var scenario = try RunOptions.parse(Self.short + ["--isolate", "us-east@0s.."]).scenario
        scenario.operationTimeout = DurationText.maximum
        scenario.limits.duration = 20 * .second
        let outcome = Simulation.run(scenario)
        let limit = try #require(outcome.limitReached)
        #expect(limit.name == "duration")
        #expect(limit.at == 23 * .second)
        #expect(limit.detail.contains("still under way at the run's horizon"))
        #expect(outcome.endTime <= 23 * .second)
    }

    /// Every user duration may be as long as 2562047 h; added to the clock it saturates.
    @Test(arguments: [
        ["--heartbeat", longest, "--clock-skew", "us-west=+1ms,drift=-0.4"],
        ["--election-timeout", longest, "--heartbeat", longest],
        ["--locality", "global", "--max-clock-offset", longest],
        ["--read-mode", "exact", "--staleness", longest, "--clock-skew", "us-west=-\(longest)"],
        ["--read-mode", "bounded", "--max-staleness", longest, "--clock-skew", "us-east=-\(longest)"],
        ["--locality", "global", "--clock-skew", "us-west=+\(longest)"],
        ["--cache-ttl", longest, "--cache-rtt", longest, "--cache-swr", longest, "--cache-fill", "xfetch"],
        ["--cache-ttl", "1s", "--cache-invalidation-lag", longest, "--cache-fill", "singleflight"],
        ["--pool-size", "1", "--pool-timeout", longest],
        ["--replication", "leaderless", "--anti-entropy", longest, "--read-repair"],
        ["--replication", "primary-async", "--promotion-delay", longest, "--crash", "us-east@1s"],
        ["--read-mode", "exact", "--closed-ts-interval", longest, "--closed-ts-target", longest],
        ["--rate", "1e-9"],
        ["--cross-zone-rtt", longest, "--replicas-per-region", "3"],
    ])
    func longestDurationsRunToTheEnd(_ flags: [String]) {
        // A flag may be given once: a case that sets the rate replaces the default one.
        let base = flags.contains("--rate") ? Self.three + ["--duration", "3s"] : Self.short
        _ = Self.runs(base + flags)
    }

    // MARK: Slowdowns

    @Test func slowdownsPastTheLimitAreRefusedAtParseTime() throws {
        let flag = CommandLineInterface.main(Self.short + ["--slow", "us-east-us-west x1e12@0s.."])
        #expect(flag.exitCode == 64)
        #expect(flag.standardError.contains("--slow 'us-east-us-west x1e12@0s..'"))
        #expect(flag.standardError.contains("at most x1000000"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-overflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("faults.json").path
        let slow = #"{"faults": [{"kind": "slow", "between": [["us-east"], ["us-west"]], "multiplier": MULTIPLIER, "start": "0s"}]}"#
        try slow.replacingOccurrences(of: "MULTIPLIER", with: "1e300").write(toFile: path, atomically: true, encoding: .utf8)
        let file = CommandLineInterface.main(Self.short + ["--faults", path])
        #expect(file.exitCode == 65)
        #expect(file.standardError.contains("\(path): $.faults[0].multiplier: must be at most 1000000"), "\(file.standardError)")
        try slow.replacingOccurrences(of: "MULTIPLIER", with: "1000000").write(toFile: path, atomically: true, encoding: .utf8)
        _ = Self.runs(Self.short + ["--faults", path])
    }

    /// Overlapping slowdowns multiply and added delays add: at the limit, stacked, the
    /// delay saturates instead of trapping.
    @Test func stackedSlowdownsAtTheLimitSaturate() {
        var flags = Self.short
        for start in ["0s", "100ms", "200ms"] {
            flags += ["--slow", "us-east-us-west x1000000+\(Self.longest)@\(start)..", "--slow", "us-west-us-east x1000000@\(start).."]
        }
        _ = Self.runs(flags)
    }

    // MARK: Chaos

    @Test func chaosSlowdownsDoNotStack() throws {
        let scenario = try RunOptions.parse(Self.three + ["--chaos", "--chaos-rate", "200", "--chaos-kinds", "slow"]).scenario
        var slow: [(link: Set<Int>, start: Nanoseconds, end: Nanoseconds)] = []
        for fault in scenario.faults {
            guard case .slow(let a, let b, _, _) = fault.kind, case .region(let x) = a[0], case .region(let y) = b[0] else {
                Issue.record("not a slow link between regions: \(fault)")
                continue
            }
            slow.append((Set([x, y]), fault.start, try #require(fault.end)))
        }
        #expect(slow.count > 10)
        for (index, fault) in slow.enumerated() {
            for other in slow[..<index] where other.link == fault.link {
                #expect(other.end <= fault.start || fault.end <= other.start, "overlapping chaos slowdowns of one link")
            }
        }
        _ = Self.runs(Self.short + ["--chaos", "--chaos-rate", "200", "--chaos-kinds", "slow"])
    }

    /// Arrivals too dense for the clock to advance (a rate of 1e18 per minute over a short
    /// run) end at `maximumFaults` draws instead of looping for ever.
    @Test func chaosArrivalsAreBoundedEvenWhenSlowdownsAreSkipped() throws {
        let topology = try #require(FuzzTarget.faultTopology)
        let settings = ChaosSettings(faultsPerMinute: 1e18, meanDuration: 10 * .second, kinds: [.init(.slow, weight: 1)])
        let faults = ChaosGenerator.faults(settings: settings, topology: topology, duration: .second, seed: 1)
        #expect(!faults.isEmpty)
        #expect(faults.count < ChaosGenerator.maximumFaults)
    }

    /// `check`'s checkers add user bounds to recorded times; its liveness phase is
    /// simulated time, refused past the duration limit like `--duration`.
    @Test func checkBoundsSaturateOrAreRefused() {
        let check = ["check"] + Self.three + ["--seeds", "1", "--duration", "2s"]
        let stale = CommandLineInterface.main(check + ["--read-mode", "exact", "--staleness", Self.longest, "--max-clock-offset", Self.longest])
        #expect(stale.exitCode == 0, "\(stale.standardOutput)\(stale.standardError)")
        let endless = CommandLineInterface.main(check + ["--liveness-bound", Self.longest])
        #expect(endless.exitCode == 64)
        #expect(endless.standardError.contains("liveness bound (2562047h)"), "\(endless.standardError)")
        #expect(endless.standardError.contains("limit 'duration'"))
    }

    /// Found by `sim-command-line`: an empty `--scenario` path gave an input error that
    /// named no file.
    @Test func anEmptyScenarioPathIsNamed() {
        let verdict = FuzzTarget.simCommandLine.run(Array("--scenario\n\n--topology\nus-east\n".utf8))
        #expect(verdict == .rejected("no such file (the path is empty)"), "\(verdict)")
        let result = CommandLineInterface.main(["--topology", "us-east", "--scenario", ""])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("'': no such file (the path is empty)"), "\(result.standardError)")
    }

    @Test func checkSurvivesStackedChaosSlowdowns() {
        let result = CommandLineInterface.main(["check"] + Self.three + ["--seeds", "1", "--chaos-rate", "200", "--chaos-kinds", "slow"])
        #expect(result.exitCode == 0, "\(result.standardOutput)\(result.standardError)")
    }
}
