/// Each node's processors: `cores` FIFO servers. Handling a message occupies the first
/// free core for one draw of the work's service time; the messages it sends leave when
/// the core finishes. (The node's state changes when the message is dequeued, in arrival
/// order; only the departures wait for the service time.)
///
/// Invariants: `busyUntil[node]` is the earliest free time of the node's cores, and
/// `busyTime[node]` grows only.
struct NodeCPU {
    /// The kinds of work a node does, each with its own service time.
    enum Work: Int, CaseIterable { case read, write, replication, apply }

    let cores: Int
    /// Per node, the earliest time one of its cores is free (ns).
    private(set) var busyUntil: [Nanoseconds]
    /// Per node and core (row-major), when the core is free (ns).
    private var coreFree: [Nanoseconds]
    /// Per node, the service time spent so far (ns), for utilization.
    private(set) var busyTime: [Nanoseconds]
    private var random: [RandomStream]
    /// Per kind of work (`Work.rawValue`): its service time in ns when it is a constant, so
    /// the hot path neither copies the distribution (an indirect enum, so a retain and a
    /// release) nor switches on it; nil when it must be drawn.
    private let constantServiceTime: [Nanoseconds?]
    private let serviceTime: [Distribution]
    /// Service draws longer than the run's horizon are cut to it and counted here.
    private(set) var capped = CappedDraws()
    private let horizon: Nanoseconds

    init(scenario: Scenario, nodeCount: Int, horizon: Nanoseconds) {
        cores = max(1, scenario.cores)
        busyUntil = Array(repeating: 0, count: nodeCount)
        coreFree = Array(repeating: 0, count: nodeCount * cores)
        busyTime = Array(repeating: 0, count: nodeCount)
        random = (0..<nodeCount).map { RandomStream(seed: scenario.seed, component: "service", index: $0) }
        let times = Work.allCases.map { NodeCPU.serviceTime($0, in: scenario) }
        serviceTime = times
        constantServiceTime = times.map { time in
            guard case .constant = time else { return nil }
            // A constant draws no random number: sampling it once gives every sample.
            var unused = RandomStream(seed: 0)
            return time.sample(using: &unused)
        }
        self.horizon = horizon
    }

    /// The service time of `work` a scenario sets.
    static func serviceTime(_ work: Work, in scenario: Scenario) -> Distribution {
        switch work {
        case .read: return scenario.readService ?? scenario.serviceTime
        case .write: return scenario.writeService ?? scenario.serviceTime
        case .replication: return scenario.replicationService ?? scenario.serviceTime
        case .apply: return scenario.applyService ?? .constant(0)
        }
    }

    /// Occupies the first free core of `node` for `times` service times of `work`, in FIFO
    /// order from `now`; returns the instant it finishes (when its outgoing messages leave).
    @inline(__always)
    mutating func serve(node: Int, _ work: Work, times: Int = 1, now: Nanoseconds) -> Nanoseconds {
        let draw = constantServiceTime[work.rawValue] ?? serviceTime[work.rawValue].sample(using: &random[node])
        let duration = capped.cap(draw, at: horizon, CappedDraws.serviceSources[work.rawValue]) *| Int64(times)
        if cores == 1 {
            let start = max(now, busyUntil[node])
            busyUntil[node] = start +| duration
            busyTime[node] = busyTime[node] +| duration
            return start +| duration
        }
        let base = node * cores
        var chosen = base
        for core in (base + 1)..<(base + cores) where coreFree[core] < coreFree[chosen] { chosen = core }
        let start = max(now, coreFree[chosen])
        coreFree[chosen] = start +| duration
        busyTime[node] = busyTime[node] +| duration
        var earliest = coreFree[base]
        for core in (base + 1)..<(base + cores) { earliest = min(earliest, coreFree[core]) }
        busyUntil[node] = earliest
        return start +| duration
    }

    /// A restarted node starts idle: whatever it was serving when it crashed is gone.
    mutating func restart(node: Int, now: Nanoseconds) {
        busyUntil[node] = now
        for core in (node * cores)..<((node + 1) * cores) { coreFree[core] = now }
    }

    /// Per node, the share of its cores' time spent serving by `now` (0…1).
    func utilization(at now: Nanoseconds) -> [Double] {
        busyTime.map { now > 0 ? min(1, Double($0) / Double(now) / Double(cores)) : 0 }
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        for node in busyUntil.indices {
            let free = coreFree[(node * cores)..<((node + 1) * cores)]
            if cores > 1, let earliest = free.min(), earliest != busyUntil[node] {
                problems.append("node \(node): busyUntil \(busyUntil[node]) is not its earliest free core \(earliest)")
            }
            if busyTime[node] < 0 { problems.append("node \(node): negative busy time") }
        }
        return problems
    }
}
