/// Fuzz targets that run what they parse: a short, bounded simulation of the scenario,
/// faults or distribution an input describes, then its report in every format. Parsing
/// alone misses the bugs that only show when a value is used: time arithmetic that
/// overflows on a heavy-tailed draw or a huge duration, a `Double` → `Int64` conversion
/// of a slowdown, a report that cannot format what the run produced.
///
/// | target | input | runs |
/// | --- | --- | --- |
/// | `sim-distribution` | `--service-time` text | it as every service time, the jitter, the fsync, apply and think times, leaderless legs, and in a transactional run |
/// | `sim-fault-flag` | `--FLAG TEXT` | that fault on `faultTopology` |
/// | `sim-fault-file` | a fault file | its faults on `faultTopology` |
/// | `sim-scenario` | a scenario file | the scenario |
/// | `sim-command-line` | `geosim run` words, one per line | the scenario the options make |
///
/// Every simulation is bounded (`FuzzSimulation.bounded`), so one input runs in
/// milliseconds and cannot hang: at most 1 s of simulated issue time at 100 operations per
/// second (or 4 closed-loop users per region), timers at least 10 ms apart, the drain after
/// the end cut at 3 s (limit `duration`, which bounds the run's horizon), small runtime
/// limits, at most 12 nodes and 64 faults. Everything else, durations above all, stays as
/// the input gave it, however large.
public enum FuzzSimulation {
    /// The most nodes a simulated input may have (larger topologies are only parsed).
    public static let maximumNodes = 12
    /// The most faults kept (in start order) of a simulated input.
    public static let maximumFaults = 64

    /// `scenario` cut down to a run of milliseconds of wall time (see the type's
    /// documentation), or nil when its topology is too large to simulate in a fuzz loop.
    public static func bounded(_ scenario: Scenario) -> Scenario? {
        guard scenario.topology.nodes.count <= maximumNodes else { return nil }
        var bounded = scenario
        bounded.duration = min(max(scenario.duration, 1), 1 * .second)
        bounded.rate = min(scenario.rate, 100)
        bounded.closedLoopClients = scenario.closedLoopClients.map { min($0, 4) }
        bounded.heartbeatInterval = max(scenario.heartbeatInterval, 10 * .millisecond)
        bounded.closedTimestampInterval = max(scenario.closedTimestampInterval, 10 * .millisecond)
        bounded.replication.antiEntropyPeriod = scenario.replication.antiEntropyPeriod.map { max($0, 10 * .millisecond) }
        bounded.cores = min(scenario.cores, 8)
        bounded.rangeCount = scenario.rangeCount.map { min($0, 16) }
        bounded.cache?.capacity = min(scenario.cache?.capacity ?? 1, 10_000)
        bounded.cache?.requestLookups = min(scenario.cache?.requestLookups ?? 1, 10)
        bounded.pools.poolSize = scenario.pools.poolSize.map { min($0, 1000) }
        if case .nPlusOne(let steps) = scenario.requestShape { bounded.requestShape = .nPlusOne(min(steps, 10)) }
        if case .fanOut(let width) = scenario.requestShape { bounded.requestShape = .fanOut(min(width, 10)) }
        // The drain after the end (and so the horizon) is at most the duration limit.
        bounded.limits.duration = 3 * .second
        bounded.limits.eventsInFlight = min(scenario.limits.eventsInFlight, 100_000)
        bounded.limits.operationsInFlight = min(scenario.limits.operationsInFlight, 10_000)
        bounded.limits.historyOperations = min(scenario.limits.historyOperations, 10_000)
        let horizon = Simulation.horizon(for: bounded)
        bounded.faults = Array(scenario.faults.filter { $0.start <= horizon }.prefix(maximumFaults))
        if let promoteAt = scenario.promoteAt, promoteAt > horizon { bounded.promoteAt = nil }
        return bounded
    }

    /// Simulates `scenario` (bounded), checks the outcome, and renders its report as text,
    /// JSON and CSV.
    public static func run(_ scenario: Scenario, context: String) -> FuzzVerdict {
        guard let bounded = bounded(scenario) else { return .accepted }
        let outcome = Simulation.run(bounded)
        let horizon = Simulation.horizon(for: bounded)
        guard outcome.endTime >= 0, outcome.endTime <= horizon else {
            return .finding("\(context): the run ended at \(outcome.endTime) ns, outside 0...\(horizon) (its horizon)")
        }
        for stats in outcome.writesByRegion + outcome.readsByRegion {
            guard stats.ok >= 0, stats.failed >= 0, stats.unknown >= 0 else {
                return .finding("\(context): negative operation counts \(stats.ok)/\(stats.failed)/\(stats.unknown)")
            }
        }
        for entry in outcome.cappedDraws where entry.count <= 0 {
            return .finding("\(context): a capped-draw count of \(entry.count) for \(entry.source)")
        }
        guard outcome.nodeUtilization.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            return .finding("\(context): node utilization outside 0...1: \(outcome.nodeUtilization)")
        }
        let report = Report(scenario: bounded, outcome: outcome)
        guard !ReportText.render(report).isEmpty, !report.json.isEmpty, !ReportCSV.render(report).isEmpty else {
            return .finding("\(context): an empty report")
        }
        return .accepted
    }

    /// A bounded simulation of each use of a distribution: every service time, the jitter,
    /// apply times (a Raft replica's and a primary's replica's), think times (closed loop)
    /// and the legs of leaderless quorums.
    static func runDistribution(_ distribution: Distribution, context: String) -> FuzzVerdict {
        guard let topology = FuzzTarget.faultTopology else { return .finding("the fuzz topology does not parse") }
        var raft = Scenario(topology: topology)
        raft.serviceTime = distribution
        raft.applyService = distribution
        raft.jitter = .distribution(distribution)
        raft.jitterIsExplicit = true
        raft.cores = 2
        raft.fsync = distribution
        var transactional = raft
        transactional.transaction = TransactionSettings()
        transactional.keyCount = 20
        var primary = Scenario(topology: topology)
        primary.replication.mode = .primarySync
        primary.replication.applyTime = distribution
        primary.closedLoopClients = 2
        primary.thinkTime = distribution
        primary.fsync = distribution
        var leaderless = Scenario(topology: topology)
        leaderless.replication.mode = .leaderless
        leaderless.replication.legs = .init(write: distribution, ack: distribution, read: distribution, response: distribution)
        leaderless.replication.legsAddToTopology = true
        leaderless.replication.readRepair = true
        for (name, scenario) in [("raft", raft), ("transactions", transactional), ("primary-sync", primary), ("leaderless", leaderless)] {
            let verdict = run(scenario, context: "\(context) (\(name))")
            if verdict.isFinding { return verdict }
        }
        return .accepted
    }

    /// A bounded simulation of `faults` on the fuzz topology, for 3 s with light load.
    static func runFaults(_ faults: [Fault], context: String) -> FuzzVerdict {
        guard let topology = FuzzTarget.faultTopology else { return .finding("the fuzz topology does not parse") }
        var scenario = Scenario(topology: topology)
        scenario.faults = faults
        scenario.timeline = true
        return run(scenario, context: context)
    }
}

extension FuzzTarget {
    static func simDistribution(_ text: String) -> FuzzVerdict {
        let distribution: Distribution
        do {
            distribution = try Distribution.parse(commandLineText: text)
        } catch {
            return FuzzVerdict.judge(error, context: "distribution")
        }
        return FuzzSimulation.runDistribution(distribution, context: "distribution '\(text)'")
    }

    static func simFaultFlag(_ text: String) -> FuzzVerdict {
        guard let topology = faultTopology else { return .finding("the fault topology does not parse") }
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        let fault: Fault
        do {
            fault = try FaultParser.parse(flag: String(parts[0]), text: parts.count > 1 ? String(parts[1]) : "", topology: topology)
        } catch {
            return FuzzVerdict.judge(error, context: "fault flag '\(text)'")
        }
        return FuzzSimulation.runFaults([fault], context: "fault flag '\(text)'")
    }

    static func simFaultFile(_ input: [UInt8]) -> FuzzVerdict {
        switch parseFaultFile(input) {
        case .success(let parsed): return FuzzSimulation.runFaults(parsed.faults, context: "fault file")
        case .failure(let refusal): return refusal.verdict
        }
    }

    static func simScenario(_ input: [UInt8]) -> FuzzVerdict {
        let file = scenarioFileName
        let scenario: Scenario
        do {
            let settings: ScenarioSettings
            do throws(InputError) {
                let root = try InputFile.parseJSON(input, file: file)
                do { settings = try ScenarioSettings.parse(root, file: file) } catch { throw error.inFile(file) }
            } catch {
                return FuzzVerdict.judge(error, context: "scenario file", file: file)
            }
            scenario = try settings.makeScenario()
        } catch {
            return FuzzVerdict.judge(error, context: "scenario file")
        }
        return FuzzSimulation.run(scenario, context: "scenario file")
    }
}
