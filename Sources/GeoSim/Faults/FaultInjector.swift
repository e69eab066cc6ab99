/// The fault schedule in force and what it does to nodes: which are down, how their
/// clocks are off and how fast their timers fire. The simulation asks it which nodes a
/// fault hits and carries out the consequences (leaders lost, replicas restarted, links
/// cut); link faults themselves are the network's.
///
/// Invariants: `tickEpoch[node]` only grows; a node's tick interval is positive.
struct FaultInjector {
    let faults: [Fault]
    /// Per node: crashed and not restarted.
    private(set) var down: [Bool]
    /// Per node: bumped at each crash, so ticks scheduled before it are recognised as stale.
    private(set) var tickEpoch: [UInt32]
    /// Each node's tick period on its own clock (ns): drift makes it shorter or longer.
    private(set) var tickInterval: [Nanoseconds]
    /// Each node's clock offset from true time (ns), set by clock faults.
    private(set) var clockOffset: [Nanoseconds]
    /// Per fault of the schedule: in force now.
    private var active: [Bool]
    /// The liveness phase has begun: every fault ended and none starts again.
    private(set) var healed = false
    private var healedPartially = false
    private let heartbeatInterval: Nanoseconds
    /// Per node, its region; and per region, its clients' endpoints.
    private let nodeRegion: [Int]
    private let clientEndpoints: [[Int]]

    init(scenario: Scenario, clientEndpoints: [[Int]]) {
        faults = scenario.faults
        let nodeCount = scenario.topology.nodes.count
        down = Array(repeating: false, count: nodeCount)
        tickEpoch = Array(repeating: 0, count: nodeCount)
        tickInterval = Array(repeating: scenario.heartbeatInterval, count: nodeCount)
        clockOffset = Array(repeating: 0, count: nodeCount)
        active = Array(repeating: false, count: scenario.faults.count)
        heartbeatInterval = scenario.heartbeatInterval
        nodeRegion = scenario.topology.nodes.map(\.region)
        self.clientEndpoints = clientEndpoints
    }

    /// How long one second of `node`'s clock lasts in true time (below 1 when it runs fast).
    @inline(__always)
    func clockScale(of node: Int) -> Double {
        tickInterval[node] == heartbeatInterval ? 1 : Double(tickInterval[node]) / Double(max(heartbeatInterval, 1))
    }

    /// Node `node`'s clock at true time `now` (ns).
    @inline(__always)
    func clock(of node: Int, now: Nanoseconds) -> Nanoseconds { now +| clockOffset[node] }

    /// Fault `index` starts or ends; returns it.
    mutating func setActive(_ index: Int, _ starting: Bool) -> Fault {
        active[index] = starting
        return faults[index]
    }

    /// The faults in force, in schedule order.
    var activeFaults: [Fault] { faults.indices.filter { active[$0] }.map { faults[$0] } }

    /// The indices of the faults in force, in schedule order.
    var activeIndices: [Int] { faults.indices.filter { active[$0] } }

    /// The liveness phase began: no fault starts or ends from now on (`partially`: the
    /// faults that do not touch the heal core stay in force).
    mutating func heal(partially: Bool = false) {
        healed = true
        healedPartially = partially
    }

    /// Marks `node` crashed; false when it already was.
    mutating func markDown(_ node: Int) -> Bool {
        guard !down[node] else { return false }
        down[node] = true
        tickEpoch[node] &+= 1
        return true
    }

    /// Marks `node` restarted; false when it was not down.
    mutating func markUp(_ node: Int) -> Bool {
        guard down[node] else { return false }
        down[node] = false
        return true
    }

    /// A clock fault on `node` starts or ends: a fast clock (drift > 0) fires its timers
    /// sooner in true time.
    mutating func setClock(node: Int, offset: Nanoseconds, drift: Double, starting: Bool) {
        let rate = starting ? 1 + drift : 1
        tickInterval[node] = max(1, Int64(saturating: Double(heartbeatInterval) / rate))
        clockOffset[node] = starting ? offset : 0
    }

    /// The nodes a target names.
    func nodes(of target: Fault.Target) -> [Int] {
        switch target {
        case .node(let node): return [node]
        case .region(let region): return nodeRegion.indices.filter { nodeRegion[$0] == region }
        }
    }

    /// The endpoints a target names: a region's nodes and its clients.
    func endpoints(of target: Fault.Target) -> [Int] {
        switch target {
        case .node(let node): return [node]
        case .region(let region): return nodes(of: target) + clientEndpoints[region]
        }
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        for node in tickInterval.indices where tickInterval[node] <= 0 { problems.append("node \(node): tick interval \(tickInterval[node]) ≤ 0") }
        if healed, !healedPartially, let index = active.firstIndex(of: true) { problems.append("fault \(index) in force after the heal") }
        return problems
    }
}
