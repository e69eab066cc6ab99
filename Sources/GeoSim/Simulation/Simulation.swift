/// Runs one scenario: wires ranges of replicas, clients, the network and the fault
/// schedule together and dispatches events in (time, scheduling order) until the clients
/// stop and in-flight operations have drained.
///
/// The keyspace is cut into ranges (`RangeLayout`), each a Raft group placed on some of
/// the nodes; a node hosts replicas of many ranges. A write travels client → gateway (a
/// node in the client's region) → the range's leader, which appends and replicates it; at
/// a majority of its voters it commits, and the answer travels back leader → gateway →
/// client. A strong read goes to the leader, which answers from its lease or after a
/// ReadIndex round; other read modes may be served by the gateway's own replica below the
/// leaseholder. Each node is a single FIFO server: handling a message takes a draw of the
/// service time and the messages it sends leave when it finishes. (Its state changes when
/// the message is dequeued in arrival order; only the departures wait for the service
/// time.) Heartbeats and closed timestamps of all ranges between two nodes travel
/// coalesced, one message per node pair and tick.
public final class Simulation {
    let scenario: Scenario
    let layout: RangeLayout
    var queue: EventQueue<SimulationEvent>
    let nodeCount: Int
    /// How the store replicates (Raft ranges, a primary with replicas, leaderless
    /// quorums): chosen once, it picks the request path and the periodic work.
    let mode: ReplicationSettings.Mode
    /// Whether connection pools stand between clients and the store.
    let usesPools: Bool
    var transport: Transport
    var cpu: NodeCPU
    var faults: FaultInjector
    var ranges: RaftRanges
    var leadership: LeadershipStats
    var liveness: NodeLiveness
    var timers: ElectionTimers
    var outcomes: OperationOutcomes
    var timeline: TimelineRecorder
    /// Whether per-second rows are recorded (`--timeline`, or alerts to evaluate on them):
    /// a constant, checked on hot paths.
    let recordsTimeline: Bool
    /// Operations slower than the alerts' threshold (off: a threshold no latency reaches).
    var slowOperations: SlowOperationLog
    /// Raft with alerts: the ranges' commit indices per second, for replica lag.
    var followerLag: FollowerLagSampler?
    var driver: ClientDriver
    /// Each node's disk, when fsyncs are modelled (`Scenario.usesDisk`).
    var disk: NodeDisk<DiskWrite>?
    /// Scratch: the writes of the fsync that just ended (`fsyncEnded`).
    var diskDone: [DiskWrite] = []
    /// Followers' answers waiting for their entries to be durable.
    var heldAcks: HeldAcks
    /// Transactions under way, locks and outcomes (`--txn`); nil for single-key runs.
    var transactions: TransactionCoordinator?
    /// Scratch per replica for `gatherPersisted`: the highest index and the newest term a
    /// group made durable for a leader (index 0: none pending).
    var persistThrough: [UInt64] = []
    var persistTerm: [UInt64] = []
    /// Whether fsyncs are modelled (a constant, checked on hot paths).
    let usesDisk: Bool
    /// Scratch: the effects of one Raft step, carried out by `carryOutEffects`.
    var effects: [RaftEffect] = []
    var now: Nanoseconds = 0
    /// Nothing past it is simulated; longer draws are cut to it (`RunHorizon.swift`).
    let horizon: Nanoseconds
    var eventCount: UInt64 = 0
    var checkers: [RaftSafetyChecker] = []

    /// What reads saw (staleness, visibility, broken promises) and the versions behind it.
    var observation: ReadObservation
    var followerReads: FollowerReads
    /// Primary with replicas (primary-async, primary-sync), when that is the mode.
    var primaries: PrimaryReplication?
    /// Connection pools, when configured.
    var pools: PoolGate?
    /// The caches in front of the store, when configured.
    var cacheLayer: CacheLayer?
    /// Leaderless quorums, when that is the mode.
    var leaderless: LeaderlessCoordinator?
    /// Scratch: per node, the leader replicas it hosts (reused by each publication).
    var rangesLedBy: [[Int32]]

    /// The history for the consistency checkers (`Scenario.recordHistory`, Raft only).
    var recorder: HistoryRecorder?
    /// Whether `recorder` is set (a constant, checked on hot paths).
    let recording: Bool

    /// Hears the simulated time (ns) now and then, for a progress line; nil for every run
    /// nobody watches.
    var progress: (@Sendable (Int) -> Void)?
    /// `progress` is called when the event count is a multiple of this mask plus one (a
    /// power of two, at least 1024).
    var progressMask: UInt64 = (1 << 18) - 1

    /// Simulates `scenario` and returns what happened; `progress` hears the simulated
    /// time (ns) every `progressEvery` events (a power of two, at least 1024). The layout
    /// must come from `RangeLayout.make(for: scenario)`; when it cannot be computed,
    /// every node votes in one range.
    public static func run(_ scenario: Scenario, progress: (@Sendable (Int) -> Void)? = nil, progressEvery: UInt64 = 1 << 18) -> RunOutcome {
        let layout =
            (try? RangeLayout.make(for: scenario))
            ?? RangeLayout(
                ranges: [RangeLayout.allVoters(home: scenario.leaderRegion, topology: scenario.topology)],
                keysPerRange: max(1, scenario.keyCount), survival: nil,
                rangesByHome: scenario.topology.regions.indices.map { $0 == scenario.leaderRegion ? [0] : [] })
        let simulation = Simulation(scenario, layout: layout)
        simulation.progress = progress
        // The next power of two at or above the period: the loop tests a mask.
        let period = max(progressEvery, 1024)
        simulation.progressMask = (period.nonzeroBitCount == 1 ? period : 1 << (64 - period.leadingZeroBitCount)) - 1
        return simulation.run()
    }

    /// The Raft settings a scenario implies: ticks at the heartbeat period, the election
    /// timeout in ticks, and a lease shorter than it by one tick (timer phase) plus the
    /// drift margin (a fast leader clock against a slow follower clock). The preferred
    /// leader is each range's local replica 0.
    public static func raftConfig(for scenario: Scenario) -> RaftConfig {
        var config = scenario.raft
        let heartbeat = max(scenario.heartbeatInterval, 1)
        config.heartbeatTicks = 1
        config.electionTicks = max(2, Int((scenario.electionTimeout +| heartbeat / 2) / heartbeat))
        let driftMargin = Int((Double(config.electionTicks) * 2 * scenario.maxClockDrift).rounded(.up))
        config.leaseTicks = max(0, config.electionTicks - 1 - driftMargin)
        config.leaseReads = scenario.strongReads == .lease
        config.randomizedElectionTimeout = scenario.randomizedElectionTimeout
        config.preferredLeader = scenario.leaderPreference ? 0 : nil
        // Election timers run in continuous time (`ElectionTimers`), not in ticks.
        config.externalElectionTimer = true
        if scenario.unsafe.contains(.commitWithoutQuorum) { config.unsafeCommitWithoutQuorum = true }
        if scenario.unsafe.contains(.votesSkipTermCheck) { config.unsafeVotesSkipTermCheck = true }
        if scenario.unsafe.contains(.votesSkipLogCheck) { config.unsafeIgnoreLogInVotes = true }
        if scenario.unsafe.contains(.leaseWithoutCheckQuorum) {
            config.checkQuorum = false
            config.unsafeLeaseWithoutExpiry = true
        }
        // Every replica must apply every entry from its own log for the checkers to see
        // its state machine: no compaction, so no snapshots.
        if scenario.recordHistory { config.compactionChunk = Int.max }
        config.maxLaggingEntries = scenario.limits.raftLog
        config.persistBeforeCounting = scenario.usesDisk
        return config
    }

    /// The lower end of the election timeout's range (ns): as given, but at least 1 ms,
    /// the resolution real systems set their timers in (`--election-timeout 1ns` would
    /// otherwise have every follower campaign every nanosecond and flood the event queue).
    static func shortestElectionTimeout(for scenario: Scenario) -> Nanoseconds {
        max(scenario.electionTimeout, .millisecond)
    }

    /// The upper end of the election timeout's range (ns): as given
    /// (`--election-timeout A..B`), else 2T; exactly the lower end with
    /// `--fixed-election-timeout`; never below the lower end.
    static func longestElectionTimeout(for scenario: Scenario) -> Nanoseconds {
        let shortest = shortestElectionTimeout(for: scenario)
        guard scenario.randomizedElectionTimeout else { return shortest }
        return max(scenario.electionTimeoutMax ?? scenario.electionTimeout *| 2, shortest)
    }

    init(_ scenario: Scenario, layout: RangeLayout) {
        self.scenario = scenario
        self.layout = layout
        horizon = Simulation.horizon(for: scenario)
        let topology = scenario.topology
        nodeCount = topology.nodes.count
        mode = scenario.replication.mode
        usesPools = scenario.pools.isActive
        let regionCount = topology.regions.count
        let config = Simulation.raftConfig(for: scenario)
        ranges = RaftRanges(layout: layout, config: config, seed: scenario.seed, nodeCount: nodeCount)
        leadership = LeadershipStats(ranges: ranges)
        timers = ElectionTimers(
            replicas: ranges.replicas.count, minimum: Simulation.shortestElectionTimeout(for: scenario),
            maximum: Simulation.longestElectionTimeout(for: scenario), seed: scenario.seed)
        liveness = NodeLiveness(nodeCount: nodeCount, lease: Int64(config.leaseTicks) *| scenario.heartbeatInterval)
        cpu = NodeCPU(scenario: scenario, nodeCount: nodeCount, horizon: horizon)
        usesDisk = scenario.usesDisk
        if let fsync = scenario.fsync, scenario.usesDisk {
            disk = NodeDisk(time: fsync, seed: scenario.seed, nodeCount: topology.nodes.count, horizon: horizon)
        }
        heldAcks = HeldAcks(replicas: scenario.usesDisk ? ranges.replicas.count : 0)
        if scenario.usesDisk {
            persistThrough = Array(repeating: 0, count: ranges.replicas.count)
            persistTerm = Array(repeating: 0, count: ranges.replicas.count)
        }
        driver = ClientDriver(scenario: scenario, layout: layout, horizon: horizon)
        faults = FaultInjector(scenario: scenario, clientEndpoints: (0..<regionCount).map { [topology.nodes.count + $0] })
        let sites = Simulation.sites(of: topology, clients: driver.clients)
        var network = Network(
            topology: topology, endpoints: sites, jitter: scenario.jitter, jitterIsExplicit: scenario.jitterIsExplicit, seed: scenario.seed,
            orderedEndpoints: nodeCount)
        network.horizon = horizon
        let keysPerRange = (scenario.keyCount + layout.ranges.count - 1) / max(layout.ranges.count, 1)
        transport = Transport(
            network: network, nodeCount: nodeCount, traffic: TrafficCounters(sites: sites, regionCount: regionCount),
            sizes: WireSizes(valueBytes: scenario.traffic.valueBytes, keysPerRange: keysPerRange))
        transport.trace = scenario.traceWindow.map { window in
            MessageTrace(window: window, key: scenario.traceKey, range: scenario.traceKey.map { layout.range(ofKey: $0) })
        }
        queue = EventQueue(lanes: transport.laneCount)
        outcomes = OperationOutcomes(regions: regionCount, duration: scenario.duration, exact: scenario.recordExactLatencies)
        timeline = TimelineRecorder(regions: regionCount)
        recordsTimeline = scenario.timeline || scenario.alerts != nil
        followerLag = scenario.alerts != nil && scenario.replication.mode == .raft ? FollowerLagSampler(ranges: layout.ranges.count) : nil
        slowOperations = scenario.alerts.map { SlowOperationLog(threshold: $0.slowThreshold, capacity: $0.slowKept) } ?? SlowOperationLog()
        rangesLedBy = Array(repeating: [], count: nodeCount)
        pools = scenario.pools.isActive ? PoolGate(settings: scenario.pools, regions: regionCount) : nil
        cacheLayer = scenario.cache.map { CacheLayer(settings: $0, regions: regionCount, scenario: scenario) }
        leaderless =
            scenario.replication.mode == .leaderless ? LeaderlessCoordinator(scenario: scenario, nodeCount: nodeCount, horizon: horizon) : nil
        switch scenario.replication.mode {
        case .primaryAsync, .primarySync: primaries = PrimaryReplication(scenario: scenario, horizon: horizon)
        case .raft, .leaderless: primaries = nil
        }
        followerReads = FollowerReads(scenario: scenario, replicas: ranges.replicas.count, ranges: layout.ranges.count)
        recording = scenario.recordHistory
        // Strong-only Raft runs have nothing to measure: every read is the leaseholder's.
        let measured = scenario.readMode != .strong || scenario.locality == .global || scenario.replication.mode != .raft || scenario.cache != nil || recording
        observation = ReadObservation(isActive: measured, regions: regionCount)
        effects.reserveCapacity(64)
        if scenario.checkSafety || (recording && scenario.replication.mode == .raft) { checkers = layout.ranges.map { _ in RaftSafetyChecker() } }
        recorder = recording ? HistoryRecorder(scenario: scenario, layout: layout, replicas: ranges.replicas.count) : nil
        transactions = scenario.transaction.map {
            TransactionCoordinator(
                settings: $0, regions: scenario.topology.regions.count, ranges: layout.ranges.count, recording: scenario.recordHistory,
                seed: scenario.seed)
        }
        transactions?.locks.detectsOnRequest = primaries == nil
        ranges.bootstrap()
        for range in layout.ranges.indices {
            let leader = ranges.replica(0, ofRange: range)
            if !checkers.isEmpty { checkers[range].leaderElected(node: 0, term: 1, log: ranges.replicas[leader], at: 0) }
            recorder?.leaderElected(range: range, node: ranges.node(of: leader), term: 1, at: 0)
        }
    }

    /// Where each endpoint sits: the nodes, then one client per region.
    static func sites(of topology: Topology, clients: [OpenLoopClient]) -> [Network.Site] {
        topology.nodes.map { Network.Site(region: $0.region, zone: $0.zone) }
            + clients.map { client in
                let zone = topology.nodes.first { $0.region == client.region }.map(\.zone) ?? 0
                return Network.Site(region: client.region, zone: zone)
            }
    }
}
