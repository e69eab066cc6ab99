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
    /// Events pending at once: past it the cluster cannot keep up with the offered load
    /// (each holds about 100 bytes).
    public var eventsInFlight = 20_000_000
    /// Client operations under way at once.
    public var operationsInFlight = 10_000_000
    /// Operations a recorded history (`geosim check`) keeps.
    public var historyOperations = 50_000_000
    /// Committed Raft entries a leader keeps per range for a follower that has not received
    /// them (8 bytes each); past it the follower catches up by snapshot, and the report
    /// counts the snapshots.
    public var raftLog = 65_536
    /// Commit times a primary keeps for entries a replica has not applied (8 bytes each);
    /// past it a replica further behind reads as stale, and the report says so.
    public var replicaLog = 1 << 20

    public init() {}

    /// The limits' `--limit` names, in the order of the properties above.
    public static let names = ["operations", "duration", "regions", "nodes", "replicas", "events", "in-flight", "history", "raft-log", "replica-log"]

    /// Applies `NAME=VALUE` (`--limit`); durations take a unit, counts may be written
    /// like `5e9`.
    public mutating func apply(_ text: String) throws(UsageError) {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
        let known = RunLimits.names
        guard parts.count == 2, known.contains(parts[0]) else {
            let hint = Suggestion.closest(to: parts.first ?? "", among: known).map { "Did you mean '\($0)'?" }
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
        default: replicaLog = Int(number)
        }
    }

    /// The refusal for input past limit `name`.
    static func exceeded(_ name: String, _ what: String, limit: String) -> UsageError {
        UsageError("\(what) exceeds the limit of \(limit) (limit '\(name)').",
                   hint: "Raise it with --limit \(name)=VALUE if you mean it (runs are sized to finish in minutes).")
    }

    /// Refuses a scenario past an input limit.
    func check(_ scenario: Scenario, replicas: Int) throws(UsageError) {
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
        let seconds = Double(scenario.duration) / 1e9
        let offered: Double
        if let users = scenario.closedLoopClients {
            let think = max(scenario.thinkTime.mean, 1e3) / 1e9
            offered = Double(users * topology.regions.count) * seconds / think
        } else {
            offered = scenario.rate * seconds
        }
        if offered > operations {
            throw RunLimits.exceeded("operations", "\(compact(offered)) client operations (\(compact(scenario.rate)) ops/s for \(DurationText.format(scenario.duration)))",
                                     limit: compact(operations))
        }
    }

    func compact(_ value: Double) -> String {
        value < 1e6 ? String(Int64(value.rounded())) : String(format: "%.3g", value)
    }
}
