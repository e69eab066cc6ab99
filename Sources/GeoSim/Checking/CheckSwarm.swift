/// A swarm of seeded runs under random faults, each checked against every invariant;
/// failing seeds get their fault schedule shrunk. What `geosim check` runs, and what a
/// Swift test can call:
///
///     let summary = try CheckSwarm.run(base: settings, seeds: Array(0..<200))
///     #expect(summary.failed.isEmpty, "\(summary.failureMessage)")
///
/// Each seed's run: the base settings with that seed; the seed's random faults (chaos,
/// drawn over the faulty phase of `base.duration`) added to any explicit ones; then a
/// liveness phase that heals every fault and lasts the liveness bound plus one operation
/// timeout, during which each range gets a probe write per second. Everything about a
/// seed's run derives from the seed, so a failing seed replays exactly.
public enum CheckSwarm {
    /// How the swarm runs and judges.
    public struct Options: Sendable {
        /// After healing, every range must acknowledge a write within this (ns).
        public var livenessBound: Nanoseconds = 20 * .second
        /// Search steps the linearizability check of one run may take: about 5 s of a
        /// core's time, but a count, so a verdict never depends on the machine's speed.
        public var linearizabilitySteps = 5 * LinearizabilityChecker.stepsPerSecond
        /// Most reruns spent shrinking one failing seed's faults (0: no shrinking).
        public var shrinkRuns = 48
        /// Draw random faults for each seed (`--no-chaos` turns it off).
        public var chaos = true
        /// Runs in parallel, one per thread.
        public var jobs = 1
        /// The liveness phase heals only a majority core (`--heal majority`), not every fault.
        public var healMajority = false
        /// What to hold each run to beyond its mode's promise (`--expect`).
        public var expectations: [ExpectedProperty] = []
        /// The words that reproduce the swarm's base settings on the command line (for
        /// replay commands); nil when the swarm did not come from the command line.
        public var commandWords: [String]?

        public init() {}
    }

    /// One seed's verdict.
    public struct SeedResult: Sendable {
        public var seed: UInt64
        /// The run's fault schedule (explicit faults, then the seed's random ones).
        public var faults: [Fault]
        public var violations: [Violation]
        public var inconclusive: [String]
        /// Client attempts recorded and strong operations checked for linearizability.
        public var operations: Int
        public var strongOperations: Int
        /// Transactions checked for serializability (`--txn`).
        public var transactions = 0
        /// Acknowledged writes a promotion lost (primary replication).
        public var lostAcknowledgedWrites = 0
        /// Events the run dispatched (the shrinking reruns not included).
        public var events: UInt64 = 0
        /// The smallest schedule found that still breaks the first failed invariant.
        public var shrunk: Shrunk?
        /// A command that replays this seed (nil without command words).
        public var replay: String?
        /// For a failing seed, the operations checked for linearizability (writes and
        /// strong reads), in recording order: what `geosim check --export` writes as
        /// `histories/seed-N.jsonl`. Nil for a passing seed.
        public var history: [HistoryOperation]?
        /// For a failing seed, per key, when a promotion first rolled back one of its
        /// writes (`RunHistory.rolledBack`).
        public var rolledBack: [Int: Nanoseconds] = [:]
        public var passed: Bool { violations.isEmpty }
    }

    /// A shrunk fault schedule.
    public struct Shrunk: Sendable {
        public var invariant: Invariant
        public var faults: [Fault]
        /// Reruns spent shrinking.
        public var runs: Int
        /// A command that replays the shrunk schedule (nil without command words).
        public var replay: String?
        /// The faults as flags.
        public var flags: String
    }

    /// A whole swarm's results, in seed order.
    public struct Summary: Sendable {
        public var results: [SeedResult]
        /// The invariants every run was held to (`ModePromise`), and a line saying so.
        public var promised: [Invariant] = Invariant.allCases
        public var promise = ""
        public var failed: [SeedResult] { results.filter { !$0.passed } }
        public var passedCount: Int { results.count - failed.count }

        /// Every failing seed with its first violation and how to replay it: for a
        /// test's failure message.
        public var failureMessage: String {
            failed.map { result in
                var text = "seed \(result.seed): \(result.violations.first.map { "\($0.invariant.rawValue): \($0.detail)" } ?? "")"
                if let replay = result.replay { text += "\n  replay: \(replay)" }
                if let shrunk = result.shrunk { text += "\n  shrunk faults: \(shrunk.flags.isEmpty ? "(none)" : shrunk.flags)" }
                return text
            }.joined(separator: "\n")
        }
    }

    /// Runs and checks every seed (in parallel, results in seed order). Throws when the
    /// settings cannot make a scenario, or ask for something the checkers cannot judge.
    public static func run(
        base: ScenarioSettings, seeds: [UInt64], unsafe: [UnsafeOption] = [],
        options: Options = Options(),
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(CheckError) -> Summary {
        // Validate once, up front, so errors surface before any run.
        let first = try scenario(base: base, seed: seeds.first ?? base.seed, unsafe: unsafe, options: options)
        if first.expectations.contains(.durable) && first.replication.mode == .leaderless {
            throw .unsupported(
                UsageError(
                    "--expect durable cannot be judged on leaderless quorums: last writer wins, so a later write may rightly replace an acknowledged one.",
                    hint: "Drop --expect durable."))
        }
        if first.requestShape != .single {
            throw .unsupported(UsageError("geosim check needs single-query requests: --request-shape reads several keys per operation."))
        }
        var prepared: [Scenario] = []
        for seed in seeds { prepared.append(try scenario(base: base, seed: seed, unsafe: unsafe, options: options)) }
        let scenarios = prepared
        let results = ParallelMap.map(count: scenarios.count, jobs: options.jobs, progress: progress) { index in
            judge(scenarios[index], options: options)
        }
        if Interruption.isRequested { throw .interrupted }
        return Summary(results: results, promised: ModePromise.invariants(first), promise: ModePromise.summary(first))
    }

    /// The scenario of one seed: the base settings with the seed, its faults (explicit and
    /// random), a liveness phase, and recording on.
    public static func scenario(
        base: ScenarioSettings, seed: UInt64, unsafe: [UnsafeOption],
        options: Options
    ) throws(CheckError) -> Scenario {
        var settings = base
        settings.seed = seed
        let drawChaos = options.chaos
        settings.chaos = false
        var scenario: Scenario
        do { scenario = try settings.makeScenario() } catch { throw .scenario(error) }
        let faultPhase = scenario.duration
        if drawChaos {
            let chaos: ChaosSettings
            do throws(UsageError) {
                chaos = try ChaosGenerator.parseSettings(
                    rate: base.chaosRate, meanDuration: base.chaosDuration, kinds: base.chaosKinds,
                    base: ChaosSettings(faultsPerMinute: 4, meanDuration: 8 * .second))
            } catch { throw .scenario(.usage(error)) }
            scenario.faults += ChaosGenerator.faults(settings: chaos, topology: scenario.topology, duration: faultPhase, seed: seed)
        }
        if unsafe.contains(.leaseClockSkew) {
            // The preferred leaseholder's clock runs slow and every other node's fast, far
            // beyond the drift bound leases are sized for.
            let leaseholder = scenario.topology.nodes.firstIndex { $0.region == scenario.leaderRegion } ?? 0
            for node in scenario.topology.nodes.indices {
                let drift = node == leaseholder ? -0.4 : 0.4
                scenario.faults.append(
                    Fault(
                        kind: .clock(node: node, offset: 0, drift: drift), start: 0, end: faultPhase,
                        label: "unsafe: \(scenario.topology.nodes[node].name) clock drift \(drift.compactDescription)"))
            }
        }
        scenario.unsafe = unsafe.sorted()
        scenario.expectations = options.expectations
        scenario.recordHistory = true
        scenario.healAt = faultPhase
        if options.healMajority {
            do throws(UsageError) {
                scenario.healCore = HealCore.choose(for: scenario, layout: try RangeLayout.make(for: scenario), seed: seed)
            } catch { throw .scenario(.usage(error)) }
        }
        scenario.duration = faultPhase +| options.livenessBound +| scenario.operationTimeout
        // The liveness phase is simulated time too: refuse what the duration limit would.
        guard scenario.duration <= scenario.limits.duration else {
            throw .scenario(
                .usage(
                    RunLimits.exceeded(
                        "duration",
                        "The fault phase (\(DurationText.format(faultPhase))) plus the liveness bound (\(DurationText.format(options.livenessBound))) and the operation timeout (\(DurationText.format(scenario.operationTimeout)))",
                        limit: DurationText.format(scenario.limits.duration))))
        }
        return scenario
    }

    /// Runs one prepared scenario and checks it.
    public static func check(_ scenario: Scenario, options: Options) -> (verdict: HistoryChecker.Verdict, operations: Int, events: UInt64) {
        let checked = checkKeepingHistory(scenario, options: options)
        return (checked.verdict, checked.operations, checked.events)
    }

    /// `check`, also returning the run's writes and strong reads, with the keys' rollbacks
    /// (nil when the run recorded no history).
    static func checkKeepingHistory(
        _ scenario: Scenario, options: Options
    ) -> (verdict: HistoryChecker.Verdict, operations: Int, events: UInt64, strong: RunHistory?) {
        let outcome = Simulation.run(scenario)
        guard let history = outcome.history else {
            return (
                HistoryChecker.Verdict(violations: [Violation(.durability, "the run recorded no history")], inconclusive: [], strongOperations: 0), 0,
                outcome.events, nil
            )
        }
        let verdict = HistoryChecker.check(history, linearizabilitySteps: options.linearizabilitySteps, livenessBound: options.livenessBound)
        var strong = RunHistory()
        strong.operations = history.operations.filter { $0.kind == .write || $0.mode == .strong }
        strong.rolledBack = history.rolledBack
        return (verdict, history.operations.count, outcome.events, strong)
    }

    /// Checks one seed's scenario and, when it fails, keeps its strong history and shrinks
    /// its faults.
    static func judge(_ scenario: Scenario, options: Options) -> SeedResult {
        let (verdict, operations, events, strong) = checkKeepingHistory(scenario, options: options)
        var result = SeedResult(
            seed: scenario.seed, faults: scenario.faults, violations: verdict.violations,
            inconclusive: verdict.inconclusive, operations: operations,
            strongOperations: verdict.strongOperations, events: events, shrunk: nil,
            replay: replayCommand(options.commandWords, seed: scenario.seed, faults: nil, topology: scenario.topology))
        result.transactions = verdict.transactions
        result.lostAcknowledgedWrites = verdict.lostAcknowledgedWrites
        if let invariant = verdict.failedInvariants.first, options.shrinkRuns > 0, !scenario.faults.isEmpty {
            let (faults, runs) = FaultShrinker.shrink(scenario, invariant: invariant, maxRuns: options.shrinkRuns) { candidate in
                check(candidate, options: options).verdict.failedInvariants.contains(invariant)
            }
            result.shrunk = Shrunk(
                invariant: invariant, faults: faults, runs: runs,
                replay: replayCommand(options.commandWords, seed: scenario.seed, faults: faults, topology: scenario.topology),
                flags: FaultFlags.commandLine(faults, in: scenario.topology))
        }
        // What 'geosim check --export' writes as histories/seed-N.jsonl.
        if !result.passed {
            result.history = strong?.operations
            result.rolledBack = strong?.rolledBack ?? [:]
        }
        return result
    }

    /// `geosim check <words> --seed S --seeds 1`, and for a shrunk schedule
    /// `--no-chaos` and its faults as flags (the explicit faults of the words are part
    /// of the schedule, so they are dropped from the words).
    static func replayCommand(_ words: [String]?, seed: UInt64, faults: [Fault]?, topology: Topology) -> String? {
        guard let words else { return nil }
        var kept: [String] = []
        var index = 0
        let dropWithValue: Set<String> = ["--seed", "--seeds", "--jobs", "--format", "--out", "--export"]
        let faultFlags = Set(FaultParser.flags + ["--faults"])
        while index < words.count {
            let word = words[index]
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            let inline = word.contains("=") && word.hasPrefix("--")
            if dropWithValue.contains(name) || (faults != nil && faultFlags.contains(name)) {
                index += inline ? 1 : 2
                continue
            }
            if faults != nil && (name == "--no-chaos" || name.hasPrefix("--chaos")) {
                index += (name == "--no-chaos" || name == "--chaos" || inline) ? 1 : 2
                continue
            }
            kept.append(FaultFlags.shellQuoted(word))
            index += 1
        }
        var command = (["geosim", "check"] + kept + ["--seed", String(seed), "--seeds", "1"]).joined(separator: " ")
        if let faults {
            command += " --no-chaos"
            let flags = FaultFlags.commandLine(faults, in: topology)
            if !flags.isEmpty { command += " " + flags }
        }
        return command
    }
}
