import Foundation
import Testing

@testable import GeoSim

/// `--rtt-matrix` with percentile columns and `--jitter measured`: each of one's own links
/// gets a jitter fitted at run time to its percentiles, and round trips drawn as the
/// simulator draws them come back with those percentiles.
@Suite struct LinkPercentilesTests {
    static let three = "us-east,us-west,eu-central"

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-pct-\(getpid())-\(text.hashValue).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Round trips drawn as the simulator draws them (the median, plus one jitter draw
    /// each way) have the percentiles the fit was given: p75 … p99 within 3%, p99.9
    /// within 6% (a million draws estimate it to about ±4%). The first link is EC2's
    /// us-east-1–us-west-2 of 2013; the runtime fit agrees with the offline one's error.
    @Test(arguments: [
        [1.003708, 1.123609, 1.297899, 2.781211],
        [1.01, 1.05, 1.2, 1.9],
    ])
    func fittedLinksReproduceTheirPercentiles(ratios: [Double]) {
        let levels = [0.75, 0.95, 0.99, 0.999]
        let fit = JitterFit.fit(levels: levels, ratios: ratios)
        #expect(fit.error < 0.02, "fit error \(fit.error)")
        let median = 100.0 * 1e6
        let jitter = Distribution.empirical(
            knots: zip(fit.probabilities, fit.values).map { .init(probability: $0, value: $1 * median) })
        var random = RandomStream(seed: 11, component: "test")
        var trips = (0..<1_000_000).map { _ in median + Double(jitter.sample(using: &random) + jitter.sample(using: &random)) }
        trips.sort()
        for (level, ratio) in zip(levels, ratios) {
            let simulated = trips[Int(level * Double(trips.count - 1))]
            let tolerance = level < 0.999 ? 0.03 : 0.06
            #expect(abs(simulated - ratio * median) / (ratio * median) < tolerance, "p\(level * 100): \(simulated / median) vs \(ratio)")
        }
    }

    /// The long form's p50 sets the round trip (the same latencies as a matrix of those
    /// figures); with `--jitter measured` every listed link gets its own jitter, and the
    /// report says so.
    @Test func theLongFormSetsRoundTripsAndTails() throws {
        let path = try write(
            "from,to,p50,p95,p99,p99.9\nus-east,us-west,60,63,70,120\nus-east,eu-central,90,93,99,150\nus-west,eu-central,140,145,150,190\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var settings = ScenarioSettings()
        for (flag, value) in [("--topology", Self.three), ("--rtt-matrix", path), ("--jitter", "measured")] {
            try settings.apply(flag: flag, value: value)
        }
        let scenario = try settings.makeScenario()
        #expect(scenario.topology.roundTrip(fromRegion: 0, toRegion: 1) == 60 * .millisecond)
        #expect(scenario.topology.roundTrip(fromRegion: 2, toRegion: 1) == 140 * .millisecond)
        #expect(scenario.topology.linkJitter[1] != nil && scenario.topology.linkJitter[5] != nil)
        #expect(scenario.jitterDescription == "measured on 3 of 3 links (3 from your percentiles), default elsewhere")
        let result = CommandLineInterface.main(["--topology", Self.three, "--rtt-matrix", path, "--duration", "2s", "--jitter", "none"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        // A write from us-west: 60 ms to the leader, 60 ms for its quorum (with us-west),
        // plus service times; from eu-central 90 + 60.
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("us-west ") && $0.contains(" 120.6 ") }, "\(result.standardOutput)")
        #expect(lines.contains { $0.hasPrefix("eu-central ") && $0.contains(" 150.6 ") }, "\(result.standardOutput)")
    }

    /// Bad percentile files are refused with the line, the column and what was expected.
    @Test(arguments: [
        ("from,to,p90\nus-east,us-west,60\n", "p50 is the round trip"),
        ("from,to,p50,p99,p90\nus-east,us-west,60,70,65\n", "must ascend"),
        ("from,to,p50,p99\nus-east,us-west,60,50\n", "percentiles cannot decrease"),
        ("from,to,p50,q99\nus-east,us-west,60,50\n", "not a percentile column"),
        ("from,to,p50\nus-east,us-east,60\n", "to itself"),
        ("from,to,p50\nus-east,us-west,60\nus-east,us-west,61\n", "a second row"),
        ("from,to,p50,p99\nus-east,us-west,,70\n", "p50 is empty"),
        ("from,to,p50\nus-east,us-west,-3\n", "number of milliseconds from 0.000001"),
        ("from,to,p50\nus-east,us-west,1e-300\n", "number of milliseconds from 0.000001"),
        ("from,to," + (0..<13).map { "p\(50 + 3 * $0)" }.joined(separator: ",") + "\nus-east,us-west,60\n", "at most 12"),
    ])
    func badFilesAreNamedWithWhere(text: String, expected: String) throws {
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = CommandLineInterface.main(["--topology", "us-east,us-west", "--rtt-matrix", path, "--duration", "1s"])
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains(expected) && result.standardError.contains(path), "\(result.standardError)")
    }

    /// A bimodal link (its p75 far above its median, then flat) has no jitter of two
    /// independent draws that fits it: it keeps the default, and the report says so.
    @Test func aLinkThatCannotBeFitKeepsTheDefault() throws {
        let fit = JitterFit.fit(levels: [0.75, 0.95, 0.99], ratios: [1.39, 1.40, 1.42])
        #expect(fit.error > MeasuredLinkJitter.maximumFitError)
        let path = try write("from,to,p50,p75,p95,p99\nus-east,us-west,60,83.4,84,85.2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var settings = ScenarioSettings()
        for (flag, value) in [("--topology", "us-east,us-west"), ("--rtt-matrix", path), ("--jitter", "measured")] {
            try settings.apply(flag: flag, value: value)
        }
        let scenario = try settings.makeScenario()
        #expect(scenario.jitterDescription?.contains("1 of your links fit no jitter within 5%") == true, "\(scenario.jitterDescription ?? "")")
    }
}
