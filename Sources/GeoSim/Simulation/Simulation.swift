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
    var queue = EventQueue<SimulationEvent>()
    var network: Network
    let nodeCount: Int
    /// Per node, the earliest time one of its cores is free (ns).
    var busyUntil: [Nanoseconds]
    /// Per node and core (row-major), when the core is free (ns); and per node the
    /// service time spent so far, for utilization.
    var coreFree: [Nanoseconds]
    var busyTime: [Nanoseconds]
    let cores: Int
    var serviceRandom: [RandomStream]
    /// Per kind of work (`Work.rawValue`): its service time in ns when it is a constant, so
    /// the hot path neither copies the distribution (an indirect enum, so a retain and a
    /// release) nor switches on it; nil when it must be drawn.
    let constantServiceTime: [Nanoseconds?]
    var clients: [OpenLoopClient]
    var effects: [RaftEffect] = []
    var writes: [OperationStats]
    var reads: [OperationStats]
    var now: Nanoseconds = 0
    /// Nothing past it is simulated; longer draws are cut to it (`RunHorizon.swift`).
    let horizon: Nanoseconds
    var cappedDraws = CappedDraws()
    var pendingOperations = 0
    var eventCount: UInt64 = 0

    // Replicas: one `RaftNode` per (range, node hosting it), by global replica id.
    var replicas: [RaftNode]
    var replicaRange: [Int32]
    var replicaNode: [Int32]
    /// Global id of each range's local replica 0 (its preferred leaseholder).
    var rangeBase: [Int32]
    var rangeSize: [Int32]
    /// range × nodeCount + node → global replica id, or -1.
    var replicaOf: [Int32]
    var replicasOnNode: [[Int32]]
    var proposals: [ProposalLog]
    /// Per range, the node believed to lead (a gateway's range cache).
    var leaderHint: [Int32]
    var batches: CoalescedBatches
    /// Whether deliveries between replicas use the queue's FIFO lanes (one per ordered
    /// pair of nodes; skipped for very large clusters, where the lanes would cost memory).
    let usesLanes: Bool
    /// Scratch: the batches a round closed, before they are sent.
    var closedRound: [(node: Int, batch: Int32)] = []
    /// Whether effects of the current step may join coalesced batches (ticks and
    /// coalesced deliveries), and the node whose batches they join.
    var coalescingFrom: Int?

    // Faults.
    var down: [Bool]
    var tickEpoch: [UInt32]
    /// Each node's tick period on its own clock (ns): drift makes it shorter or longer.
    var tickInterval: [Nanoseconds]
    var activeFaults: [Bool]
    var retryRandom: RandomStream

    // Leadership metrics, per range where noted.
    var committedEntries: UInt64 = 0
    var elections = 0
    var leaderChanges = 0
    var ledTerm: [UInt64]  // per replica
    var newestLeaderTerm: [UInt64]  // per range
    var leaderLostAt: [Nanoseconds?]  // per range
    var awaitingFirstCommit: [(replica: Int, term: UInt64, since: Nanoseconds)?]  // per range
    var leaderlessTime: Nanoseconds = 0
    var failovers: [Nanoseconds] = []
    /// When each leader replica last heard an append answer from each peer: per range a
    /// size × size block starting at `answerBase[range]`.
    var lastAnswer: [Nanoseconds]
    var answerBase: [Int]

    // Availability over time: per region, per 100 ms of issue time, bit 0 = something
    // ended ok, bit 1 = something failed or timed out.
    static let outageStep: Nanoseconds = 100 * .millisecond
    var writeOutcomeFlags: [[UInt8]]
    var readOutcomeFlags: [[UInt8]]

    // Timeline.
    var timeline: [TimelineRow] = []
    var secondCells: [TimelineRow.Cell]
    var secondWriteLatency: [LatencyHistogram]
    var secondReadLatency: [LatencyHistogram]

    var checkers: [RaftSafetyChecker] = []

    // Reads below the leaseholder: MVCC versions, closed timestamps, clocks, staleness.
    var versions: VersionHistory?
    var closed: ClosedTimestamps
    /// Each node's clock offset from true time (ns), set by clock faults.
    var clockOffset: [Nanoseconds]
    /// Per range, the highest closed timestamp its leaseholders published: later writes
    /// are timestamped above it, whoever leads (a new lease starts after the old promise).
    var closedFloor: [Nanoseconds]
    /// Global tables: how far ahead of its clock a leaseholder timestamps writes and
    /// closes timestamps (max clock offset + publish period + propagation) (ns).
    let globalLead: Nanoseconds
    var staleness: [StalenessStats]
    var visibility: [VisibilityCurve]
    var readViolations: [String] = []
    /// Node liveness, per (node, peer) row-major: when `node` last heard a ping from
    /// `peer`, and the send time of the latest of `node`'s pings that `peer` answered (ns).
    var lastPingFrom: [Nanoseconds]
    var lastPongFor: [Nanoseconds]
    /// How long a quiesced leaseholder's lease lasts after a ping a peer answered (ns):
    /// the Raft lease, in time.
    let livenessLease: Nanoseconds
    // Primary with replicas (primary-async, primary-sync).
    var primaries: PrimaryReplicaSet?
    var applyRandom: RandomStream
    /// primary-sync: per node, the highest index it acknowledged; and the writes waiting
    /// for enough acknowledgements, in index order.
    var shipAcked: [UInt64]
    var syncWaiting = FIFOQueue<(index: UInt64, operation: UInt64)>()
    /// The highest index acknowledged to a client.
    var acknowledgedThrough: UInt64 = 0
    var replicaLag: [LatencyHistogram]
    var secondLag: [LatencyHistogram]
    var lostAcknowledgedWrites = 0
    var promotions = 0
    var acknowledgedLog: [(index: UInt64, committedAt: Nanoseconds)] = []
    var primaryDownSince: Nanoseconds?
    var lagScratch: [Nanoseconds] = []
    var ackScratch: [UInt64] = []
    /// Connection pools, when configured.
    var pools: ConnectionPools?
    // Caches, per client region.
    var caches: [CacheTier] = []
    var cacheStats: [CacheStats] = []
    var xfetchRandom: RandomStream
    /// The hottest key's last expiry seen per region, and the store fetches for it since.
    var hotExpiry: [Nanoseconds?] = []
    var hotFetches: [Int] = []
    var hotKeyExpiryFetches = 0
    // Leaderless.
    var leaderless: LeaderlessStore?
    var legRandom: RandomStream
    /// Scratch: per node, the leader replicas it hosts (reused by each publication).
    var rangesLedBy: [[Int32]]
    /// Per range, the last MVCC timestamp given to a write (ns): timestamps only grow
    /// within a range (as a hybrid logical clock makes them), so they are unique per key.
    var lastTimestamp: [Nanoseconds]
    /// Per client (session), the highest version timestamp its guarantees oblige reads
    /// to see (ns).
    var sessionToken: [Nanoseconds]
    let ignoreClosedTimestamps: Bool

    // Recording for the consistency checkers (`Scenario.recordHistory`).
    let recording: Bool
    var history = RunHistory()
    /// What each proposed entry writes, by (range, index, term).
    var entryPayloads: [EntryID: (key: Int, value: Int64)] = [:]
    /// Per replica, each key's values in the order the replica applied them, and the
    /// highest index it applied: every replica's own state machine.
    var appliedValues: [[Int: [Int64]]] = []
    var appliedThrough: [UInt64] = []
    /// When each committed version of a key became visible (its commit, or the end of its
    /// commit wait): no replica returns it before then. Keyed by key and value, since
    /// ranges draw timestamps independently: two ranges proposing at the same instant on
    /// one node give their writes the same timestamp.
    var visibleAt: [KeyVersion: Nanoseconds] = [:]
    struct KeyVersion: Hashable {
        var key: Int
        var value: Int64
    }
    /// The liveness phase has begun: faults are over.
    var healed = false

    struct EntryID: Hashable {
        var range: Int32
        var index: UInt64
        var term: UInt64
    }

    /// Simulates `scenario` and returns what happened. The layout must come from
    /// `RangeLayout.make(for: scenario)`; when it cannot be computed, every node votes in
    /// one range.
    public static func run(_ scenario: Scenario) -> RunOutcome {
        let layout =
            (try? RangeLayout.make(for: scenario))
            ?? RangeLayout(
                ranges: [RangeLayout.allVoters(home: scenario.leaderRegion, topology: scenario.topology)],
                keysPerRange: max(1, scenario.keyCount), survival: nil,
                rangesByHome: scenario.topology.regions.indices.map { $0 == scenario.leaderRegion ? [0] : [] })
        return Simulation(scenario, layout: layout).run()
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
        return config
    }

    init(_ scenario: Scenario, layout: RangeLayout) {
        self.scenario = scenario
        self.layout = layout
        horizon = Simulation.horizon(for: scenario)
        let topology = scenario.topology
        nodeCount = topology.nodes.count
        let regionCount = topology.regions.count
        usesLanes = nodeCount <= 256
        queue = EventQueue(lanes: usesLanes ? nodeCount * nodeCount : 0)
        let config = Simulation.raftConfig(for: scenario)

        replicas = []
        replicaRange = []
        replicaNode = []
        rangeBase = []
        rangeSize = []
        replicaOf = Array(repeating: -1, count: layout.ranges.count * nodeCount)
        replicasOnNode = Array(repeating: [], count: nodeCount)
        answerBase = []
        var answers = 0
        for (range, placement) in layout.ranges.enumerated() {
            let members = placement.voters + placement.nonVoters
            let voters = Array(0..<placement.voters.count)
            let learners = Array(placement.voters.count..<members.count)
            rangeBase.append(Int32(replicas.count))
            rangeSize.append(Int32(members.count))
            answerBase.append(answers)
            answers += members.count * members.count
            let seed = scenario.seed &+ UInt64(range) &* 0x9E37_79B9_7F4A_7C15
            for (local, node) in members.enumerated() {
                let id = Int32(replicas.count)
                replicas.append(RaftNode(id: local, voters: voters, learners: learners, config: config, seed: seed))
                replicaRange.append(Int32(range))
                replicaNode.append(Int32(node))
                replicaOf[range * nodeCount + node] = id
                replicasOnNode[node].append(id)
            }
        }
        lastAnswer = Array(repeating: 0, count: answers)
        proposals = Array(repeating: ProposalLog(), count: layout.ranges.count)
        leaderHint = layout.ranges.map { Int32($0.voters.first ?? 0) }
        batches = CoalescedBatches(nodeCount: nodeCount)
        rangesLedBy = Array(repeating: [], count: nodeCount)
        applyRandom = RandomStream(seed: scenario.seed, component: "apply")
        legRandom = RandomStream(seed: scenario.seed, component: "legs")
        xfetchRandom = RandomStream(seed: scenario.seed, component: "xfetch")
        pools = scenario.pools.isActive ? ConnectionPools(settings: scenario.pools, regions: topology.regions.count) : nil
        if let cache = scenario.cache {
            caches = Array(repeating: CacheTier(capacity: cache.capacity), count: topology.regions.count)
            cacheStats = Array(repeating: CacheStats(), count: topology.regions.count)
            hotExpiry = Array(repeating: nil, count: topology.regions.count)
            hotFetches = Array(repeating: 0, count: topology.regions.count)
        }
        leaderless =
            scenario.replication.mode == .leaderless
            ? LeaderlessStore(replicaCount: min(scenario.replication.n, nodeCount), nodeCount: nodeCount) : nil
        shipAcked = Array(repeating: 0, count: nodeCount)
        replicaLag = Array(repeating: LatencyHistogram(), count: topology.regions.count)
        secondLag = replicaLag
        switch scenario.replication.mode {
        case .primaryAsync, .primarySync:
            let primary = topology.nodes.firstIndex(where: { $0.region == scenario.leaderRegion }) ?? 0
            primaries = PrimaryReplicaSet(primary: primary, nodeCount: nodeCount)
        case .raft, .leaderless:
            primaries = nil
        }
        lastPingFrom = Array(repeating: 0, count: nodeCount * nodeCount)
        lastPongFor = Array(repeating: 0, count: nodeCount * nodeCount)
        livenessLease = Int64(config.leaseTicks) *| scenario.heartbeatInterval

        busyUntil = Array(repeating: 0, count: nodeCount)
        cores = max(1, scenario.cores)
        coreFree = Array(repeating: 0, count: nodeCount * max(1, scenario.cores))
        busyTime = Array(repeating: 0, count: nodeCount)
        serviceRandom = (0..<nodeCount).map { RandomStream(seed: scenario.seed, component: "service", index: $0) }
        constantServiceTime = Work.allCases.map { work in
            if case .constant = Simulation.serviceTime(work, in: scenario) {
                // A constant draws no random number: sampling it once gives every sample.
                var unused = RandomStream(seed: 0)
                return Simulation.serviceTime(work, in: scenario).sample(using: &unused)
            }
            return nil
        }
        down = Array(repeating: false, count: nodeCount)
        tickEpoch = Array(repeating: 0, count: nodeCount)
        tickInterval = Array(repeating: scenario.heartbeatInterval, count: nodeCount)
        activeFaults = Array(repeating: false, count: scenario.faults.count)
        retryRandom = RandomStream(seed: scenario.seed, component: "retry")
        ledTerm = Array(repeating: 0, count: replicas.count)
        newestLeaderTerm = Array(repeating: 0, count: layout.ranges.count)
        leaderLostAt = Array(repeating: nil, count: layout.ranges.count)
        awaitingFirstCommit = Array(repeating: nil, count: layout.ranges.count)
        closed = ClosedTimestamps(replicas: replicas.count)
        clockOffset = Array(repeating: 0, count: nodeCount)
        closedFloor = Array(repeating: Int64.min, count: layout.ranges.count)
        staleness = Array(repeating: StalenessStats(), count: regionCount)
        visibility = Array(repeating: VisibilityCurve(), count: regionCount)
        recording = scenario.recordHistory && scenario.replication.mode == .raft
        if scenario.readMode != .strong || scenario.locality == .global || scenario.replication.mode != .raft || scenario.cache != nil || recording {
            versions = VersionHistory()
        }
        lastTimestamp = Array(repeating: 0, count: layout.ranges.count)
        sessionToken = Array(repeating: Int64.min, count: regionCount)
        ignoreClosedTimestamps = scenario.unsafeIgnoreClosedTimestamps || scenario.unsafe.contains(.followerReadsIgnoreClosedTimestamp)
        var longestOneWay: Nanoseconds = 0
        for a in topology.regions.indices {
            for b in topology.regions.indices { longestOneWay = max(longestOneWay, topology.roundTrip(fromRegion: a, toRegion: b) / 2) }
        }
        globalLead = scenario.maxClockOffset +| scenario.closedTimestampInterval +| longestOneWay

        var sites = topology.nodes.map { Network.Site(region: $0.region, zone: $0.zone) }
        var clients: [OpenLoopClient] = []
        let perClientRate = scenario.rate / Double(regionCount)
        let keys = KeyChooser(keyCount: scenario.keyCount, popularity: scenario.keyPopularity)
        for region in 0..<regionCount {
            // The client sits in the zone of its region's first node and tries that zone's
            // nodes first.
            let inRegion = topology.nodes.indices.filter { topology.nodes[$0].region == region }
            let zone = inRegion.first.map { topology.nodes[$0].zone } ?? 0
            let gateways = inRegion.filter { topology.nodes[$0].zone == zone } + inRegion.filter { topology.nodes[$0].zone != zone }
            sites.append(Network.Site(region: region, zone: zone))
            clients.append(
                OpenLoopClient(
                    region: region, endpoint: nodeCount + region, gateways: gateways.isEmpty ? [0] : gateways,
                    meanInterarrival: perClientRate > 0 ? 1e9 / perClientRate : .infinity,
                    writeFraction: scenario.writeFraction, keys: keys,
                    random: RandomStream(seed: scenario.seed, component: "client", index: region)))
        }
        self.clients = clients
        network = Network(
            topology: topology, endpoints: sites, jitter: scenario.jitter,
            jitterIsExplicit: scenario.jitterIsExplicit, seed: scenario.seed, orderedEndpoints: nodeCount)
        network.horizon = horizon
        writes = Array(repeating: OperationStats(), count: regionCount)
        reads = Array(repeating: OperationStats(), count: regionCount)
        let steps = Int(scenario.duration / Simulation.outageStep) + 1
        writeOutcomeFlags = Array(repeating: Array(repeating: 0, count: steps), count: regionCount)
        readOutcomeFlags = writeOutcomeFlags
        secondCells = Array(repeating: TimelineRow.Cell(), count: regionCount)
        secondWriteLatency = Array(repeating: LatencyHistogram(), count: regionCount)
        secondReadLatency = secondWriteLatency
        effects.reserveCapacity(64)
        if scenario.checkSafety || recording { checkers = layout.ranges.map { _ in RaftSafetyChecker() } }
        if recording {
            appliedValues = Array(repeating: [:], count: replicas.count)
            appliedThrough = Array(repeating: 0, count: replicas.count)
            history.keysPerRange = layout.keysPerRange
            history.clockSlack = scenario.maxClockOffset
            history.sessionGuarantees = scenario.sessionGuarantees
            history.healedAt = scenario.healAt
            history.firstProgressAfterHeal = Array(repeating: nil, count: layout.ranges.count)
        }

        for range in layout.ranges.indices {
            let base = Int(rangeBase[range])
            for local in 0..<Int(rangeSize[range]) {
                if local == 0 { replicas[base].bootstrapAsLeader(term: 1) } else { replicas[base + local].bootstrapAsFollower(term: 1, leader: 0) }
            }
            ledTerm[base] = 1
            newestLeaderTerm[range] = 1
            if !checkers.isEmpty { checkers[range].leaderElected(node: 0, term: 1, log: replicas[base], at: 0) }
            if recording { history.leaderships.append(.init(range: range, node: Int(replicaNode[base]), term: 1, at: 0)) }
        }
    }
}
