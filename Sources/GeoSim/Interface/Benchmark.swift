import Foundation

/// `geosim bench`: a suite of fixed scenarios with fixed seeds, timed on the wall clock.
/// Each prints wall time, events/s, simulated operations/s, events per operation,
/// simulated seconds per wall second and the peak resident memory of that case; `--json`
/// prints the same as `geosim.bench/1` for comparison across commits. Speed targets are
/// checked here, with a release build, never in timed tests.
public enum Benchmark {
    static let specs = [
        OptionSpec("--quick", nil, "shorter runs, about a tenth (less stable figures)"),
        OptionSpec("--json", nil, "print the figures as JSON (geosim.bench/1) instead of a table"),
        OptionSpec("--only", "TEXT", "run only the cases whose name contains TEXT"),
        OptionSpec("--case", "N", "run case N alone and print its measurement as one JSON line (what the suite runs in each child process)"),
    ]

    /// One benchmark case: what runs, and how it is named in the output.
    struct Case {
        enum Work {
            case run(Scenario)
            case sweep(SweepRunner, jobs: Int)
            case check(ScenarioSettings, seeds: [UInt64], options: CheckSwarm.Options)
        }
        var name: String
        var work: Work
    }

    /// What one case measured.
    struct Measurement {
        var name: String
        var wallSeconds: Double
        var events: UInt64
        var operations: Int
        var simulatedSeconds: Double
        /// Peak resident memory during the case (MB); nil where /proc is missing.
        var peakMegabytes: Double?
        var jobs: Int
    }

    /// The fixed scenarios. `quick` shortens them about tenfold.
    static func cases(quick: Bool) throws(CommandFailure) -> [Case] {
        let cores = RunFlagSettings.defaultJobs
        let sweep = try sweepRunner(quick: quick)
        let check = try checkSwarm(quick: quick, jobs: cores)
        return try runCases(quick: quick) + [
            Case(name: "sweep, 64 points, 1 thread", work: .sweep(sweep, jobs: 1)),
            Case(name: "sweep, 64 points, \(cores) threads", work: .sweep(sweep, jobs: cores)),
            Case(
                name: "check, \(check.seeds.count) seeds x 30s, \(cores) threads",
                work: .check(check.base, seeds: check.seeds, options: check.options)),
        ]
    }

    /// A topology of the built-in catalog for a case.
    private static func topology(_ regions: String, replicas: Int = 1) throws(CommandFailure) -> Topology {
        do { return try Topology.fromRegionList(regions, replicasPerRegion: replicas) } catch { throw .usage(error) }
    }

    /// The single-run cases: engine throughput, the SimPy model, many ranges, a large
    /// cluster, a simulated day.
    private static func runCases(quick: Bool) throws(CommandFailure) -> [Case] {
        let scale: Int64 = quick ? 10 : 1
        let three = "us-east,us-west,eu-central"
        let defaultRun = Scenario(topology: try topology(three))

        // Engine throughput: far past what one leader with the default service time can
        // take, so service time is off here; otherwise the leader saturates and the run
        // measures a growing backlog instead of the engine.
        var writeOnly = Scenario(topology: try topology(three))
        writeOnly.rate = 200_000
        writeOnly.writeFraction = 1
        writeOnly.serviceTime = .constant(0)
        writeOnly.duration = 10 * .second / scale

        // The model of shared/bench/simpy_quorum.py: one-way 32/45/75 ms between the
        // regions, 0.5 ms to the local replica, lognormal jitter with median 5% of the
        // base, 1000 writes/s, no service time, no heartbeats.
        var simpy = Scenario(topology: try topology(three))
        simpy.topology.roundTrips = [0, 64, 90, 64, 0, 150, 90, 150, 0].map { $0 * .millisecond }
        simpy.topology.sameZoneRoundTrip = 1 * .millisecond
        simpy.writeFraction = 1
        simpy.serviceTime = .constant(0)
        simpy.heartbeatInterval = 1 * .hour
        simpy.duration = 600 * .second / scale

        // Many ranges: 9 nodes (3 per region), zone survival, the same load on 1 range and
        // on 1000 ranges. Idle ranges should cost little: heartbeats travel coalesced.
        var oneRange = Scenario(topology: try topology(three, replicas: 3))
        oneRange.rangeCount = 1
        oneRange.duration = 60 * .second / scale
        var manyRanges = oneRange
        manyRanges.rangeCount = 1000

        // A large cluster: nine regions of three zones (27 nodes), 1000 ranges, 20k ops/s.
        var large = Scenario(topology: try topology("us-east,us-west,eu-central,eu-west,ap-south,ap-northeast,sa-east,ca-central,ap-southeast", replicas: 3))
        large.rangeCount = 1000
        large.rate = 20_000
        large.duration = 60 * .second / scale

        var day = Scenario(topology: try topology(three))
        day.duration = 24 * .hour / scale

        // Transactions: read-modify-write of two keys, 10,000 a second, uniform over a
        // million keys (little contention: the engine's cost, not the queues').
        var transactional = Scenario(topology: try topology(three))
        transactional.transaction = TransactionSettings()
        transactional.rate = 10_000
        transactional.keyCount = 1_000_000
        transactional.keyPopularity = .uniform
        transactional.duration = 60 * .second / scale

        return [
            Case(name: "three regions, default (1000 ops/s, \(DurationText.format(defaultRun.duration)))", work: .run(defaultRun)),
            Case(name: "three regions, write-only, 200k/s, \(DurationText.format(writeOnly.duration))", work: .run(writeOnly)),
            Case(name: "SimPy model, 1000 writes/s, \(DurationText.format(simpy.duration))", work: .run(simpy)),
            Case(name: "9 nodes, 1 range, \(DurationText.format(oneRange.duration))", work: .run(oneRange)),
            Case(name: "9 nodes, 1000 ranges, \(DurationText.format(manyRanges.duration))", work: .run(manyRanges)),
            Case(name: "9 regions x 3 zones, 1000 ranges, 20k/s, \(DurationText.format(large.duration))", work: .run(large)),
            Case(name: "three regions, 1000 ops/s, \(DurationText.format(day.duration))", work: .run(day)),
            Case(name: "transactions rmw:2, 10k/s, \(DurationText.format(transactional.duration))", work: .run(transactional)),
        ]
    }

    /// A 64-point sweep (8 rates × 8 leader and read-mode settings), 10 s runs, run on one
    /// thread and on every core: the speed-up is the parallel efficiency.
    private static func sweepRunner(quick: Bool) throws(CommandFailure) -> SweepRunner {
        var sweepBase = ScenarioSettings()
        do throws(UsageError) {
            try sweepBase.apply(flag: "--topology", value: "us-east,us-west,eu-central")
            try sweepBase.apply(flag: "--duration", value: quick ? "2s" : "10s")
        } catch { throw .usage(error) }
        let grid = SweepGrid(
            axes: [
                SweepAxis(name: "rate", values: ["250", "500", "1000", "2000", "4000", "8000", "12000", "16000"]),
                SweepAxis(name: "leader", values: ["us-east", "us-west", "eu-central", "us-east"]),
                SweepAxis(name: "read-mode", values: ["strong", "bounded"]),
            ], replicates: 1)
        return SweepRunner(base: sweepBase, grid: grid)
    }

    /// The check swarm of issue 8's target: 200 seeds of 30 s (20 with --quick).
    private static func checkSwarm(
        quick: Bool, jobs: Int
    ) throws(CommandFailure) -> (base: ScenarioSettings, seeds: [UInt64], options: CheckSwarm.Options) {
        var checkBase = ScenarioSettings()
        do throws(UsageError) {
            try checkBase.apply(flag: "--topology", value: "us-east,us-west,eu-central")
            try checkBase.apply(flag: "--duration", value: "30s")
        } catch { throw .usage(error) }
        var checkOptions = CheckSwarm.Options()
        checkOptions.jobs = jobs
        return (checkBase, Array(UInt64(1)...(quick ? 20 : 200)), checkOptions)
    }

    /// Runs the cases whose names contain `only` (all when nil) and returns the table, or
    /// the JSON document with `json`.
    /// Each case runs in a child process when `io` can start one (so its peak memory is
    /// its own), else in this process.
    public static func run(quick: Bool, json: Bool = false, only: String? = nil, io: CommandIO = .silent) throws(CommandFailure) -> String {
        var measurements: [Measurement] = []
        for (index, benchCase) in try cases(quick: quick).enumerated() where only.map({ benchCase.name.contains($0) }) ?? true {
            if let runChild = io.runChild {
                measurements.append(try measureInChild(runChild, name: benchCase.name, index: index, quick: quick))
            } else {
                measurements.append(try measure(benchCase, io: io))
            }
        }
        var checkerLines: [String] = []
        if only.map({ "linearizability".contains($0) }) ?? true { checkerLines.append(LinearizabilityChecker.benchmark()) }
        if only.map({ "check-history".contains($0) }) ?? true { checkerLines.append(RandomCASHistory.benchmark()) }
        let linearizability = checkerLines.isEmpty ? nil : checkerLines.joined(separator: "\n")
        return json ? jsonText(measurements, linearizability: linearizability, quick: quick) : table(measurements, linearizability: linearizability)
    }

    /// Case `index` alone, as one JSON line: what a child process prints.
    public static func runCase(_ index: Int, quick: Bool, io: CommandIO = .silent) throws(CommandFailure) -> String {
        let all = try cases(quick: quick)
        guard all.indices.contains(index) else {
            throw .usage(UsageError("There is no bench case \(index); cases are 0 to \(all.count - 1)."))
        }
        let m = try measure(all[index], io: io)
        return JSONWriter.string(
            .object([
                ("events", .number(Double(m.events))), ("operations", .number(Double(m.operations))),
                ("peak_rss_mb", m.peakMegabytes.map { .number($0) } ?? .null), ("simulated_s", .number(m.simulatedSeconds)),
                ("threads", .number(Double(m.jobs))), ("wall_s", .number(m.wallSeconds)),
            ])) + "\n"
    }

    /// Runs case `index` (named `name`) in a child process and reads its measurement.
    static func measureInChild(
        _ runChild: @Sendable ([String]) -> Result<CommandIO.ChildOutput, CommandIO.LaunchError>, name: String, index: Int, quick: Bool
    ) throws(CommandFailure) -> Measurement {
        let child: CommandIO.ChildOutput
        switch runChild(["bench", "--case", String(index)] + (quick ? ["--quick"] : [])) {
        case .success(let output): child = output
        case .failure(let error): throw .internalError("cannot start \(error.program) for bench case \(index): \(error.reason)")
        }
        guard child.status == 0, let text = String(bytes: child.standardOutput, encoding: .utf8),
            let root = try? JSONParser.parse(text)
        else {
            throw .internalError("bench case \(index) (\(name)) failed in its child process (status \(child.status))")
        }
        func number(_ key: String) -> Double {
            if case .number(let value)? = root[key] { return value }
            return 0
        }
        var peak: Double?
        if case .number(let value)? = root["peak_rss_mb"] { peak = value }
        return Measurement(
            name: name, wallSeconds: max(number("wall_s"), 1e-9), events: UInt64(number("events")),
            operations: Int(number("operations")), simulatedSeconds: number("simulated_s"),
            peakMegabytes: peak, jobs: Int(number("threads")))
    }

    /// Times one case, with the process's peak-memory mark reset first.
    static func measure(_ benchCase: Case, io: CommandIO) throws(CommandFailure) -> Measurement {
        io.resetPeakMemory()
        let clock = ContinuousClock()
        let started = clock.now
        var events: UInt64 = 0
        var operations = 0
        var simulated = 0.0
        var jobs = 1
        switch benchCase.work {
        case .run(let scenario):
            let outcome = Simulation.run(scenario)
            events = outcome.events
            operations = outcome.operationCount
            simulated = scenario.duration.seconds
        case .sweep(let runner, let threads):
            jobs = threads
            let rows: [SweepRow]
            do { rows = try runner.run(rows: Array(0..<runner.grid.rowCount), jobs: threads) } catch { throw CommandFailure(error) }
            events = rows.reduce(0) { $0 + $1.events }
            operations = rows.reduce(0) { $0 + $1.operations }
            simulated = Double(rows.count) * (runner.base.duration.seconds)
        case .check(let base, let seeds, let options):
            jobs = options.jobs
            let summary: CheckSwarm.Summary
            do { summary = try CheckSwarm.run(base: base, seeds: seeds, options: options) } catch { throw CommandFailure(error) }
            events = summary.results.reduce(0) { $0 + $1.events }
            operations = summary.results.reduce(0) { $0 + $1.operations }
            simulated = Double(seeds.count) * (base.duration + options.livenessBound + Scenario.Defaults.operationTimeout).seconds
        }
        let elapsed = clock.now - started
        let wall = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 1e-9)
        return Measurement(
            name: benchCase.name, wallSeconds: wall, events: events, operations: operations,
            simulatedSeconds: simulated, peakMegabytes: peakResidentMegabytes(), jobs: jobs)
    }

    /// The measurements as a table, with the sweep's parallel speed-up.
    static func table(_ measurements: [Measurement], linearizability: String?) -> String {
        var lines = [
            "geosim bench \(CommandLineInterface.version)\(isDebugBuild ? " (DEBUG BUILD: figures 10-50x too low; use swift run -c release)" : "")",
            ReportText.pad("case", 46, left: true) + ReportText.pad("wall s", 8) + ReportText.pad("events/s", 10)
                + ReportText.pad("ops/s", 9) + ReportText.pad("ev/op", 6) + ReportText.pad("sim/wall", 9) + ReportText.pad("peak MB", 8),
        ]
        for m in measurements {
            lines.append(
                ReportText.pad(m.name, 46, left: true)
                    + ReportText.pad(ReportText.fixed(m.wallSeconds, decimals: 3), 8)
                    + ReportText.pad(String(Int64(Double(m.events) / m.wallSeconds)), 10)
                    + ReportText.pad(String(Int64(Double(m.operations) / m.wallSeconds)), 9)
                    + ReportText.pad(m.operations > 0 ? ReportText.fixed(Double(m.events) / Double(m.operations), decimals: 1) : "-", 6)
                    + ReportText.pad(ReportText.fixed(m.simulatedSeconds / m.wallSeconds, decimals: 0) + "x", 9)
                    + ReportText.pad(m.peakMegabytes.map { ReportText.fixed($0, decimals: 1) } ?? "-", 8))
        }
        if let speedup = sweepSpeedup(measurements) {
            lines.append("sweep speed-up on \(speedup.jobs) threads: \(ReportText.fixed(speedup.factor, decimals: 2))x")
        }
        if let linearizability { lines.append(linearizability) }
        lines.append("ev/op: events per simulated client operation; peak MB: the process's peak resident memory during the case")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `geosim.bench/1`.
    static func jsonText(_ measurements: [Measurement], linearizability: String?, quick: Bool) -> String {
        let cases = measurements.map { m -> JSONValue in
            .object([
                ("name", .string(m.name)),
                ("wall_s", .rounded(m.wallSeconds, decimals: 6)),
                ("events", .number(Double(m.events))),
                ("events_per_s", .number((Double(m.events) / m.wallSeconds).rounded())),
                ("operations", .number(Double(m.operations))),
                ("ops_per_s", .number((Double(m.operations) / m.wallSeconds).rounded())),
                ("events_per_op", m.operations > 0 ? .rounded(Double(m.events) / Double(m.operations), decimals: 3) : .null),
                ("simulated_s", .rounded(m.simulatedSeconds, decimals: 3)),
                ("sim_per_wall", .rounded(m.simulatedSeconds / m.wallSeconds, decimals: 1)),
                ("peak_rss_mb", m.peakMegabytes.map { .rounded($0, decimals: 1) } ?? .null),
                ("threads", .number(Double(m.jobs))),
            ])
        }
        var members: [(key: String, value: JSONValue)] = [
            ("schema", .string("geosim.bench/1")),
            ("version", .string(CommandLineInterface.version)),
            ("build", .string(isDebugBuild ? "debug" : "release")),
            ("quick", .bool(quick)),
            ("cases", .array(cases)),
        ]
        if let speedup = sweepSpeedup(measurements) { members.append(("sweep_speedup", .rounded(speedup.factor, decimals: 3))) }
        if let linearizability { members.append(("linearizability", .string(linearizability))) }
        return JSONWriter.string(.object(members)) + "\n"
    }

    /// The one-thread sweep's wall time over the many-thread sweep's.
    static func sweepSpeedup(_ measurements: [Measurement]) -> (factor: Double, jobs: Int)? {
        let sweeps = measurements.filter { $0.name.hasPrefix("sweep") }
        guard let serial = sweeps.first(where: { $0.jobs == 1 }), let parallel = sweeps.first(where: { $0.jobs > 1 }) else { return nil }
        return (serial.wallSeconds / parallel.wallSeconds, parallel.jobs)
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
