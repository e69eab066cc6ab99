import Foundation

/// What a scenario will cost before it runs, from its settings alone: the periodic work
/// its timers add (heartbeats and liveness pings, closed timestamps, anti-entropy) and the
/// memory its size implies (node pairs, replicas, closed-loop users, keys written, cache
/// entries, timeline rows). `RunLimits` refuses a scenario whose estimate is past the
/// `timers` or `memory` limit, naming the largest part, so that a setting such as
/// `--heartbeat 1us` or `--clients 1000000` is refused in milliseconds instead of running
/// for hours or filling memory.
///
/// The figures are upper bounds of the right order, not predictions: each cost below was
/// measured on a release build (`/usr/bin/time -f %M`) and rounded up. Client operations
/// themselves are bounded by the `operations` limit, and their backlog at run time by
/// `events` and `in-flight`.
struct RunEstimate {
    /// One contribution, with what it is in words for a refusal.
    struct Part {
        var what: String
        var amount: Double
    }

    /// Periodic work in event equivalents (one ≈ 0.2 µs of wall time).
    var work: [Part] = []
    /// Peak memory in bytes, besides what client operations under way hold.
    var memory: [Part] = []

    var totalWork: Double { work.reduce(0) { $0 + $1.amount } }
    var totalMemory: Double { memory.reduce(0) { $0 + $1.amount } }

    /// Measured costs, rounded up.
    enum Cost {
        /// Bytes per ordered node pair: liveness times, network link state, pings in flight.
        static let nodePair = 160.0
        /// Extra bytes per node pair when the event queue keeps a FIFO lane per link (at
        /// most `laneNodes` nodes).
        static let lane = 1800.0
        static let laneNodes = 256
        /// Bytes per Raft replica (its node, log and bookkeeping) and per range (measured:
        /// 100,000 ranges of 5 replicas peaked at 996 MB).
        static let replica = 1900.0
        static let range = 400.0
        /// Bytes per closed-loop user: its client state, a pending arrival or operation.
        static let closedLoopUser = 700.0
        /// Bytes per written key in the MVCC version history, and per key and holder in a
        /// leaderless or primary store.
        static let versionedKey = 150.0
        static let heldKey = 170.0
        /// Bytes per cache entry.
        static let cacheEntry = 100.0
        /// Bytes per region and second of `--timeline` (measured: 168 h in 3 regions peaked
        /// at 456 MB).
        static let timelineCell = 250.0
        /// Bytes per operation of a recorded history (`geosim check`), with what the
        /// checkers build from it (measured: 600,000 operations peaked at 1.3 GB).
        static let recordedOperation = 2200.0
        /// Event equivalents per anti-entropy key and replica visited.
        static let antiEntropyVisit = 0.2
    }

    /// `offeredOperations` is the number of client operations the run offers; `horizon` is
    /// when its timers stop (ns): its duration plus the longest an operation can drain.
    init(_ scenario: Scenario, ranges: Int, replicas: Int, offeredOperations: Double, horizon: Double) {
        // Closed timestamps and versions are kept only where reads below the leaseholder need them.
        let versioned =
            scenario.readMode != .strong || scenario.locality == .global || scenario.replication.mode != .raft || scenario.cache != nil
        let writtenKeys = min(Double(scenario.keyCount), offeredOperations * scenario.writeFraction)
        work = RunEstimate.timerWork(scenario, replicas: replicas, versioned: versioned, writtenKeys: writtenKeys, horizon: horizon)
        memory = RunEstimate.memoryParts(
            scenario, ranges: ranges, replicas: replicas, versioned: versioned, writtenKeys: writtenKeys,
            offeredOperations: offeredOperations, horizon: horizon)
    }

    /// The periodic work of the timers, which keep running while operations drain, up to
    /// `horizon` (ns): node ticks and heartbeats, closed-timestamp rounds, anti-entropy sweeps.
    private static func timerWork(_ scenario: Scenario, replicas: Int, versioned: Bool, writtenKeys: Double, horizon: Double) -> [Part] {
        let topology = scenario.topology
        let nodes = Double(topology.nodes.count)
        let mode = scenario.replication.mode
        var work: [Part] = []
        let heartbeats = horizon / Double(max(scenario.heartbeatInterval, 1))
        let every = { (period: Nanoseconds) in "every \(DurationText.format(period)) for \(DurationText.format(Nanoseconds(min(horizon, 9e18))))" }
        if mode == .raft {
            // Each tick a node pings every peer (a delivery and an answer per pair),
            // coalescing a round costs in proportion to the node count (nodes³ per tick,
            // about 25 ns each), and every replica ticks and its leader heartbeats its
            // followers (a quiesced replica's tick costs about 65 ns). Measured: 10 µs per
            // tick for 3 nodes, 0.35 s for 240 nodes, 33 ms for 500,000 replicas.
            let perTick = 6 * nodes + 2 * nodes * (nodes - 1) + nodes * nodes * nodes / 8 + Double(replicas)
            work.append(
                Part(
                    what: "node heartbeats (\(topology.nodes.count) nodes, \(replicas) replicas, \(every(scenario.heartbeatInterval)))",
                    amount: heartbeats * perTick))
        } else {
            work.append(Part(what: "node ticks (\(topology.nodes.count) nodes, \(every(scenario.heartbeatInterval)))", amount: heartbeats * nodes))
        }
        if mode == .raft && versioned {
            let rounds = horizon / Double(max(scenario.closedTimestampInterval, 1))
            work.append(
                Part(
                    what: "closed-timestamp rounds (\(replicas) replicas, \(every(scenario.closedTimestampInterval)))",
                    amount: rounds * (2 * nodes + 4 * Double(replicas))))
        }
        if mode == .leaderless, let period = scenario.replication.antiEntropyPeriod {
            let rounds = horizon / Double(max(period, 1))
            let visits = writtenKeys * Double(scenario.replication.n) * Cost.antiEntropyVisit
            work.append(
                Part(
                    what: "anti-entropy sweeps (up to \(RunEstimate.compact(writtenKeys)) keys × \(scenario.replication.n) replicas, \(every(period)))",
                    amount: rounds * (1 + visits)))
        }
        return work
    }

    /// The memory the scenario's size implies, in bytes: node pairs, Raft replicas,
    /// closed-loop users, written keys, cache entries, a recorded history, timeline rows.
    private static func memoryParts(
        _ scenario: Scenario, ranges: Int, replicas: Int, versioned: Bool, writtenKeys: Double,
        offeredOperations: Double, horizon: Double
    ) -> [Part] {
        let topology = scenario.topology
        let nodes = Double(topology.nodes.count)
        let regions = Double(topology.regions.count)
        let mode = scenario.replication.mode
        var memory: [Part] = []
        let pairCost = Cost.nodePair + (topology.nodes.count <= Cost.laneNodes ? Cost.lane : 0)
        memory.append(Part(what: "node-pair bookkeeping (\(topology.nodes.count) nodes, \(topology.nodes.count)² pairs)", amount: nodes * nodes * pairCost))
        if mode == .raft {
            memory.append(
                Part(
                    what: "\(replicas) Raft replicas in \(ranges) ranges",
                    amount: Double(replicas) * Cost.replica + Double(ranges) * (Cost.range + 4 * nodes)))
        }
        if let users = scenario.closedLoopClients {
            memory.append(
                Part(
                    what: "\(users * topology.regions.count) closed-loop users (--clients \(users) in \(topology.regions.count) regions)",
                    amount: Double(users) * regions * Cost.closedLoopUser))
        }
        if versioned {
            let holders = mode == .leaderless ? Double(scenario.replication.n) : (mode == .raft ? 0 : nodes)
            memory.append(
                Part(
                    what: "up to \(RunEstimate.compact(writtenKeys)) keys written (of --keys \(scenario.keyCount))",
                    amount: writtenKeys * (Cost.versionedKey + holders * Cost.heldKey)))
        }
        if let cache = scenario.cache {
            let reads = offeredOperations * (1 - scenario.writeFraction) * Double(cache.requestLookups)
            let entries = min(Double(cache.capacity), Double(scenario.keyCount), reads)
            memory.append(
                Part(
                    what: "cache entries (up to \(RunEstimate.compact(entries)) per region, --cache-capacity \(cache.capacity))",
                    amount: entries * regions * Cost.cacheEntry))
        }
        if scenario.recordHistory {
            let recorded = min(offeredOperations, Double(scenario.limits.historyOperations))
            memory.append(
                Part(
                    what: "a recorded history of up to \(RunEstimate.compact(recorded)) operations per run, checked",
                    amount: recorded * Cost.recordedOperation))
        }
        // Alerts are evaluated on the same rows, so they are recorded for them too.
        if scenario.timeline || scenario.alerts != nil {
            let seconds = (horizon / 1e9).rounded(.up)
            memory.append(
                Part(
                    what: "timeline rows (\(RunEstimate.compact(seconds)) seconds × \(topology.regions.count) regions)",
                    amount: seconds * regions * Cost.timelineCell))
        }
        return memory
    }

    /// The part that contributes most.
    static func largest(_ parts: [Part]) -> Part? {
        parts.max { $0.amount < $1.amount }
    }

    /// `value` for a message: whole below a million, else three significant digits.
    static func compact(_ value: Double) -> String {
        value < 1e6 ? String(Int64(value.rounded())) : String(format: "%.3g", value)
    }

    /// `bytes` for a message, in decimal units (1 GB = 10⁹ bytes).
    static func bytesText(_ bytes: Double) -> String {
        switch bytes {
        case 1e12...: return String(format: "%.3g TB", bytes / 1e12)
        case 1e9...: return String(format: "%.3g GB", bytes / 1e9)
        case 1e6...: return String(format: "%.3g MB", bytes / 1e6)
        default: return String(format: "%.0f KB", (bytes / 1e3).rounded(.up))
        }
    }
}
