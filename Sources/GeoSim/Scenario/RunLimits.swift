import Foundation

/// Every limit on what a run may grow to, named in one place. Input past a limit is
/// refused before anything runs, naming the limit and how to raise it (`--limit
/// NAME=VALUE`); a run that reaches a runtime limit stops there and its report says so.
///
/// The defaults keep one run within minutes and a few GB on a laptop: geosim simulates
/// about a million client operations per wall second.
public struct RunLimits: Equatable, Sendable {
    /// Client operations a run may offer (rate × duration, or closed-loop users × duration
    /// ÷ think time): 2 × 10⁹ is about half an hour of wall time.
    public var operations: Double = 2e9
    /// Simulated duration (ns): node timers tick every heartbeat whatever the load.
    public var duration: Nanoseconds = 7 * 24 * 3600 * .second
    /// Regions in a topology: round trips are a regions² matrix.
    public var regions = 256
    /// Nodes in a topology: liveness bookkeeping is nodes².
    public var nodes = 2048
    /// Raft replicas over all ranges (ranges × replicas per range).
    public var replicas = 2_000_000
    /// Events pending at once: past it the cluster cannot keep up with the offered load.
    /// With the operations behind them, each pending event holds about 210 bytes
    /// (measured: 5 × 10⁶ pending at 500k ops/s peaked at 1.09 GB): 4 × 10⁶ keep a backlog
    /// under about 1 GB.
    public var eventsInFlight = 4_000_000
    /// Client operations under way at once: each holds a few hundred bytes with its
    /// events (measured: 2 × 10⁶ under way peaked at 352 MB).
    public var operationsInFlight = 2_000_000
    /// Operations a recorded history (`geosim check`) keeps.
    public var historyOperations = 50_000_000
    /// Committed Raft entries a leader keeps per range for a follower that has not received
    /// them (8 bytes each); past it the follower catches up by snapshot, and the report
    /// counts the snapshots.
    public var raftLog = 65_536
    /// Commit times a primary keeps for entries a replica has not applied (8 bytes each);
    /// past it a replica further behind reads as stale, and the report says so.
    public var replicaLog = 1 << 20
    /// Faults in the schedule (files, flags and `--chaos` together): each fault's start and
    /// end recompute the link conditions of every active fault.
    public var faults = 5000
    /// Periodic work a run is estimated to need, in events (`RunEstimate`): heartbeats and
    /// liveness pings (nodes² messages and nodes³ coalescing work per heartbeat), closed
    /// timestamps and anti-entropy, over the run and its drain. 5 × 10⁸ is a minute or two.
    public var timers = 5e8
    /// Memory a run is estimated to need, in bytes (`RunEstimate`): node pairs, replicas,
    /// closed-loop users, keys written, cache entries, timeline rows.
    public var memory = 1e9

    public init() {}

    /// The limits' `--limit` names, in the order of the properties above.
    public static let names = [
        "operations", "duration", "regions", "nodes", "replicas", "events", "in-flight", "history", "raft-log", "replica-log",
        "faults", "timers", "memory",
    ]

    /// Applies `NAME=VALUE` (`--limit`); durations take a unit, counts may be written
    /// like `5e9`.
    public mutating func apply(_ text: String) throws(UsageError) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let known = RunLimits.names
        guard parts.count == 2, known.contains(parts[0]) else {
            let hint =
                Suggestion.closest(to: parts.first ?? "", among: known).map { "Did you mean '\($0)'?" }
                ?? "Limits are \(known.joined(separator: ", "))."
            throw UsageError("Invalid --limit '\(text)': expected NAME=VALUE with NAME one of \(known.joined(separator: ", ")).", hint: hint)
        }
        if parts[0] == "duration" {
            guard let value = try? DurationText.parse(parts[1]), value > 0 else {
                throw UsageError("Invalid --limit '\(text)': expected a duration greater than zero, e.g. duration=720h.")
            }
            duration = value
            return
        }
        if parts[0] == "memory" {
            guard let bytes = RunLimits.parseBytes(parts[1]) else {
                throw UsageError("Invalid --limit '\(text)': expected a size from 1MB to 1PB, e.g. memory=4GB (or a number of bytes).")
            }
            memory = bytes
            return
        }
        guard let number = NumberText.decimal(parts[1]), number >= 1, number <= 1e15 else {
            throw UsageError("Invalid --limit '\(text)': expected a number from 1 to 1e15.")
        }
        switch parts[0] {
        case "operations": operations = number
        case "regions": regions = Int(number)
        case "nodes": nodes = Int(number)
        case "replicas": replicas = Int(number)
        case "events": eventsInFlight = Int(number)
        case "in-flight": operationsInFlight = Int(number)
        case "history": historyOperations = Int(number)
        case "raft-log": raftLog = Int(number)
        case "faults": faults = Int(number)
        case "timers": timers = number
        default: replicaLog = Int(number)
        }
    }

    /// The refusal for input past limit `name`.
    static func exceeded(_ name: String, _ what: String, limit: String) -> UsageError {
        UsageError(
            "\(what) exceeds the limit of \(limit) (limit '\(name)').",
            hint: "Raise it with --limit \(name)=VALUE if you mean it (runs are sized to finish in minutes).")
    }

    /// Refuses a scenario past an input limit, or whose estimated periodic work or memory
    /// (`RunEstimate`) is past `timers` or `memory`. `ranges` and `replicas` come from the
    /// scenario's range layout.
    func check(_ scenario: Scenario, ranges: Int, replicas: Int) throws(UsageError) {
        let topology = scenario.topology
        if topology.regions.count > regions {
            throw RunLimits.exceeded("regions", "The topology's \(topology.regions.count) regions", limit: String(regions))
        }
        if topology.nodes.count > nodes {
            throw RunLimits.exceeded("nodes", "The topology's \(topology.nodes.count) nodes", limit: String(nodes))
        }
        if replicas > self.replicas {
            throw RunLimits.exceeded("replicas", "\(replicas) Raft replicas (ranges × replicas per range)", limit: String(self.replicas))
        }
        if scenario.duration > duration {
            throw RunLimits.exceeded("duration", "A simulated duration of \(DurationText.format(scenario.duration))", limit: DurationText.format(duration))
        }
        let retryDrain = RunLimits.retryDrain(scenario)
        if Double(scenario.duration) + retryDrain > Double(duration) {
            throw UsageError(
                "With --retries \(scenario.retries), --retry-backoff \(DurationText.format(scenario.retryBackoff)) and --timeout \(DurationText.format(scenario.operationTimeout)), "
                    + "an operation may still be retrying ~\(RunLimits.durationText(retryDrain)) after the clients stop: the run could last "
                    + "~\(RunLimits.durationText(Double(scenario.duration) + retryDrain)), past the limit of \(DurationText.format(duration)) (limit 'duration').",
                hint: "Lower --retries or --retry-backoff (each retry waits twice as long as the one before, up to 1024 times the first), "
                    + "or raise --limit duration=VALUE if you mean it.")
        }
        let offered = RunLimits.offeredOperations(scenario)
        if offered > operations {
            let queries = RunLimits.queriesPerRead(scenario)
            let perRead = queries > 1 ? ", reads making \(compact(queries)) queries each" : ""
            throw RunLimits.exceeded(
                "operations", "\(compact(offered)) client operations (\(compact(scenario.rate)) ops/s for \(DurationText.format(scenario.duration))\(perRead))",
                limit: compact(operations))
        }
        if scenario.faults.count > faults {
            throw RunLimits.exceeded("faults", "A schedule of \(scenario.faults.count) faults", limit: String(faults))
        }
        let estimate = RunLimits.estimate(scenario, ranges: ranges, replicas: replicas)
        if estimate.totalWork > timers, let largest = RunEstimate.largest(estimate.work) {
            throw RunLimits.needs(
                "timers", "~\(compact(estimate.totalWork)) events of periodic work", largest: largest.what,
                limit: compact(timers), raiseTo: compact(estimate.totalWork * 1.1))
        }
        if estimate.totalMemory > memory, let largest = RunEstimate.largest(estimate.memory) {
            throw RunLimits.needs(
                "memory", "~\(RunEstimate.bytesText(estimate.totalMemory)) of memory", largest: largest.what,
                limit: RunEstimate.bytesText(memory), raiseTo: RunEstimate.bytesText(estimate.totalMemory * 1.1).replacingOccurrences(of: " ", with: ""))
        }
    }

    /// Client operations a run offers: rate × duration, or closed-loop users × duration ÷
    /// think time; a read counts once per query it makes (`queriesPerRead`).
    static func offeredOperations(_ scenario: Scenario) -> Double {
        let seconds = Double(scenario.duration) / 1e9
        let requests: Double
        if let users = scenario.closedLoopClients {
            let think = max(scenario.thinkTime.mean, 1e3) / 1e9
            requests = Double(users * scenario.topology.regions.count) * seconds / think
        } else {
            requests = scenario.rate * seconds
        }
        return requests * (scenario.writeFraction + (1 - scenario.writeFraction) * queriesPerRead(scenario))
    }

    /// Queries (or cache lookups) one read request makes: the first and its follow-ups
    /// (`--request-shape`), each up to `--request-lookups` times with a cache.
    static func queriesPerRead(_ scenario: Scenario) -> Double {
        let followUps: Int
        switch scenario.requestShape {
        case .single: followUps = 0
        case .nPlusOne(let n), .fanOut(let n): followUps = n
        case .batch: followUps = 1
        }
        return Double(1 + followUps) * Double(scenario.cache?.requestLookups ?? 1)
    }

    /// The periodic work and memory `scenario` is estimated to need; timers run until the
    /// last operation has drained.
    static func estimate(_ scenario: Scenario, ranges: Int, replicas: Int) -> RunEstimate {
        let horizon = Double(scenario.duration) + Double(scenario.operationTimeout) + retryDrain(scenario)
        return RunEstimate(scenario, ranges: ranges, replicas: replicas, offeredOperations: offeredOperations(scenario), horizon: horizon)
    }

    /// Wall-time cost of one run besides its operations and timers (setting up, the
    /// report), in event equivalents: a sweep of 200,000 one-second runs at 1 op/s took
    /// 23 s, about 0.1 ms per run besides its heartbeats.
    static let perRunWork = 1000.0

    /// Refuses many runs (a sweep's rows, a check's seeds) that together offer more client
    /// operations than `operations` or more periodic work than `timers`: each run passed
    /// the limits alone. `what` names the runs for the message ("The sweep's 64 runs");
    /// `runs` lists each distinct scenario with how many times it runs.
    func checkTotal(_ what: String, runs: [(scenario: Scenario, count: Int)]) throws(UsageError) {
        var offered = 0.0
        var work = 0.0
        for (scenario, count) in runs {
            offered += Double(count) * RunLimits.offeredOperations(scenario)
            guard let layout = try? RangeLayout.make(for: scenario) else { continue }
            let replicas = layout.ranges.reduce(0) { $0 + $1.voters.count + $1.nonVoters.count }
            let estimate = RunLimits.estimate(scenario, ranges: layout.ranges.count, replicas: replicas)
            work += Double(count) * (estimate.totalWork + RunLimits.perRunWork)
            // One run must fit in memory (a check's recorded history is only known here).
            if estimate.totalMemory > memory, let largest = RunEstimate.largest(estimate.memory) {
                throw RunLimits.needs(
                    "memory", "~\(RunEstimate.bytesText(estimate.totalMemory)) of memory per run", largest: largest.what,
                    limit: RunEstimate.bytesText(memory), raiseTo: RunEstimate.bytesText(estimate.totalMemory * 1.1).replacingOccurrences(of: " ", with: ""))
            }
        }
        if offered > operations {
            throw RunLimits.exceeded("operations", "\(what) together offer ~\(compact(offered)) client operations, which", limit: compact(operations))
        }
        if work > timers {
            throw UsageError(
                "\(what) together need ~\(compact(work)) events of periodic and per-run work, past the limit of \(compact(timers)) (limit 'timers').",
                hint: "Raise it with --limit timers=\(compact(work * 1.1)) to run them (runs are sized to finish in minutes), or run fewer.")
        }
    }

    /// Refuses `--chaos` settings that would draw more faults than `faults` over `duration`
    /// ns: checked before the schedule is drawn.
    /// A duration past its own limit is left to `check`, whose message says so (the
    /// generator draws at most `ChaosGenerator.maximumFaults` meanwhile).
    func checkChaos(_ settings: ChaosSettings, duration: Nanoseconds) throws(UsageError) {
        let expected = settings.expectedFaults(over: duration)
        if duration <= self.duration, expected > Double(faults) {
            throw RunLimits.exceeded(
                "faults",
                "--chaos-rate \(settings.faultsPerMinute.compactDescription) per minute over \(DurationText.format(duration)) (~\(compact(expected)) faults)",
                limit: String(faults))
        }
    }

    /// How long after the clients stop retries may keep one operation going, beyond its
    /// first attempt's timeout (ns, as a Double so that no setting overflows): per retry, a
    /// backoff (the first doubled per attempt up to 1024 times, full jitter at most 1×)
    /// and another attempt's timeout.
    static func retryDrain(_ scenario: Scenario) -> Double {
        var total = 0.0
        for attempt in 0..<max(0, scenario.retries) {
            total += Double(scenario.retryBackoff) * Double(1 << min(attempt, 10)) + Double(scenario.operationTimeout)
        }
        return total
    }

    /// A duration in ns that may be past what `Nanoseconds` holds, for messages.
    static func durationText(_ nanoseconds: Double) -> String {
        nanoseconds < 9e18 ? DurationText.format(Nanoseconds(nanoseconds)) : String(format: "%.3gh", nanoseconds / 3.6e12)
    }

    /// The refusal for an estimate past limit `name`.
    static func needs(_ name: String, _ amount: String, largest: String, limit: String, raiseTo: String) -> UsageError {
        UsageError(
            "This scenario needs \(amount), mostly \(largest), past the limit of \(limit) (limit '\(name)').",
            hint: "Raise it with --limit \(name)=\(raiseTo) to run it (runs are sized to finish in minutes within about 1 GB).")
    }

    /// A size such as `4GB`, `500MB`, `1.5e9` (bytes) or `2GiB`, from 1 MB to 1 PB; nil if
    /// malformed.
    static func parseBytes(_ text: String) -> Double? {
        let units: [(String, Double)] = [
            ("KIB", 1024), ("MIB", 1_048_576), ("GIB", 1_073_741_824), ("TIB", 1_099_511_627_776),
            ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("PB", 1e15), ("B", 1),
        ]
        let upper = text.uppercased()
        var scale = 1.0
        var digits = text
        for (suffix, factor) in units where upper.hasSuffix(suffix) {
            scale = factor
            digits = String(text.dropLast(suffix.count))
            break
        }
        // The one number grammar of every flag (no spaces, no '+', no hex).
        guard let number = NumberText.decimal(digits) else { return nil }
        let bytes = number * scale
        return bytes >= 1e6 && bytes <= 1e15 ? bytes : nil
    }

    func compact(_ value: Double) -> String {
        value < 1e6 ? String(Int64(value.rounded())) : String(format: "%.3g", value)
    }
}
