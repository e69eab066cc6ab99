import Foundation

/// `geosim bench`: fixed scenarios timed on the wall clock, reporting events per second,
/// simulated operations per second and simulated seconds per wall second. Speed targets
/// are checked here, with a release build, never in timed tests.
public enum Benchmark {
    static let specs = [OptionSpec("--quick", nil, "shorter runs (less stable figures)")]

    /// One benchmark scenario and what it measures.
    struct Case {
        var name: String
        var scenario: Scenario
    }

    /// The fixed scenarios. `quick` shortens them about tenfold.
    static func cases(quick: Bool) throws(CommandFailure) -> [Case] {
        let scale: Int64 = quick ? 10 : 1
        func threeRegions() throws(CommandFailure) -> Scenario {
            do {
                return Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
            } catch { throw .usage(error) }
        }
        // Engine throughput: far past what one leader with the default service time can
        // take, so service time is off here; otherwise the leader saturates and the run
        // measures a growing backlog instead of the engine.
        var writeHeavy = try threeRegions()
        writeHeavy.rate = 200_000
        writeHeavy.writeFraction = 1
        writeHeavy.serviceTime = .constant(0)
        writeHeavy.duration = 10 * .second / scale

        let defaultRun = try threeRegions()

        // The model of shared/bench/simpy_quorum.py: one-way 32/45/75 ms between the
        // regions, 0.5 ms to the local replica, lognormal jitter with median 5% of the
        // base, 1000 writes/s, no service time, no heartbeats.
        var simpy = try threeRegions()
        simpy.topology.roundTrips = [0, 64, 90, 64, 0, 150, 90, 150, 0].map { $0 * .millisecond }
        simpy.topology.sameZoneRoundTrip = 1 * .millisecond
        simpy.writeFraction = 1
        simpy.serviceTime = .constant(0)
        simpy.heartbeatInterval = 1 * .hour
        simpy.duration = 600 * .second / scale

        // Many ranges: 9 nodes (3 per region), zone survival, the same load on 1 range and
        // on 1000 ranges. Idle ranges should cost little: heartbeats travel coalesced.
        func nineNodes(ranges: Int) throws(CommandFailure) -> Scenario {
            var scenario: Scenario
            do {
                scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central", replicasPerRegion: 3))
            } catch { throw .usage(error) }
            scenario.rangeCount = ranges
            scenario.duration = 60 * .second / scale
            return scenario
        }
        let oneRange = try nineNodes(ranges: 1)
        let manyRanges = try nineNodes(ranges: 1000)

        var long = try threeRegions()
        long.duration = 1 * .hour / scale

        // The long run goes first so the process's peak memory right after it is its own.
        return [
            Case(name: "default load, \(DurationText.format(long.duration))", scenario: long),
            Case(name: "default run (1000 ops/s, 60s)", scenario: defaultRun),
            Case(name: "write-only, 200k writes/s, no service, \(DurationText.format(writeHeavy.duration))", scenario: writeHeavy),
            Case(name: "SimPy model, 1000 writes/s, \(DurationText.format(simpy.duration))", scenario: simpy),
            Case(name: "9 nodes, 1 range, \(DurationText.format(oneRange.duration))", scenario: oneRange),
            Case(name: "9 nodes, 1000 ranges, \(DurationText.format(manyRanges.duration))", scenario: manyRanges),
        ]
    }

    /// Runs every case and returns the table.
    public static func run(quick: Bool) throws(CommandFailure) -> String {
        var lines = [
            "geosim bench \(CommandLineInterface.version)\(isDebugBuild ? " (DEBUG BUILD: figures 10-50x too low; use swift run -c release)" : "")",
            ReportText.pad("scenario", 44, left: true) + ReportText.pad("wall s", 8) + ReportText.pad("events/s", 11) + ReportText.pad("ops/s", 10) + ReportText.pad("sim/wall", 10),
        ]
        let clock = ContinuousClock()
        var peakAfterFirst: Double?
        for benchCase in try cases(quick: quick) {
            let started = clock.now
            let outcome = Simulation.run(benchCase.scenario)
            let elapsed = clock.now - started
            let wall = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 1e-9)
            let operations = outcome.writesByRegion.reduce(0) { $0 + $1.count } + outcome.readsByRegion.reduce(0) { $0 + $1.count }
            lines.append(ReportText.pad(benchCase.name, 44, left: true)
                         + ReportText.pad(ReportText.fixed(wall, decimals: 3), 8)
                         + ReportText.pad(String(Int64(Double(outcome.events) / wall)), 11)
                         + ReportText.pad(String(Int64(Double(operations) / wall)), 10)
                         + ReportText.pad(ReportText.fixed(benchCase.scenario.duration.seconds / wall, decimals: 0) + "x", 10))
            if peakAfterFirst == nil { peakAfterFirst = peakResidentMegabytes() ?? -1 }
        }
        lines.append(LinearizabilityChecker.benchmark())
        if let first = peakAfterFirst, first >= 0, let peak = peakResidentMegabytes() {
            lines.append("peak resident memory: \(ReportText.fixed(first, decimals: 1)) MB after the first (long) run, "
                         + "\(ReportText.fixed(peak, decimals: 1)) MB after all")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static var isDebugBuild: Bool {
        #if DEBUG
        return true
        #else
        return false
        #endif
    }

    /// VmHWM from /proc/self/status, in MB; nil where /proc is missing.
    static func peakResidentMegabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Double($0) }
            if let kilobytes = digits.first { return kilobytes / 1024 }
        }
        return nil
    }
}
