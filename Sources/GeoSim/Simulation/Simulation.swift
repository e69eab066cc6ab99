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
    private let scenario: Scenario
    private let layout: RangeLayout
    private var queue = EventQueue<SimulationEvent>()
    private var network: Network
    private let nodeCount: Int
    /// Per node, the earliest time one of its cores is free (ns).
    private var busyUntil: [Nanoseconds]
    /// Per node and core (row-major), when the core is free (ns); and per node the
    /// service time spent so far, for utilization.
    private var coreFree: [Nanoseconds]
    private var busyTime: [Nanoseconds]
    private let cores: Int
    private var serviceRandom: [RandomStream]
    /// Per kind of work (`Work.rawValue`): its service time in ns when it is a constant, so
    /// the hot path neither copies the distribution (an indirect enum, so a retain and a
    /// release) nor switches on it; nil when it must be drawn.
    private let constantServiceTime: [Nanoseconds?]
    private var clients: [OpenLoopClient]
    private var effects: [RaftEffect] = []
    private var writes: [OperationStats]
    private var reads: [OperationStats]
    private var now: Nanoseconds = 0
    /// Nothing past it is simulated; longer draws are cut to it (`RunHorizon.swift`).
    private let horizon: Nanoseconds
    private var cappedDraws = CappedDraws()
    private var pendingOperations = 0
    private var eventCount: UInt64 = 0

    // Replicas: one `RaftNode` per (range, node hosting it), by global replica id.
    private var replicas: [RaftNode]
    private var replicaRange: [Int32]
    private var replicaNode: [Int32]
    /// Global id of each range's local replica 0 (its preferred leaseholder).
    private var rangeBase: [Int32]
    private var rangeSize: [Int32]
    /// range × nodeCount + node → global replica id, or -1.
    private var replicaOf: [Int32]
    private var replicasOnNode: [[Int32]]
    private var proposals: [ProposalLog]
    /// Per range, the node believed to lead (a gateway's range cache).
    private var leaderHint: [Int32]
    private var batches: CoalescedBatches
    /// Whether deliveries between replicas use the queue's FIFO lanes (one per ordered
    /// pair of nodes; skipped for very large clusters, where the lanes would cost memory).
    private let usesLanes: Bool
    /// Scratch: the batches a round closed, before they are sent.
    private var closedRound: [(node: Int, batch: Int32)] = []
    /// Whether effects of the current step may join coalesced batches (ticks and
    /// coalesced deliveries), and the node whose batches they join.
    private var coalescingFrom: Int?

    // Faults.
    private var down: [Bool]
    private var tickEpoch: [UInt32]
    /// Each node's tick period on its own clock (ns): drift makes it shorter or longer.
    private var tickInterval: [Nanoseconds]
    private var activeFaults: [Bool]
    private var retryRandom: RandomStream

    // Leadership metrics, per range where noted.
    private var committedEntries: UInt64 = 0
    private var elections = 0
    private var leaderChanges = 0
    private var ledTerm: [UInt64]  // per replica
    private var newestLeaderTerm: [UInt64]  // per range
    private var leaderLostAt: [Nanoseconds?]  // per range
    private var awaitingFirstCommit: [(replica: Int, term: UInt64, since: Nanoseconds)?]  // per range
    private var leaderlessTime: Nanoseconds = 0
    private var failovers: [Nanoseconds] = []
    /// When each leader replica last heard an append answer from each peer: per range a
    /// size × size block starting at `answerBase[range]`.
    private var lastAnswer: [Nanoseconds]
    private var answerBase: [Int]

    // Availability over time: per region, per 100 ms of issue time, bit 0 = something
    // ended ok, bit 1 = something failed or timed out.
    private static let outageStep: Nanoseconds = 100 * .millisecond
    private var writeOutcomeFlags: [[UInt8]]
    private var readOutcomeFlags: [[UInt8]]

    // Timeline.
    private var timeline: [TimelineRow] = []
    private var secondCells: [TimelineRow.Cell]
    private var secondWriteLatency: [LatencyHistogram]
    private var secondReadLatency: [LatencyHistogram]

    private var checkers: [RaftSafetyChecker] = []

    // Reads below the leaseholder: MVCC versions, closed timestamps, clocks, staleness.
    private var versions: VersionHistory?
    private var closed: ClosedTimestamps
    /// Each node's clock offset from true time (ns), set by clock faults.
    private var clockOffset: [Nanoseconds]
    /// Per range, the highest closed timestamp its leaseholders published: later writes
    /// are timestamped above it, whoever leads (a new lease starts after the old promise).
    private var closedFloor: [Nanoseconds]
    /// Global tables: how far ahead of its clock a leaseholder timestamps writes and
    /// closes timestamps (max clock offset + publish period + propagation) (ns).
    private let globalLead: Nanoseconds
    private var staleness: [StalenessStats]
    private var visibility: [VisibilityCurve]
    private var readViolations: [String] = []
    /// Node liveness, per (node, peer) row-major: when `node` last heard a ping from
    /// `peer`, and the send time of the latest of `node`'s pings that `peer` answered (ns).
    private var lastPingFrom: [Nanoseconds]
    private var lastPongFor: [Nanoseconds]
    /// How long a quiesced leaseholder's lease lasts after a ping a peer answered (ns):
    /// the Raft lease, in time.
    private let livenessLease: Nanoseconds
    // Primary with replicas (primary-async, primary-sync).
    private var primaries: PrimaryReplicaSet?
    private var applyRandom: RandomStream
    /// primary-sync: per node, the highest index it acknowledged; and the writes waiting
    /// for enough acknowledgements, in index order.
    private var shipAcked: [UInt64]
    private var syncWaiting = FIFOQueue<(index: UInt64, operation: UInt64)>()
    /// The highest index acknowledged to a client.
    private var acknowledgedThrough: UInt64 = 0
    private var replicaLag: [LatencyHistogram]
    private var secondLag: [LatencyHistogram]
    private var lostAcknowledgedWrites = 0
    private var promotions = 0
    private var acknowledgedLog: [(index: UInt64, committedAt: Nanoseconds)] = []
    private var primaryDownSince: Nanoseconds?
    private var lagScratch: [Nanoseconds] = []
    private var ackScratch: [UInt64] = []
    /// Connection pools, when configured.
    private var pools: ConnectionPools?
    // Caches, per client region.
    private var caches: [CacheTier] = []
    private var cacheStats: [CacheStats] = []
    private var xfetchRandom: RandomStream
    /// The hottest key's last expiry seen per region, and the store fetches for it since.
    private var hotExpiry: [Nanoseconds?] = []
    private var hotFetches: [Int] = []
    private var hotKeyExpiryFetches = 0
    // Leaderless.
    private var leaderless: LeaderlessStore?
    private var legRandom: RandomStream
    /// Scratch: per node, the leader replicas it hosts (reused by each publication).
    private var rangesLedBy: [[Int32]]
    /// Per range, the last MVCC timestamp given to a write (ns): timestamps only grow
    /// within a range (as a hybrid logical clock makes them), so they are unique per key.
    private var lastTimestamp: [Nanoseconds]
    /// Per client (session), the highest version timestamp its guarantees oblige reads
    /// to see (ns).
    private var sessionToken: [Nanoseconds]
    private let ignoreClosedTimestamps: Bool

    // Recording for the consistency checkers (`Scenario.recordHistory`).
    private let recording: Bool
    private var history = RunHistory()
    /// What each proposed entry writes, by (range, index, term).
    private var entryPayloads: [EntryID: (key: Int, value: Int64)] = [:]
    /// Per replica, each key's values in the order the replica applied them, and the
    /// highest index it applied: every replica's own state machine.
    private var appliedValues: [[Int: [Int64]]] = []
    private var appliedThrough: [UInt64] = []
    /// When each committed version of a key became visible (its commit, or the end of its
    /// commit wait): no replica returns it before then. Keyed by key and value, since
    /// ranges draw timestamps independently: two ranges proposing at the same instant on
    /// one node give their writes the same timestamp.
    private var visibleAt: [KeyVersion: Nanoseconds] = [:]
    private struct KeyVersion: Hashable {
        var key: Int
        var value: Int64
    }
    /// The liveness phase has begun: faults are over.
    private var healed = false

    private struct EntryID: Hashable {
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

    private init(_ scenario: Scenario, layout: RangeLayout) {
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

    private func run() -> RunOutcome {
        if let users = scenario.closedLoopClients {
            // Closed loop: each region's users start after a first think time.
            for client in clients.indices {
                for _ in 0..<users {
                    queue.schedule(
                        .arrival(client: Int32(client)),
                        at: max(1, cappedDraws.cap(scenario.thinkTime.sample(using: &clients[client].random), at: horizon, .thinkTime)))
                }
            }
        } else {
            for client in clients.indices where clients[client].meanInterarrival.isFinite {
                queue.schedule(.arrival(client: Int32(client)), at: clients[client].nextInterarrival())
            }
        }
        for (index, fault) in scenario.faults.enumerated() {
            queue.schedule(.fault(index: Int32(index), starting: true), at: fault.start)
            if let end = fault.end { queue.schedule(.fault(index: Int32(index), starting: false), at: end) }
        }
        // Node clocks are not aligned: each starts ticking at its own phase.
        var phases = RandomStream(seed: scenario.seed, component: "tick-phase")
        for node in 0..<nodeCount {
            let phase = Int64(phases.nextUnit() * Double(tickInterval[node]))
            queue.schedule(.tick(node: Int32(node), epoch: 0), at: max(1, phase))
        }
        if scenario.timeline { queue.schedule(.timelineTick, at: .second) }
        if versions != nil && primaries == nil { queue.schedule(.closedTimestampTick, at: scenario.closedTimestampInterval) }
        if primaries != nil, let promoteAt = scenario.promoteAt { queue.schedule(.promotePrimary, at: promoteAt) }
        if leaderless != nil, let period = scenario.replication.antiEntropyPeriod { queue.schedule(.antiEntropy, at: period) }
        if let healAt = scenario.healAt {
            queue.schedule(.heal, at: healAt)
            queue.schedule(.probe, at: healAt)
        }
        let duration = scenario.duration
        var limitReached: RunOutcome.LimitReached?
        while let entry = queue.pop() {
            if entry.time >= duration && pendingOperations == 0 { break }
            if entry.time > horizon {
                limitReached = .init(
                    name: "duration", at: horizon,
                    detail:
                        "\(pendingOperations) client operations were still under way at the run's horizon, \(DurationText.format(horizon -| duration)) after its end (the duration limit bounds how long a run drains)"
                )
                break
            }
            now = entry.time
            eventCount &+= 1
            if eventCount & 1023 == 0 {
                if Interruption.isRequested { break }
                // A cluster that cannot keep up grows its backlog without bound: stop
                // before it exhausts memory, and say so in the report.
                if queue.count > scenario.limits.eventsInFlight {
                    limitReached = .init(
                        name: "events", at: now,
                        detail: "\(queue.count) events pending (limit \(scenario.limits.eventsInFlight)): the cluster cannot keep up with the offered load")
                    break
                }
                if pendingOperations > scenario.limits.operationsInFlight {
                    limitReached = .init(
                        name: "in-flight", at: now,
                        detail:
                            "\(pendingOperations) client operations under way (limit \(scenario.limits.operationsInFlight)): the cluster cannot keep up with the offered load"
                    )
                    break
                }
            }
            switch entry.event {
            case .arrival(let client): handleArrival(client: Int(client))
            case .delivery(let to, let from, let message): handleDelivery(to: Int(to), from: Int(from), message: message)
            case .tick(let node, let epoch): handleTick(node: Int(node), epoch: epoch)
            case .timeoutCheck(let client): handleTimeoutCheck(client: Int(client))
            case .retry(let client, let attempt): startAttempt(client: Int(client), attempt)
            case .fault(let index, let starting): if !healed { handleFault(index: Int(index), starting: starting) }
            case .timelineTick: closeTimelineSecond()
            case .closedTimestampTick: publishClosedTimestamps()
            case .commitWaitDone(let node, let operation):
                if !down[Int(node)] { respond(from: Int(node), operation: operation, ok: true, at: now) }
            case .promotePrimary: promotePrimary()
            case .cacheLookup(let client, let sequence): cacheLookup(client: Int(client), sequence: sequence)
            case .cacheReply(let client, let sequence, let hit): cacheReply(client: Int(client), sequence: sequence, hit: hit)
            case .cacheSet(let region, let key, let timestamp, let token): cacheSet(region: Int(region), key: key, timestamp: timestamp, token: token)
            case .cacheInvalidate(let region, let key): caches[Int(region)].invalidate(key)
            case .cacheRefresh(let region, let key): cacheRefreshed(region: Int(region), key: key)
            case .poolTimeout(let client, let sequence): poolTimedOut(client: Int(client), sequence: sequence)
            case .heal: healEveryFault()
            case .probe: probeEveryRange()
            case .antiEntropy:
                leaderless?.antiEntropy(isUp: { !down[$0] })
                if let period = scenario.replication.antiEntropyPeriod, now < scenario.duration || pendingOperations > 0 {
                    queue.schedule(.antiEntropy, at: now +| period)
                }
            }
        }
        for range in layout.ranges.indices {
            if let lost = leaderLostAt[range] { leaderlessTime = leaderlessTime +| max(0, now - lost) }
            if !checkers.isEmpty {
                let base = Int(rangeBase[range])
                let members = (0..<Int(rangeSize[range])).map { replicas[base + $0] }
                checkers[range].finish(nodes: members, leader: currentLeader(ofRange: range).map { $0 - base })
            }
        }
        let leader = currentLeader(ofRange: 0).map { Int(replicaNode[$0]) }
        var leaseholders = Array(repeating: 0, count: scenario.topology.regions.count)
        for range in layout.ranges.indices {
            if let replica = currentLeader(ofRange: range) { leaseholders[scenario.topology.nodes[Int(replicaNode[replica])].region] += 1 }
        }
        if primaries != nil {
            for node in 0..<nodeCount { catchUpReplica(node) }
        }
        var outcome = RunOutcome(
            writesByRegion: writes, readsByRegion: reads,
            longestWriteOutage: writeOutcomeFlags.map(Simulation.longestOutage),
            longestReadOutage: readOutcomeFlags.map(Simulation.longestOutage),
            events: eventCount, messages: network.messageCount, droppedMessages: network.droppedCount,
            endTime: now, leaderNode: leader, term: replicas.map(\.term).max() ?? 0,
            committedEntries: committedEntries, elections: elections, leaderChanges: leaderChanges,
            leaderlessTime: leaderlessTime, failovers: failovers, timeline: timeline,
            safetyViolations: checkers.flatMap(\.violations) + readViolations,
            stalenessByRegion: staleness, visibilityByRegion: visibility,
            layout: layout, leaseholdersByRegion: leaseholders)
        outcome.replicaLagByRegion = replicaLag
        outcome.lostAcknowledgedWrites = lostAcknowledgedWrites
        outcome.promotions = promotions
        outcome.replicaLogForgotten = primaries?.forgottenEntries ?? 0
        outcome.primaryNode = primaries?.primary
        outcome.acknowledgedWrites = acknowledgedLog
        outcome.cacheByRegion = cacheStats
        if pools != nil {
            for region in clients.indices { pools?.account(region, now: now) }
            outcome.poolsByRegion = pools?.stats ?? []
        }
        outcome.nodeUtilization = busyTime.map { now > 0 ? min(1, Double($0) / Double(now) / Double(cores)) : 0 }
        outcome.hotKeyExpiryFetches = hotKeyExpiryFetches
        outcome.raftSnapshots = replicas.reduce(0) { $0 + $1.snapshotsSent }
        cappedDraws.add(network.cappedJitter, .jitter)
        outcome.cappedDraws = cappedDraws.nonZero
        outcome.horizon = horizon
        if recording {
            outcome.history = finishHistory()
            if history.operations.count >= scenario.limits.historyOperations && limitReached == nil {
                limitReached = .init(
                    name: "history", at: now, detail: "the history reached \(scenario.limits.historyOperations) operations; later ones were not recorded")
            }
        }
        outcome.limitReached = limitReached
        return outcome
    }

    // MARK: - Clients

    private func handleArrival(client index: Int) {
        guard now < scenario.duration else { return }
        var (isWrite, key) = clients[index].nextOperation()
        if scenario.locality == .row, clients[index].random.nextUnit() < scenario.localShare {
            key = layout.localKey(key, inRegion: clients[index].region)
        }
        pendingOperations += 1
        startAttempt(client: index, RetryState(issuedAt: now, isWrite: isWrite, key: key, attempts: 0, mayHaveApplied: false))
        if scenario.closedLoopClients == nil {
            queue.schedule(.arrival(client: Int32(index)), at: now +| clients[index].nextInterarrival())
        }
    }

    /// Starts an attempt of an operation through the client's current gateway.
    private func startAttempt(client index: Int, _ state: RetryState) {
        let gateway = clients[index].gateway
        let sequence = clients[index].operations.start(
            .init(
                issuedAt: state.issuedAt, attemptStartedAt: now, isWrite: state.isWrite, state: .pending,
                attempt: state.attempts, mayHaveApplied: state.mayHaveApplied, gateway: Int32(gateway), key: state.key))
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        if let cache = scenario.cache, !state.isWrite, state.attempts == 0 {
            clients[index].operations.update(sequence) {
                $0.viaCache = true
                $0.lookupsLeft = Int32(max(cache.requestLookups, 1) - 1)
            }
            queue.schedule(.cacheLookup(client: Int32(index), sequence: sequence), at: now +| cache.roundTrip / 2)
        } else {
            if !state.isWrite, scenario.requestShape != .single {
                clients[index].operations.update(sequence) { $0.stepsLeft = scenario.requestShape.followingSteps }
            }
            if pools != nil {
                sendToStore(client: index, sequence: sequence)
            } else {
                send(from: clients[index].endpoint, to: gateway, .request(operation: operation, isWrite: state.isWrite, hops: 0), at: now)
            }
        }
        if !clients[index].timeoutCheckScheduled {
            clients[index].timeoutCheckScheduled = true
            queue.schedule(.timeoutCheck(client: Int32(index)), at: now +| scenario.operationTimeout)
        }
    }

    private func handleTimeoutCheck(client index: Int) {
        while let (_, record) = clients[index].operations.oldestPending() {
            let deadline = record.attemptStartedAt +| scenario.operationTimeout
            if deadline > now {
                queue.schedule(.timeoutCheck(client: Int32(index)), at: deadline)
                return
            }
            clients[index].operations.retireOldest()
            // A gateway that lets an attempt time out may be down: try the next one.
            if clients[index].gateways.count > 1 {
                clients[index].gatewayCursor = (clients[index].gatewayCursor + 1) % clients[index].gateways.count
            }
            finishAttempt(client: index, record: record, outcome: .timedOut)
        }
        clients[index].timeoutCheckScheduled = false
    }

    private enum AttemptOutcome { case ok, failed, timedOut }

    /// Ends an attempt: the operation completes, or is retried if attempts remain.
    private func finishAttempt(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome) {
        if recording { recordAttempt(client: index, record: record, outcome: outcome) }
        if outcome == .ok, !scenario.sessionGuarantees.isEmpty, record.servedTimestamp > sessionToken[index] {
            // The session's token: what later reads below the leaseholder must include.
            if record.isWrite ? scenario.sessionGuarantees.contains(.readYourWrites) : scenario.sessionGuarantees.contains(.monotonicReads) {
                sessionToken[index] = record.servedTimestamp
            }
        }
        if record.holdsConnection { releaseConnection(region: clients[index].region) }
        if record.holdsPoolerSlot { releasePoolerSlot() }
        let mayHaveApplied = record.mayHaveApplied || (outcome == .timedOut && record.isWrite)
        if outcome != .ok, Int(record.attempt) < scenario.retries {
            let attempts = record.attempt + 1
            let backoff = Double(scenario.retryBackoff) * Double(1 << min(Int(record.attempt), 10))
            // Full jitter spreads retries so clients do not return in lockstep.
            let pause = _roundedInt64(backoff * (0.5 + 0.5 * retryRandom.nextUnit()))
            queue.schedule(
                .retry(
                    client: Int32(index),
                    attempt: RetryState(
                        issuedAt: record.issuedAt, isWrite: record.isWrite, key: record.key, attempts: attempts, mayHaveApplied: mayHaveApplied)),
                at: now +| pause)
            return
        }
        pendingOperations -= 1
        if scenario.closedLoopClients != nil, now < scenario.duration {
            // The user thinks, then issues its next operation.
            queue.schedule(
                .arrival(client: Int32(index)),
                at: now +| max(1, cappedDraws.cap(scenario.thinkTime.sample(using: &clients[index].random), at: horizon, .thinkTime)))
        }
        let region = clients[index].region
        let latency = now - record.issuedAt
        let ok = outcome == .ok
        // A failed attempt after a timed-out one leaves the write's fate unknown.
        let unknown = outcome == .timedOut || (outcome == .failed && mayHaveApplied)
        if record.isWrite {
            if ok { writes[region].recordOK(latency: latency) } else if unknown { writes[region].unknown += 1 } else { writes[region].failed += 1 }
        } else {
            if ok { reads[region].recordOK(latency: latency) } else if unknown { reads[region].unknown += 1 } else { reads[region].failed += 1 }
        }
        let step = Int(record.issuedAt / Simulation.outageStep)
        if record.isWrite {
            if step < writeOutcomeFlags[region].count { writeOutcomeFlags[region][step] |= ok ? 1 : 2 }
        } else {
            if step < readOutcomeFlags[region].count { readOutcomeFlags[region][step] |= ok ? 1 : 2 }
        }
        if scenario.timeline { recordTimeline(region: region, isWrite: record.isWrite, ok: ok, unknown: unknown, latency: latency) }
    }

    private func completeAtClient(operation: UInt64, ok: Bool) {
        let index = OpenLoopClient.client(of: operation)
        let sequence = OpenLoopClient.sequence(of: operation)
        // A late answer to an attempt the client already gave up on changes nothing.
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        if ok, !record.isWrite, nextStep(client: index, sequence: sequence, record: record) { return }
        clients[index].operations.markDone(sequence)
        if let cache = scenario.cache, ok {
            let region = clients[index].region
            if record.isWrite {
                // The writer invalidates after its write commits: its own region's cache,
                // or every region's through a change stream.
                switch cache.invalidation {
                case .none: break
                case .local:
                    queue.schedule(.cacheInvalidate(region: Int32(region), key: record.key), at: now +| cache.roundTrip / 2)
                case .global:
                    // Raft ranges invalidate from their change stream, at commit
                    // (`carryOutEffects`); the other modes once the writer hears back.
                    guard primaries != nil || leaderless != nil else { break }
                    for other in caches.indices {
                        queue.schedule(.cacheInvalidate(region: Int32(other), key: record.key), at: now +| cache.invalidationLag)
                    }
                }
            } else if record.viaCache {
                // Cache-aside: the reader that missed sets what the store gave it.
                queue.schedule(
                    .cacheSet(region: Int32(region), key: record.key, timestamp: record.servedTimestamp, token: record.fillToken),
                    at: now +| cache.roundTrip / 2)
                if record.lookupsLeft > 0 {
                    // The request goes on with its next lookup: the attempt stays open.
                    clients[index].operations.update(sequence) { $0.state = .pending }
                    if nextLookup(client: index, sequence: sequence, record: record) { return }
                    clients[index].operations.markDone(sequence)
                }
            }
        }
        finishAttempt(client: index, record: record, outcome: ok ? .ok : .failed)
    }

    /// Request shapes: after a query answered, the request's next step goes out (the next
    /// dependent query, the batch, or the fan-out), or a fan-out waits for its last answer.
    /// Returns true while the request is still under way.
    private func nextStep(client index: Int, sequence: UInt64, record: OperationRing.Record) -> Bool {
        if record.parallelPending > 1 {
            clients[index].operations.update(sequence) { $0.parallelPending -= 1 }
            return true
        }
        guard record.stepsLeft > 0 else { return false }
        let key = clients[index].nextOperation().key
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        var parallel: Int32 = 0
        if case .fanOut(let width) = scenario.requestShape { parallel = Int32(width) }
        clients[index].operations.update(sequence) {
            $0.stepsLeft -= 1
            $0.key = key
            $0.parallelPending = parallel
        }
        for _ in 0..<max(1, Int(parallel)) {
            send(from: clients[index].endpoint, to: Int(record.gateway), .request(operation: operation, isWrite: false, hops: 0), at: now)
        }
        return true
    }

    /// The longest run of 100 ms steps with failures and no success (steps with no
    /// operations neither break nor extend a run that surrounds them).
    static func longestOutage(_ flags: [UInt8]) -> Nanoseconds {
        var longest = 0
        var runStart: Int?
        var lastBad = 0
        for (step, flag) in flags.enumerated() {
            if flag & 1 != 0 {
                if let start = runStart { longest = max(longest, lastBad - start + 1) }
                runStart = nil
            } else if flag & 2 != 0 {
                if runStart == nil { runStart = step }
                lastBad = step
            }
        }
        if let start = runStart { longest = max(longest, lastBad - start + 1) }
        return Int64(longest) * outageStep
    }

    // MARK: - Nodes and replicas

    /// The kinds of work a node does, each with its own service time.
    enum Work: Int, CaseIterable { case read, write, replication, apply }

    private static func serviceTime(_ work: Work, in scenario: Scenario) -> Distribution {
        switch work {
        case .read: return scenario.readService ?? scenario.serviceTime
        case .write: return scenario.writeService ?? scenario.serviceTime
        case .replication: return scenario.replicationService ?? scenario.serviceTime
        case .apply: return scenario.applyService ?? .constant(0)
        }
    }

    /// Occupies the first free core of `node` for one service time of `work`, in FIFO
    /// order; returns the instant it finishes (when its outgoing messages leave).
    @inline(__always)
    private func serve(node: Int, _ work: Work, times: Int = 1) -> Nanoseconds {
        let draw =
            constantServiceTime[work.rawValue]
            ?? Simulation.serviceTime(work, in: scenario).sample(using: &serviceRandom[node])
        let duration = cappedDraws.cap(draw, at: horizon, CappedDraws.serviceSources[work.rawValue]) *| Int64(times)
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

    @inline(__always)
    private func send(from: Int, to: Int, _ message: SimulationMessage, at time: Nanoseconds) {
        let delivery = network.deliver(from: from, to: to, sentAt: time)
        if delivery.copies == 1 {
            // Links between replicas are FIFO: their deliveries can wait in a lane.
            if from < nodeCount && to < nodeCount && usesLanes {
                queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: delivery.arrival, lane: from * nodeCount + to)
            } else {
                queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: delivery.arrival)
            }
            return
        }
        if case .coalesced(let batch) = message {
            // A batch is released when its message is delivered: a lost message releases
            // it now, and each duplicate gets a batch of its own.
            if delivery.copies == 0 { batches.release(batch) }
            for copy in 0..<delivery.copies {
                let own = copy == 0 ? batch : batches.copy(batch)
                queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: .coalesced(batch: own)), at: delivery.arrival)
            }
            return
        }
        for _ in 0..<delivery.copies {
            queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: delivery.arrival)
        }
    }

    /// Sends the batches `node` filled this round, one coalesced message per peer node.
    private func sendRound(from node: Int, at time: Nanoseconds) {
        batches.closeRound(into: &closedRound)
        for (peer, batch) in closedRound { send(from: node, to: peer, .coalesced(batch: batch), at: time) }
        closedRound.removeAll(keepingCapacity: true)
    }

    /// The replica of `range` on `node`, or nil.
    @inline(__always)
    private func replica(ofRange range: Int, on node: Int) -> Int? {
        let id = replicaOf[range * nodeCount + node]
        return id >= 0 ? Int(id) : nil
    }

    private func handleDelivery(to: Int, from: Int, message: SimulationMessage) {
        if to >= nodeCount {
            if case .response(let operation, let ok) = message { completeAtClient(operation: operation, ok: ok) }
            return
        }
        guard !down[to] else {
            if case .coalesced(let batch) = message { batches.release(batch) }
            return
        }
        let work: Work
        switch message {
        case .request(_, let isWrite, _): work = isWrite ? .write : .read
        default: work = .replication
        }
        let finish = serve(node: to, work)
        switch message {
        case .request(let operation, let isWrite, let hops):
            if leaderless != nil {
                coordinate(at: to, operation: operation, isWrite: isWrite, at: finish)
            } else if primaries != nil {
                handlePrimaryRequest(at: to, operation: operation, isWrite: isWrite, hops: hops, at: finish)
            } else {
                handleRequest(at: to, operation: operation, isWrite: isWrite, hops: hops, at: finish)
            }
        case .replicaWrite(let operation, let key, let timestamp, let repair):
            leaderless?.store(key, timestamp: timestamp, at: to)
            if !repair { sendLeg(from: to, to: from, .replicaAck(operation: operation), leg: \.ack, at: finish) }
        case .replicaAck(let operation):
            coordinatorGotAnswer(at: to, from: from, operation: operation, timestamp: nil, at: finish)
        case .replicaRead(let operation, let key):
            let timestamp = leaderless?.timestamp(of: key, at: to) ?? Int64.min
            sendLeg(from: to, to: from, .replicaValue(operation: operation, timestamp: timestamp), leg: \.response, at: finish)
        case .replicaValue(let operation, let timestamp):
            coordinatorGotAnswer(at: to, from: from, operation: operation, timestamp: timestamp, at: finish)
        case .ship(let index):
            receiveShipment(index, at: to, from: from, finish: finish)
        case .shipAck(let index):
            acknowledgeShipment(index, from: from, finish: finish)
        case .response(let operation, let ok):
            // A gateway relays the leader's answer to its client.
            let client = OpenLoopClient.client(of: operation)
            send(from: to, to: clients[client].endpoint, .response(operation: operation, ok: ok), at: finish)
        case .raft(let range, let raftMessage):
            deliverRaft(range: Int(range), raftMessage, to: to, from: from, at: finish)
        case .coalesced(let batch):
            coalescingFrom = to
            deliverCoalesced(batch, to: to, from: from, at: finish)
            batches.release(batch)
            coalescingFrom = nil
            sendRound(from: to, at: finish)
        }
    }

    private func deliverCoalesced(_ batch: Int32, to: Int, from: Int, at finish: Nanoseconds) {
        for item in batches.items(batch) {
            switch item.kind {
            case .closedTimestamp:
                if let replica = replica(ofRange: Int(item.range), on: to) {
                    closed.received(.init(timestamp: item.timestamp, index: item.index), at: replica, appliedIndex: replicas[replica].commitIndex)
                }
            case .raft:
                deliverRaft(range: Int(item.range), item.message, to: to, from: from, at: finish)
            case .ping:
                lastPingFrom[to * nodeCount + from] = now
                batches.add(CoalescedItem(kind: .pong, range: 0, message: CoalescedItem.noMessage, timestamp: item.timestamp, index: 0), to: from)
            case .pong:
                lastPongFor[to * nodeCount + from] = max(lastPongFor[to * nodeCount + from], item.timestamp)
            }
        }
    }

    private func deliverRaft(range: Int, _ message: RaftMessage, to: Int, from: Int, at finish: Nanoseconds) {
        guard let target = replica(ofRange: range, on: to), let sender = replica(ofRange: range, on: from) else { return }
        let base = Int(rangeBase[range])
        let senderLocal = sender - base
        if replicas[target].role == .leader, message.kind == .appendResponse, message.term == replicas[target].term {
            lastAnswer[answerBase[range] + (target - base) * Int(rangeSize[range]) + senderLocal] = now
        }
        if checkers.isEmpty {
            replicas[target].step(message, from: senderLocal, into: &effects)
        } else {
            let before = checkers[range].snapshotIfLeader(replicas[target])
            replicas[target].step(message, from: senderLocal, into: &effects)
            checkers[range].afterStep(node: target - base, before: before, log: replicas[target])
        }
        carryOutEffects(of: target, at: finish)
    }

    private func handleRequest(at node: Int, operation: UInt64, isWrite: Bool, hops: UInt8, at time: Nanoseconds) {
        // The key matters only to route among ranges and to version the data.
        var key = 0
        if layout.ranges.count > 1 || versions != nil {
            // A request whose client already gave up (or was answered) is not served:
            // nobody waits for it, and its key is no longer known.
            guard let record = clientRecord(of: operation), record.state == .pending else { return }
            key = record.key
        }
        let range = layout.range(ofKey: key)
        let here = replica(ofRange: range, on: node)
        if !isWrite, hops == 0, let here, versions != nil, replicas[here].role != .leader || scenario.readMode == .nearest {
            if serveBelowLeaseholder(replica: here, node: node, operation: operation, at: time) { return }
        }
        if let here, replicas[here].role == .leader {
            if isWrite {
                if clientRecord(of: operation)?.proposed == true { return }  // a duplicate request
                if let index = replicas[here].propose(into: &effects) {
                    let lead = scenario.locality == .global ? globalLead : 0
                    let timestamp = max(clock(of: node) +| lead, closedFloor[range] +| 1, lastTimestamp[range] +| 1)
                    lastTimestamp[range] = timestamp
                    proposals[range].record(index: index, term: replicas[here].term, .init(operation: operation, key: key, timestamp: timestamp))
                    clients[OpenLoopClient.client(of: operation)].operations.update(OpenLoopClient.sequence(of: operation)) {
                        $0.proposed = true
                        $0.servedTimestamp = timestamp
                    }
                    if recording {
                        entryPayloads[EntryID(range: Int32(range), index: index, term: replicas[here].term)] = (key, timestamp)
                    }
                    carryOutEffects(of: here, at: time)
                    return
                }
            } else if replicas[here].quiesced && holdsLivenessLease(here) {
                // An idle range's leaseholder serves from its liveness-backed lease
                // without waking the range.
                if recording { noteLeaseRead(replica: here) }
                if versions != nil { measureRead(at: here, operation: operation, readTimestamp: nil, bound: nil) }
                respond(from: node, operation: operation, ok: true, at: time)
                return
            } else if replicas[here].read(request: operation, into: &effects) {
                if recording, effects.contains(.readReady(request: operation, ok: true, byLease: true)) {
                    noteLeaseRead(replica: here)
                }
                carryOutEffects(of: here, at: time)
                return
            }
            // A leader handing over leadership refuses; the client may retry.
            respond(from: node, operation: operation, ok: false, at: time)
            return
        }
        // Not the leader here: redirect to the replica's known leader, else to the range
        // cache's guess.
        var target = Int(leaderHint[range])
        var knowsLeader = true
        if let here {
            if let leader = replicas[here].leader {
                target = Int(replicaNode[Int(rangeBase[range]) + leader])
            } else {
                knowsLeader = false
            }
        }
        if target != node, hops < 3, knowsLeader {
            send(from: node, to: target, .request(operation: operation, isWrite: isWrite, hops: hops + 1), at: time)
        } else {
            // No known leader (an election is under way): known not applied.
            respond(from: node, operation: operation, ok: false, at: time)
        }
    }

    /// Sends an answer from node `node` toward the operation's client: through the
    /// attempt's gateway, unless `node` is that gateway.
    private func respond(from node: Int, operation: UInt64, ok: Bool, at time: Nanoseconds) {
        let index = OpenLoopClient.client(of: operation)
        // The client's bookkeeping says which gateway the attempt used; an attempt it
        // already gave up on needs no answer.
        guard let record = clients[index].operations.record(OpenLoopClient.sequence(of: operation)),
            record.state == .pending
        else { return }
        // A proposed write may still commit: a refusal of a duplicate of its request must
        // not tell the client it failed.
        if !ok && record.proposed { return }
        let gateway = Int(record.gateway)
        let next = node == gateway ? clients[index].endpoint : gateway
        send(from: node, to: next, .response(operation: operation, ok: ok), at: time)
    }

    private func carryOutEffects(of replica: Int, at time: Nanoseconds) {
        let range = Int(replicaRange[replica])
        let node = Int(replicaNode[replica])
        let base = Int(rangeBase[range])
        for effect in effects {
            switch effect {
            case .send(let peer, let message):
                let peerNode = Int(replicaNode[base + peer])
                if coalescingFrom == node, message.entryCount == 0, message.kind == .append || message.kind == .appendResponse {
                    batches.add(CoalescedItem(kind: .raft, range: Int32(range), message: message, timestamp: 0, index: 0), to: peerNode)
                } else {
                    send(from: node, to: peerNode, .raft(range: Int32(range), message), at: time)
                }
            case .commit(let first, let last):
                if scenario.applyService != nil { _ = serve(node: node, .apply, times: Int(last - first + 1)) }
                if recording { apply(replica: replica, range: range, through: last) }
                if !checkers.isEmpty { checkers[range].committed(node: replica - base, first: first, last: last, log: replicas[replica]) }
                if versions != nil { closed.applied(through: last, at: replica) }
                guard replicas[replica].role == .leader else { continue }
                committedEntries += last - first + 1
                let term = replicas[replica].term
                if let awaiting = awaitingFirstCommit[range], awaiting.replica == replica, awaiting.term == term {
                    failovers.append(now - awaiting.since)
                    awaitingFirstCommit[range] = nil
                }
                for index in first...last {
                    // Entries of earlier terms commit too; only this term's writers are
                    // still connected to this leader and get an answer.
                    let entryTerm = replicas[replica].term(at: index) ?? term
                    guard let command = proposals[range].take(index: index, term: entryTerm) else { continue }
                    // Global tables wait out the future timestamp before answering (commit wait).
                    let visibleAt = max(now, command.timestamp -| clockOffset[node])
                    versions?.record(key: command.key, .init(index: index, timestamp: command.timestamp, committedAt: visibleAt))
                    if recording, self.visibleAt[KeyVersion(key: command.key, value: command.timestamp)] == nil {
                        self.visibleAt[KeyVersion(key: command.key, value: command.timestamp)] = visibleAt
                        history.commits.append(.init(key: command.key, value: command.timestamp, at: visibleAt))
                    }
                    if let cache = scenario.cache, cache.invalidation == .global {
                        // The change stream invalidates every region's cache.
                        for region in caches.indices {
                            queue.schedule(.cacheInvalidate(region: Int32(region), key: command.key), at: visibleAt +| cache.invalidationLag)
                        }
                    }
                    guard entryTerm == term else { continue }
                    if visibleAt > time {
                        // Commit wait: the answer leaves when the leaseholder's clock passes
                        // the write's timestamp (an event, so later answers do not queue
                        // behind it on the link).
                        queue.schedule(.commitWaitDone(node: Int32(node), operation: command.operation), at: visibleAt)
                    } else {
                        respond(from: node, operation: command.operation, ok: true, at: time)
                    }
                }
                proposals[range].release(through: last)
            case .readReady(let request, let ok, _):
                if ok, versions != nil { measureRead(at: replica, operation: request, readTimestamp: nil, bound: nil) }
                respond(from: node, operation: request, ok: ok, at: time)
            case .campaign:
                elections += 1
            case .becameLeader(let term):
                leaderChanges += 1
                leaderGained(replica: replica, term: term)
                leaderHint[range] = Int32(node)
                if !checkers.isEmpty { checkers[range].leaderElected(node: replica - base, term: term, log: replicas[replica], at: now) }
                if recording { history.leaderships.append(.init(range: range, node: node, term: term, at: now)) }
            case .steppedDown:
                leaderLost(replica: replica, at: now)
            }
        }
        effects.removeAll(keepingCapacity: true)
    }

    // MARK: - Leadership bookkeeping

    /// The live replica leading the newest term of `range` (an old leader cut off from
    /// the majority may still believe it leads an older one).
    private func currentLeader(ofRange range: Int) -> Int? {
        var best: Int?
        let base = Int(rangeBase[range])
        for replica in base..<(base + Int(rangeSize[range])) where replicas[replica].role == .leader && !down[Int(replicaNode[replica])] {
            if best.map({ replicas[replica].term > replicas[$0].term }) ?? true { best = replica }
        }
        return best
    }

    /// The last moment leader `replica` could count on a quorum of voters: the time of
    /// the answer that completed its most recent quorum.
    private func lastQuorumContact(of replica: Int) -> Nanoseconds {
        let range = Int(replicaRange[replica])
        let base = Int(rangeBase[range])
        let size = Int(rangeSize[range])
        let local = replica - base
        let voters = replicas[replica].voters
        var times: [Nanoseconds] = []
        for peer in voters where peer != local { times.append(lastAnswer[answerBase[range] + local * size + peer]) }
        times.sort(by: >)
        let needed = voters.count / 2  // peers besides the leader itself
        return needed == 0 || times.isEmpty ? now : times[min(needed, times.count) - 1]
    }

    /// Leader `replica` crashed or stepped down at `time`. Only the newest leader's loss
    /// counts: an old leader cut off from the majority that steps down after a successor
    /// was elected was lost already.
    private func leaderLost(replica: Int, at time: Nanoseconds) {
        let range = Int(replicaRange[replica])
        guard ledTerm[replica] == newestLeaderTerm[range], leaderLostAt[range] == nil else { return }
        // Leadership was effectively lost when the quorum last answered, if earlier.
        leaderLostAt[range] = min(time, lastQuorumContact(of: replica))
    }

    /// `replica` became leader of `term`: time the failover from the previous leader's loss.
    private func leaderGained(replica: Int, term: UInt64) {
        let range = Int(replicaRange[replica])
        let base = Int(rangeBase[range])
        // A predecessor that still believes it leads (cut off, not yet stepped down) was
        // lost at its last quorum contact.
        var lost = leaderLostAt[range]
        for other in base..<(base + Int(rangeSize[range]))
        where other != replica && ledTerm[other] == newestLeaderTerm[range]
            && replicas[other].role == .leader && !down[Int(replicaNode[other])]
        {
            let contact = lastQuorumContact(of: other)
            lost = min(lost ?? contact, contact)
        }
        let since = min(lost ?? now, now)
        leaderlessTime = leaderlessTime +| (now - since)
        awaitingFirstCommit[range] = (replica, term, since)
        leaderLostAt[range] = nil
        ledTerm[replica] = term
        newestLeaderTerm[range] = max(newestLeaderTerm[range], term)
        let size = Int(rangeSize[range])
        let local = replica - base
        for peer in 0..<size { lastAnswer[answerBase[range] + local * size + peer] = now }
    }

    // MARK: - Time and faults

    /// A node's clock ticks: every replica it hosts ticks; their heartbeats leave
    /// coalesced, one message per peer node.
    private func handleTick(node: Int, epoch: UInt32) {
        guard epoch == tickEpoch[node], !down[node] else { return }
        if primaries != nil || leaderless != nil {
            queue.schedule(.tick(node: Int32(node), epoch: epoch), at: now +| tickInterval[node])
            return
        }
        // Timer work is not charged service time; its messages leave once the node is free.
        let departure = max(now, busyUntil[node])
        coalescingFrom = node
        for peer in 0..<nodeCount where peer != node {
            batches.add(CoalescedItem(kind: .ping, range: 0, message: CoalescedItem.noMessage, timestamp: now, index: 0), to: peer)
        }
        for replica in replicasOnNode[node] {
            let id = Int(replica)
            if replicas[id].quiesced && replicas[id].role != .leader { wakeIfLeaderSilent(replica: id, on: node) }
            replicas[id].tick(into: &effects)
            if !effects.isEmpty { carryOutEffects(of: id, at: departure) }
        }
        coalescingFrom = nil
        sendRound(from: node, at: departure)
        queue.schedule(.tick(node: Int32(node), epoch: epoch), at: now +| tickInterval[node])
    }

    /// A quiesced follower runs no election timer, so node liveness stands in for it: when
    /// its leader's node has not pinged for an election timeout, it wakes.
    private func wakeIfLeaderSilent(replica: Int, on node: Int) {
        let range = Int(replicaRange[replica])
        guard let leader = replicas[replica].leader else {
            replicas[replica].wake()
            return
        }
        let leaderNode = Int(replicaNode[Int(rangeBase[range]) + leader])
        if leaderNode != node, now - lastPingFrom[node * nodeCount + leaderNode] > scenario.electionTimeout {
            replicas[replica].wake()
        }
    }

    /// Whether quiesced leader `replica` still holds its lease: a quorum of its voters'
    /// nodes answered a ping sent less than the lease ago. They will not wake and elect
    /// anyone before an election timeout after that ping, which is longer.
    private func holdsLivenessLease(_ replica: Int) -> Bool {
        guard scenario.strongReads == .lease else { return false }
        let range = Int(replicaRange[replica])
        let base = Int(rangeBase[range])
        let node = Int(replicaNode[replica])
        var confirmed = 1
        for voter in replicas[replica].voters where base + voter != replica {
            let peerNode = Int(replicaNode[base + voter])
            if lastPongFor[node * nodeCount + peerNode] +| livenessLease > now { confirmed += 1 }
        }
        return confirmed >= replicas[replica].quorum
    }

    private func handleFault(index: Int, starting: Bool) {
        activeFaults[index] = starting
        let fault = scenario.faults[index]
        switch fault.kind {
        case .crash(let target):
            for node in nodesOf(target) {
                if starting { crash(node: node) } else { restart(node: node) }
            }
        case .clock(let node, let offset, let drift):
            // A fast clock (drift > 0) fires its timers sooner in true time.
            let rate = starting ? 1 + drift : 1
            tickInterval[node] = max(1, Int64(saturating: Double(scenario.heartbeatInterval) / rate))
            clockOffset[node] = starting ? offset : 0
        default:
            let active = scenario.faults.indices.filter { activeFaults[$0] }.map { scenario.faults[$0] }
            network.applyLinkFaults(active, members: endpoints(of:))
        }
    }

    private func crash(node: Int) {
        guard !down[node] else { return }
        if let primaries, primaries.primary == node, primaryDownSince == nil {
            primaryDownSince = now
            if let delay = scenario.replication.promotionDelay { queue.schedule(.promotePrimary, at: now +| delay) }
        }
        for replica in replicasOnNode[node] where replicas[Int(replica)].role == .leader {
            leaderLost(replica: Int(replica), at: now)
        }
        down[node] = true
        tickEpoch[node] &+= 1
    }

    private func restart(node: Int) {
        guard down[node] else { return }
        down[node] = false
        busyUntil[node] = now
        for core in (node * cores)..<((node + 1) * cores) { coreFree[core] = now }
        for replica in replicasOnNode[node] {
            replicas[Int(replica)].restart()
            closed.reset(replica: Int(replica))
        }
        queue.schedule(.tick(node: Int32(node), epoch: tickEpoch[node]), at: now +| tickInterval[node])
    }

    private func nodesOf(_ target: Fault.Target) -> [Int] {
        switch target {
        case .node(let node): return [node]
        case .region(let region): return (0..<nodeCount).filter { scenario.topology.nodes[$0].region == region }
        }
    }

    private func endpoints(of target: Fault.Target) -> [Int] {
        switch target {
        case .node(let node): return [node]
        case .region(let region): return nodesOf(target) + clients.indices.filter { clients[$0].region == region }.map { clients[$0].endpoint }
        }
    }

    // MARK: - Reads below the leaseholder

    /// Node `node`'s clock now (ns): true time plus its offset.
    private func clock(of node: Int) -> Nanoseconds { now +| clockOffset[node] }

    private func clientRecord(of operation: UInt64) -> OperationRing.Record? {
        clients[OpenLoopClient.client(of: operation)].operations.record(OpenLoopClient.sequence(of: operation))
    }

    /// Serves a read at `replica` (on `node`) without the leader when the read mode, the
    /// locality and the closed timestamp allow it. Returns false when the read must go to
    /// the leader.
    private func serveBelowLeaseholder(replica: Int, node: Int, operation: UInt64, at time: Nanoseconds) -> Bool {
        let closedHere = closed.active[replica]
        // A session token this replica's closed timestamp does not cover sends the read on
        // to the leaseholder.
        let token = scenario.sessionGuarantees.isEmpty ? Int64.min : sessionToken[OpenLoopClient.client(of: operation)]
        if closedHere < token { return false }
        let readTimestamp: Nanoseconds?
        let bound: Nanoseconds?
        switch scenario.readMode {
        case .strong:
            // Global tables: a strong read is served wherever the present is closed.
            guard scenario.locality == .global, closedHere >= clock(of: node) else { return false }
            readTimestamp = clock(of: node)
            bound = 0
        case .nearest:
            readTimestamp = nil
            bound = nil
        case .exact:
            let target = clock(of: node) -| scenario.exactStaleness
            guard ignoreClosedTimestamps || closedHere >= target else { return false }
            // A session's guarantees outrank the exact staleness asked for: a read at a
            // timestamp below the session's token would miss its own writes or go back
            // in time. The token is closed here (checked above), so the read moves up to it.
            readTimestamp = max(target, token)
            bound = scenario.exactStaleness
        case .bounded:
            let oldestAllowed = clock(of: node) -| scenario.maxStaleness
            if ignoreClosedTimestamps {
                readTimestamp = oldestAllowed
            } else if closedHere >= oldestAllowed {
                readTimestamp = closedHere
            } else if scenario.nearestOnly {
                respond(from: node, operation: operation, ok: false, at: time)
                return true
            } else {
                return false
            }
            bound = scenario.maxStaleness
        }
        measureRead(at: replica, operation: operation, readTimestamp: readTimestamp, bound: bound)
        respond(from: node, operation: operation, ok: true, at: time)
        return true
    }

    /// Records the staleness of a read served at `replica` and checks it against its
    /// bound: a read at a timestamp must see every committed version at or below it.
    private func measureRead(at replica: Int, operation: UInt64, readTimestamp: Nanoseconds?, bound: Nanoseconds?) {
        guard let versions, let record = clientRecord(of: operation) else { return }
        let node = Int(replicaNode[replica])
        let region = clients[OpenLoopClient.client(of: operation)].region
        let applied = replicas[replica].commitIndex
        let miss = versions.miss(key: record.key, appliedIndex: applied, readTimestamp: readTimestamp, now: now)
        noteServed(
            operation: operation,
            timestamp: recording
                ? appliedValue(at: replica, key: record.key, atOrBelow: readTimestamp) : miss.visibleTimestamp)
        let local = scenario.topology.nodes[node].region == region
        let fellBack = scenario.readMode != .strong && scenario.readMode != .nearest && replicas[replica].role == .leader && !local
        staleness[region].record(
            time: miss.oldestCommittedAt.map { now - $0 } ?? 0, versions: miss.versions,
            local: local, fellBack: fellBack)
        if let newest = miss.newestCommittedAt {
            visibility[region].record(sinceCommit: now - newest, sawIt: miss.versions == 0)
        }
        if let readTimestamp, let bound {
            if readTimestamp < clock(of: node) -| bound, readViolations.count < 100 {
                readViolations.append(
                    "Staleness bound: a \(scenario.readMode.rawValue) read at node \(node) read at \(DurationText.format(clock(of: node) -| readTimestamp)) old, beyond its bound \(DurationText.format(bound))"
                )
            }
            if miss.missedAtOrBelowReadTimestamp > 0, readViolations.count < 100 {
                readViolations.append(
                    "Staleness bound: a \(scenario.readMode.rawValue) read at node \(node) missed \(miss.missedAtOrBelowReadTimestamp) committed version(s) at or below its read timestamp (at \(DurationText.format(now)))"
                )
            }
        }
    }

    /// Every range's leaseholder closes a timestamp (behind its clock, or ahead of it for
    /// global tables) and tells its followers, coalesced per pair of nodes.
    private func publishClosedTimestamps() {
        for range in layout.ranges.indices {
            guard let leader = currentLeader(ofRange: range) else { continue }
            rangesLedBy[Int(replicaNode[leader])].append(Int32(leader))
        }
        for node in 0..<nodeCount where !rangesLedBy[node].isEmpty {
            for leader in rangesLedBy[node] {
                let replica = Int(leader)
                let range = Int(replicaRange[replica])
                let timestamp =
                    scenario.locality == .global
                    ? clock(of: node) +| globalLead
                    : clock(of: node) -| scenario.closedTimestampTarget
                closedFloor[range] = max(closedFloor[range], timestamp)
                let index = replicas[replica].lastIndex
                closed.received(.init(timestamp: timestamp, index: index), at: replica, appliedIndex: replicas[replica].commitIndex)
                let base = Int(rangeBase[range])
                for peer in base..<(base + Int(rangeSize[range])) where peer != replica {
                    batches.add(
                        CoalescedItem(
                            kind: .closedTimestamp, range: Int32(range), message: CoalescedItem.noMessage,
                            timestamp: timestamp, index: index), to: Int(replicaNode[peer]))
                }
            }
            rangesLedBy[node].removeAll(keepingCapacity: true)
            let departure = max(now, busyUntil[node])
            sendRound(from: node, at: departure)
        }
        if now < scenario.duration || pendingOperations > 0 {
            queue.schedule(.closedTimestampTick, at: now +| scenario.closedTimestampInterval)
        }
    }

    // MARK: - Leaderless quorums

    /// Sends a leaderless message: after a draw of its leg's distribution when the scenario
    /// gives legs (instead of the topology's latency, or on top of it), else over the network.
    private func sendLeg(from: Int, to: Int, _ message: SimulationMessage, leg: KeyPath<ReplicationSettings.Legs, Distribution>, at time: Nanoseconds) {
        if let legs = scenario.replication.legs {
            var arrival = time +| cappedDraws.cap(legs[keyPath: leg].sample(using: &legRandom), at: horizon, .leaderlessLeg)
            if scenario.replication.legsAddToTopology {
                let delivery = network.deliver(from: from, to: to, sentAt: arrival)
                guard delivery.copies > 0 else { return }
                arrival = delivery.arrival
            }
            queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: arrival)
        } else {
            send(from: from, to: to, message, at: time)
        }
    }

    /// The client's gateway coordinates: it sends the write (or read) to the key's N
    /// replicas and waits for W acknowledgements (R answers).
    private func coordinate(at node: Int, operation: UInt64, isWrite: Bool, at time: Nanoseconds) {
        guard leaderless != nil, let record = clientRecord(of: operation) else { return }
        let key = record.key
        let timestamp = clock(of: node)
        let replicaCount = leaderless?.replicaCount ?? 0
        leaderless?.begin(
            operation,
            LeaderlessStore.Pending(
                isWrite: isWrite, key: key, answers: 0, needed: isWrite ? scenario.replication.w : scenario.replication.r,
                newest: Int64.min, timestamp: timestamp, startedAt: now), timeout: scenario.operationTimeout, now: now)
        for i in 0..<replicaCount {
            let replica = leaderless?.replica(i, of: key) ?? node
            if isWrite {
                sendLeg(from: node, to: replica, .replicaWrite(operation: operation, key: key, timestamp: timestamp, repair: false), leg: \.write, at: time)
            } else {
                sendLeg(from: node, to: replica, .replicaRead(operation: operation, key: key), leg: \.read, at: time)
            }
        }
    }

    /// A replica answered a coordinator: at the quorum the client gets its answer; a read
    /// returns the newest version among its R answers, and may repair stale responders.
    private func coordinatorGotAnswer(at node: Int, from replica: Int, operation: UInt64, timestamp: Nanoseconds?, at time: Nanoseconds) {
        // The coordinator gives up at the operation timeout, as its client does.
        guard
            let (waiting, responders) = leaderless?.answer(
                operation, from: replica, timestamp: timestamp,
                timeout: scenario.operationTimeout, now: now)
        else { return }
        if waiting.isWrite {
            versions?.record(key: waiting.key, .init(index: 0, timestamp: waiting.timestamp, committedAt: now))
        } else {
            if let versions {
                let region = clients[OpenLoopClient.client(of: operation)].region
                // Judged at the read's start: writes acknowledged while it was under way
                // may or may not be seen.
                let start = waiting.startedAt
                let miss = versions.miss(key: waiting.key, appliedIndex: .max, readTimestamp: waiting.newest, now: start)
                staleness[region].record(time: miss.oldestCommittedAt.map { start - $0 } ?? 0, versions: miss.versions, local: true, fellBack: false)
                if let newest = miss.newestCommittedAt { visibility[region].record(sinceCommit: start - newest, sawIt: miss.versions == 0) }
            }
            if scenario.replication.readRepair, waiting.newest > Int64.min {
                for responder in responders where responder.timestamp < waiting.newest {
                    sendLeg(
                        from: node, to: responder.node, .replicaWrite(operation: operation, key: waiting.key, timestamp: waiting.newest, repair: true),
                        leg: \.write, at: time)
                }
            }
        }
        noteServed(operation: operation, timestamp: max(waiting.newest, 0))
        respond(from: node, operation: operation, ok: true, at: time)
    }

    // MARK: - Primary with replicas

    /// A request at `node` under primary replication: writes go to the primary; reads to
    /// the primary (strong), or to this node's replica (nearest; bounded while its replay
    /// lag is within the bound).
    private func handlePrimaryRequest(at node: Int, operation: UInt64, isWrite: Bool, hops: UInt8, at time: Nanoseconds) {
        guard let primary = primaries?.primary else { return }
        if !isWrite && node != primary && scenario.readMode != .strong {
            catchUpReplica(node)
            var local = scenario.readMode == .nearest
            if scenario.readMode == .bounded || scenario.readMode == .exact {
                let bound = scenario.readMode == .bounded ? scenario.maxStaleness : scenario.exactStaleness
                // The replica is fresh enough while everything it has not applied committed
                // less than the bound ago.
                local = primaries?.isFresh(node, now: now, bound: bound) ?? true
            }
            if local {
                let record = clientRecord(of: operation)
                if let versions, let record {
                    let region = clients[OpenLoopClient.client(of: operation)].region
                    let miss = versions.miss(key: record.key, appliedIndex: primaries?.replicas[node].applied ?? 0, readTimestamp: nil, now: now)
                    noteServed(operation: operation, timestamp: miss.visibleTimestamp)
                    staleness[region].record(time: miss.oldestCommittedAt.map { now - $0 } ?? 0, versions: miss.versions, local: true, fellBack: false)
                    if let newest = miss.newestCommittedAt { visibility[region].record(sinceCommit: now - newest, sawIt: miss.versions == 0) }
                }
                respond(from: node, operation: operation, ok: true, at: time)
                return
            }
        }
        guard node == primary else {
            if hops < 3 {
                send(from: node, to: primary, .request(operation: operation, isWrite: isWrite, hops: hops + 1), at: time)
            } else {
                respond(from: node, operation: operation, ok: false, at: time)
            }
            return
        }
        guard isWrite else {
            if let versions, let record = clientRecord(of: operation) {
                let region = clients[OpenLoopClient.client(of: operation)].region
                let miss = versions.miss(key: record.key, appliedIndex: primaries?.lastIndex ?? 0, readTimestamp: nil, now: now)
                noteServed(operation: operation, timestamp: miss.visibleTimestamp)
                let local = scenario.topology.nodes[node].region == region
                staleness[region].record(
                    time: miss.oldestCommittedAt.map { now - $0 } ?? 0, versions: miss.versions,
                    local: local, fellBack: scenario.readMode != .strong && !local)
            }
            respond(from: node, operation: operation, ok: true, at: time)
            return
        }
        guard let index = primaries?.append(at: time) else { return }
        let key = clientRecord(of: operation)?.key ?? 0
        versions?.record(key: key, .init(index: index, timestamp: clock(of: node), committedAt: time))
        committedEntries += 1
        for replica in 0..<nodeCount where replica != node {
            send(from: node, to: replica, .ship(index: index), at: time)
        }
        if scenario.replication.mode == .primaryAsync || nodeCount == 1 {
            acknowledge(index: index, operation: operation, from: node, at: time)
        } else {
            syncWaiting.append((index, operation))
        }
    }

    private func acknowledge(index: UInt64, operation: UInt64, from node: Int, at time: Nanoseconds) {
        acknowledgedThrough = max(acknowledgedThrough, index)
        if scenario.recordAcknowledgedWrites { acknowledgedLog.append((index, time)) }
        respond(from: node, operation: operation, ok: true, at: time)
    }

    private func receiveShipment(_ index: UInt64, at node: Int, from: Int, finish: Nanoseconds) {
        guard from == primaries?.primary else { return }
        let applyTime = cappedDraws.cap(scenario.replication.applyTime.sample(using: &applyRandom), at: horizon, .replicaApply)
        if primaries?.receive(index, at: node, time: finish, applyTime: applyTime) != nil,
            scenario.replication.mode == .primarySync
        {
            send(from: node, to: from, .shipAck(index: index), at: finish)
        }
        catchUpReplica(node)
    }

    /// Applies what replica `node` has replayed by now and records the lag of each entry.
    private func catchUpReplica(_ node: Int) {
        guard primaries != nil, node != primaries?.primary else { return }
        let region = scenario.topology.nodes[node].region
        lagScratch.removeAll(keepingCapacity: true)
        primaries?.catchUp(node, to: now, lags: &lagScratch)
        for lag in lagScratch {
            replicaLag[region].record(lag)
            if scenario.timeline { secondLag[region].record(lag) }
        }
        primaries?.trim(keepingAtMost: scenario.limits.replicaLog)
    }

    /// primary-sync: a replica acknowledged receipt; answer the writes that now have
    /// `syncReplicas` acknowledgements.
    private func acknowledgeShipment(_ index: UInt64, from node: Int, finish: Nanoseconds) {
        guard let primaries else { return }
        shipAcked[node] = max(shipAcked[node], index)
        // The live replicas' acknowledged indices, highest first (a reused scratch array:
        // this runs for every acknowledgement).
        ackScratch.removeAll(keepingCapacity: true)
        for replica in shipAcked.indices where replica != primaries.primary && !down[replica] { ackScratch.append(shipAcked[replica]) }
        ackScratch.sort(by: >)
        let needed = min(scenario.replication.syncReplicas, ackScratch.count)
        guard needed > 0 else { return }
        let durable = ackScratch[needed - 1]
        while let waiting = syncWaiting.first, waiting.index <= durable {
            _ = syncWaiting.popFirst()
            acknowledge(index: waiting.index, operation: waiting.operation, from: primaries.primary, at: finish)
        }
    }

    /// Promotes the live replica that received the most; acknowledged writes beyond what
    /// it received are lost (the data-loss window).
    private func promotePrimary() {
        guard var primaries else { return }
        var best: Int?
        for node in 0..<nodeCount where node != primaries.primary && !down[node] {
            if best.map({ primaries.replicas[node].received > primaries.replicas[$0].received }) ?? true { best = node }
        }
        guard let chosen = best else { return }
        let takeover = primaries.promote(chosen)
        if acknowledgedThrough > takeover { lostAcknowledgedWrites += Int(acknowledgedThrough - takeover) }
        acknowledgedThrough = min(acknowledgedThrough, takeover)
        for node in shipAcked.indices { shipAcked[node] = min(shipAcked[node], takeover) }
        // Writes waiting for sync acknowledgement on the old primary never get them.
        syncWaiting.removeAll()
        promotions += 1
        primaryDownSince = nil
        self.primaries = primaries
    }

    // MARK: - Connection pools

    /// Sends an attempt to the store through the pools: an application-pool connection
    /// (waiting for one if all are busy), then, with a transaction pooler, a server
    /// connection for the transaction.
    private func sendToStore(client index: Int, sequence: UInt64) {
        let region = clients[index].region
        if let size = scenario.pools.poolSize, (pools?.inUse[region] ?? 0) >= size {
            pools?.waiting[region].append(.init(client: index, sequence: sequence, since: now))
            clients[index].operations.update(sequence) { $0.waitingForConnection = true }
            queue.schedule(.poolTimeout(client: Int32(index), sequence: sequence), at: now +| scenario.pools.poolTimeout)
            return
        }
        grantConnection(client: index, sequence: sequence, waitingSince: now)
    }

    private func grantConnection(client index: Int, sequence: UInt64, waitingSince: Nanoseconds) {
        let region = clients[index].region
        pools?.account(region, now: now)
        if (pools?.opened[region] ?? 0) <= (pools?.inUse[region] ?? 0) {
            // No idle connection: open one, within the store's limit unless a pooler
            // stands in front of the store.
            if scenario.pools.poolerSize == nil, let limit = scenario.pools.maxConnections, (pools?.storeOpen ?? 0) >= limit {
                pools?.stats[region].connectionLimitFailures += 1
                failBeforeSending(client: index, sequence: sequence)
                return
            }
            pools?.opened[region] += 1
            if scenario.pools.poolerSize == nil { pools?.storeOpen += 1 }
        }
        pools?.inUse[region] += 1
        pools?.stats[region].poolWait.record(now - waitingSince)
        clients[index].operations.update(sequence) {
            $0.holdsConnection = true
            $0.waitingForConnection = false
        }
        if let poolerSize = scenario.pools.poolerSize {
            if (pools?.poolerInUse ?? 0) < poolerSize {
                grantPoolerSlot(client: index, sequence: sequence, waitingSince: now)
            } else {
                pools?.poolerWaiting.append(.init(client: index, sequence: sequence, since: now))
            }
            return
        }
        dispatchToStore(client: index, sequence: sequence)
    }

    private func grantPoolerSlot(client index: Int, sequence: UInt64, waitingSince: Nanoseconds) {
        pools?.poolerInUse += 1
        pools?.stats[clients[index].region].poolerWait.record(now - waitingSince)
        clients[index].operations.update(sequence) { $0.holdsPoolerSlot = true }
        dispatchToStore(client: index, sequence: sequence)
    }

    private func dispatchToStore(client index: Int, sequence: UInt64) {
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        send(from: clients[index].endpoint, to: Int(record.gateway), .request(operation: operation, isWrite: record.isWrite, hops: 0), at: now)
    }

    /// Ends an attempt that never reached the store: known not applied.
    private func failBeforeSending(client index: Int, sequence: UInt64) {
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        clients[index].operations.markDone(sequence)
        finishAttempt(client: index, record: record, outcome: .failed)
    }

    private func releaseConnection(region: Int) {
        pools?.account(region, now: now)
        pools?.inUse[region] -= 1
        while let waiter = pools?.popWaiter(region) {
            guard let record = clients[waiter.client].operations.record(waiter.sequence),
                record.state == .pending, record.waitingForConnection
            else { continue }
            grantConnection(client: waiter.client, sequence: waiter.sequence, waitingSince: waiter.since)
            return
        }
    }

    private func releasePoolerSlot() {
        pools?.poolerInUse -= 1
        while let waiter = pools?.popPoolerWaiter() {
            guard let record = clients[waiter.client].operations.record(waiter.sequence), record.state == .pending else { continue }
            grantPoolerSlot(client: waiter.client, sequence: waiter.sequence, waitingSince: waiter.since)
            return
        }
    }

    /// An operation waited for a pool connection longer than the pool timeout: it fails.
    private func poolTimedOut(client index: Int, sequence: UInt64) {
        guard let record = clients[index].operations.record(sequence), record.state == .pending, record.waitingForConnection else { return }
        clients[index].operations.update(sequence) { $0.waitingForConnection = false }
        pools?.stats[clients[index].region].poolTimeouts += 1
        failBeforeSending(client: index, sequence: sequence)
    }

    // MARK: - Caches

    /// Remembers which version the store returned to a read, for the cache set after it.
    private func noteServed(operation: UInt64, timestamp: Nanoseconds) {
        guard scenario.cache != nil || recording || !scenario.sessionGuarantees.isEmpty else { return }
        clients[OpenLoopClient.client(of: operation)].operations.update(OpenLoopClient.sequence(of: operation)) {
            $0.servedTimestamp = timestamp
        }
    }

    /// A lookup at a region's cache: a fresh entry is a hit; otherwise the reader fetches
    /// from the store (or, single-flight, waits for the fetch already under way).
    private func cacheLookup(client index: Int, sequence: UInt64) {
        guard let cache = scenario.cache, let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        let region = clients[index].region
        let key = record.key
        let decile = min(9, key * 10 / max(1, scenario.keyCount))
        cacheStats[region].lookups += 1
        cacheStats[region].lookupsByDecile[decile] += 1
        let answerAt = now +| cache.serviceTime +| cache.roundTrip / 2
        let token = scenario.sessionGuarantees.isEmpty ? Int64.min : sessionToken[index]
        // An entry older than the session's token cannot serve it: a miss.
        if let entry = caches[region].lookup(key, now: now), entry.timestamp >= token {
            // XFetch: refresh early with probability rising as expiry nears.
            let refreshEarly =
                cache.fill == .xfetch
                && now -| Int64(saturating: Double(cache.roundTrip +| 100 * .millisecond) * cache.beta * _log(xfetchRandom.nextOpenUnit())) >= entry.expiresAt
            if !refreshEarly {
                cacheStats[region].hits += 1
                cacheStats[region].hitsByDecile[decile] += 1
                if let versions {
                    let miss = versions.miss(key: key, appliedIndex: .max, readTimestamp: entry.timestamp, now: now)
                    cacheStats[region].staleness.record(miss.oldestCommittedAt.map { now - $0 } ?? 0)
                    cacheStats[region].versionsMissed.record(Int64(miss.versions))
                    if miss.versions > 0 { cacheStats[region].staleHits += 1 }
                }
                servedFromCache(client: index, sequence: sequence, timestamp: entry.timestamp)
                queue.schedule(.cacheReply(client: Int32(index), sequence: sequence, hit: true), at: answerAt)
                return
            }
        }
        if cache.staleWhileRevalidate > 0, let expired = caches[region].peek(key), expired.expiresAt <= now,
            now - expired.expiresAt < cache.staleWhileRevalidate, expired.timestamp >= token
        {
            // Serve the expired value; one background refresh fetches the current one.
            cacheStats[region].hits += 1
            cacheStats[region].hitsByDecile[decile] += 1
            cacheStats[region].staleWhileRevalidateHits += 1
            if let versions {
                let miss = versions.miss(key: key, appliedIndex: .max, readTimestamp: expired.timestamp, now: now)
                cacheStats[region].staleness.record(miss.oldestCommittedAt.map { now - $0 } ?? 0)
                cacheStats[region].versionsMissed.record(Int64(miss.versions))
                if miss.versions > 0 { cacheStats[region].staleHits += 1 }
            }
            if caches[region].fills[key] == nil {
                _ = caches[region].beginFill(key)
                cacheStats[region].refreshes += 1
                cacheStats[region].storeReads += 1
                // The refresh takes what a read of the store takes here (its mean so far,
                // or a round trip to the leader's region before any was measured).
                let storeTime = reads[region].latency.isEmpty ? 2 *| cache.roundTrip : Int64(saturating: reads[region].latency.mean)
                queue.schedule(.cacheRefresh(region: Int32(region), key: key), at: now +| storeTime)
            }
            servedFromCache(client: index, sequence: sequence, timestamp: expired.timestamp)
            queue.schedule(.cacheReply(client: Int32(index), sequence: sequence, hit: true), at: answerAt)
            return
        }
        if key == 0, let expired = caches[region].peek(key), expired.expiresAt <= now, hotExpiry[region] != expired.expiresAt {
            hotExpiry[region] = expired.expiresAt
            hotFetches[region] = 0
        }
        if cache.fill == .singleflight, caches[region].fills[key] != nil {
            caches[region].addWaiter(OpenLoopClient.operationID(client: index, sequence: sequence), for: key)
            return
        }
        let fill = caches[region].beginFill(key)
        cacheStats[region].stampedePeak = max(cacheStats[region].stampedePeak, fill.fetches)
        cacheStats[region].storeReads += 1
        if key == 0, let expiredAt = hotExpiry[region], now < expiredAt +| .second {
            hotFetches[region] += 1
            hotKeyExpiryFetches = max(hotKeyExpiryFetches, hotFetches[region])
        }
        clients[index].operations.update(sequence) { $0.fillToken = cache.fill == .singleflight ? fill.token : 0 }
        queue.schedule(.cacheReply(client: Int32(index), sequence: sequence, hit: false), at: answerAt)
    }

    /// The cache's answer at the client: a hit ends the read; a miss sends it to the store.
    private func cacheReply(client index: Int, sequence: UInt64, hit: Bool) {
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        if hit {
            if nextLookup(client: index, sequence: sequence, record: record) { return }
            clients[index].operations.update(sequence) { $0.viaCache = false }
            completeAtClient(operation: OpenLoopClient.operationID(client: index, sequence: sequence), ok: true)
            return
        }
        if pools != nil {
            sendToStore(client: index, sequence: sequence)
            return
        }
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        send(from: clients[index].endpoint, to: Int(record.gateway), .request(operation: operation, isWrite: false, hops: 0), at: now)
    }

    /// A request-scoped read makes its next lookup: a repeat of an earlier key is served by
    /// the request's own cache at once; a new key goes to the region's cache. Returns false
    /// when the request has made all its lookups.
    private func nextLookup(client index: Int, sequence: UInt64, record: OperationRing.Record) -> Bool {
        guard let cache = scenario.cache, record.lookupsLeft > 0 else { return false }
        var left = record.lookupsLeft
        let region = clients[index].region
        while left > 0, clients[index].random.nextUnit() < cache.requestRepeatShare {
            left -= 1
            cacheStats[region].requestCacheHits += 1
        }
        guard left > 0 else {
            clients[index].operations.update(sequence) { $0.lookupsLeft = 0 }
            return false
        }
        let key = clients[index].nextOperation().key
        clients[index].operations.update(sequence) {
            $0.lookupsLeft = left - 1
            $0.key = key
            $0.viaCache = true
            $0.fillToken = 0
        }
        queue.schedule(.cacheLookup(client: Int32(index), sequence: sequence), at: now +| cache.roundTrip / 2)
        return true
    }

    /// A stale-while-revalidate refresh completes: the entry takes the newest committed
    /// value and a fresh TTL.
    private func cacheRefreshed(region: Int, key: Int) {
        guard let cache = scenario.cache else { return }
        let current = versions?.miss(key: key, appliedIndex: .max, readTimestamp: nil, now: now).visibleTimestamp ?? 0
        caches[region].set(key, timestamp: current, expiresAt: now +| cache.ttl)
        _ = caches[region].endFetch(key)
    }

    /// A set after a miss reaches the cache. With fill tokens (single-flight), a set whose
    /// token an invalidation voided is refused: that is what stops the classic race of a
    /// reader setting the value it read before a write's invalidation.
    private func cacheSet(region: Int, key: Int, timestamp: Nanoseconds, token: UInt64) {
        guard let cache = scenario.cache else { return }
        let fill = caches[region].fills[key]
        let tokenVoided =
            token != 0 && !(fill.map { $0.token == token && $0.valid } ?? false)
            && !scenario.unsafe.contains(.cacheFillIgnoresInvalidation)
        if tokenVoided {
            cacheStats[region].refusedSets += 1
        } else if timestamp > Int64.min {
            caches[region].set(key, timestamp: timestamp, expiresAt: now +| cache.ttl)
        }
        if let finished = caches[region].endFetch(key) {
            let answerAt = now +| cache.serviceTime +| cache.roundTrip / 2
            for waiter in finished.waiters {
                let client = OpenLoopClient.client(of: waiter)
                if tokenVoided {
                    // An invalidation voided the fetched value: the waiter looks again
                    // (and fetches under a fresh token if the key is still missing).
                    queue.schedule(.cacheLookup(client: Int32(client), sequence: OpenLoopClient.sequence(of: waiter)), at: now)
                    continue
                }
                // The waiters get the fetched value (counted as hits of the fill).
                cacheStats[region].hits += 1
                servedFromCache(client: client, sequence: OpenLoopClient.sequence(of: waiter), timestamp: timestamp)
                queue.schedule(.cacheReply(client: Int32(client), sequence: OpenLoopClient.sequence(of: waiter), hit: true), at: answerAt)
            }
        }
    }

    /// A cache hit answers the read with the cached version.
    private func servedFromCache(client index: Int, sequence: UInt64, timestamp: Nanoseconds) {
        clients[index].operations.update(sequence) {
            $0.servedByCache = true
            $0.servedTimestamp = timestamp
        }
    }

    // MARK: - Liveness phase and recording

    /// The liveness phase begins: every fault in force ends, and none starts later.
    private func healEveryFault() {
        for index in scenario.faults.indices where activeFaults[index] { handleFault(index: index, starting: false) }
        healed = true
    }

    /// One write to the first key of every range, from the client of the range's home
    /// region, each second of the liveness phase: evidence of progress for the checker.
    private func probeEveryRange() {
        guard now < scenario.duration else { return }
        for range in layout.ranges.indices {
            let key = range * layout.keysPerRange
            guard key < max(scenario.keyCount, 1) else { continue }
            let client = min(layout.ranges[range].home, clients.count - 1)
            pendingOperations += 1
            startAttempt(client: client, RetryState(issuedAt: now, isWrite: true, key: key, attempts: 0, mayHaveApplied: false))
        }
        queue.schedule(.probe, at: now + .second)
    }

    /// Appends one finished attempt to the history. Requests of several queries are not
    /// recorded: they read several keys.
    private func recordAttempt(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome) {
        guard history.operations.count < scenario.limits.historyOperations else { return }
        if !record.isWrite, scenario.requestShape != .single || (scenario.cache?.requestLookups ?? 1) > 1 { return }
        let kind: HistoryOperation.Kind = record.isWrite ? .write : .read
        var mode = HistoryOperation.Mode.strong
        var bound: Nanoseconds?
        if !record.isWrite {
            if record.servedByCache, let cache = scenario.cache {
                mode = .cache
                bound = cachePolicyBound(cache)
            } else {
                switch scenario.readMode {
                case .strong: mode = .strong
                case .nearest: mode = .nearest
                case .exact:
                    mode = .exact
                    bound = scenario.exactStaleness
                case .bounded:
                    mode = .bounded
                    bound = scenario.maxStaleness
                }
            }
        }
        let historyOutcome: HistoryOperation.Outcome
        switch outcome {
        case .ok: historyOutcome = .ok
        case .failed: historyOutcome = .failed
        case .timedOut: historyOutcome = .unknown
        }
        // A write never proposed has no value; it cannot have taken effect either.
        let value = record.servedTimestamp == Int64.min ? (record.isWrite ? -1 - Int64(history.operations.count) : 0) : record.servedTimestamp
        history.operations.append(
            HistoryOperation(
                client: index, key: record.key, kind: kind, invoked: record.attemptStartedAt,
                completed: outcome == .timedOut ? nil : now, outcome: historyOutcome, value: value, mode: mode, bound: bound))
        if record.isWrite, outcome == .ok, let healAt = scenario.healAt, record.attemptStartedAt >= healAt {
            let range = layout.range(ofKey: record.key)
            if history.firstProgressAfterHeal[range] == nil { history.firstProgressAfterHeal[range] = now }
        }
    }

    /// How old a cache hit may be under the cache's policy (ns). With change-stream
    /// invalidation and fill tokens, an entry outlives a newer commit by at most the
    /// invalidation lag plus a cache round trip; otherwise by its TTL, the
    /// stale-while-revalidate window and the fill's own time (at most an operation
    /// timeout). Follower reads that filled the cache add their own bound.
    private func cachePolicyBound(_ cache: CacheSettings) -> Nanoseconds {
        var bound: Nanoseconds
        if cache.invalidation == .global && cache.fill == .singleflight {
            bound = cache.invalidationLag +| cache.roundTrip +| cache.serviceTime
        } else {
            bound = cache.ttl +| cache.staleWhileRevalidate +| scenario.operationTimeout
        }
        switch scenario.readMode {
        case .strong, .nearest: break
        case .exact: bound = bound +| scenario.exactStaleness
        case .bounded: bound = bound +| scenario.maxStaleness
        }
        return bound
    }

    /// A leader answered a strong read from its lease.
    private func noteLeaseRead(replica: Int) {
        history.leaseReads.append(
            .init(
                range: Int(replicaRange[replica]), node: Int(replicaNode[replica]),
                term: replicas[replica].term, at: now))
    }

    /// Replica `replica` applies its committed entries through `last` to its own state
    /// machine, from its own log.
    private func apply(replica: Int, range: Int, through last: UInt64) {
        var index = appliedThrough[replica] + 1
        while index <= last {
            if let term = replicas[replica].term(at: index),
                let payload = entryPayloads[EntryID(range: Int32(range), index: index, term: term)]
            {
                appliedValues[replica][payload.key, default: []].append(payload.value)
            }
            index += 1
        }
        appliedThrough[replica] = max(appliedThrough[replica], last)
    }

    /// The value replica `replica` holds for `key`: its latest applied, or the latest at or
    /// below `readTimestamp`; 0 (the initial value) when none. A value whose commit wait
    /// has not ended is not yet visible (a read at a timestamp below it would wait out
    /// the uncertainty, as CockroachDB's do).
    private func appliedValue(at replica: Int, key: Int, atOrBelow readTimestamp: Nanoseconds?) -> Int64 {
        guard let values = appliedValues[replica][key] else { return 0 }
        var best: Int64 = 0
        for value in values where value > best && value <= (readTimestamp ?? Int64.max) && (visibleAt[KeyVersion(key: key, value: value)] ?? 0) <= now {
            best = value
        }
        return best
    }

    /// The history, completed with each range's final leader's applied values.
    private func finishHistory() -> RunHistory {
        var result = history
        result.endedAt = now
        result.raftViolations = checkers.flatMap(\.violations)
        result.finalValues = layout.ranges.indices.map { range in
            guard let leader = currentLeader(ofRange: range) else { return nil }
            var values: [Int64] = []
            for (_, applied) in appliedValues[leader] { values += applied }
            // Entries in the final leader's log that it has not applied yet count too: a
            // leader that just took over (say by a transfer to the preferred replica) holds
            // every committed entry but applies them only once its own term's first entry
            // commits, which the end of the run may cut short.
            let last = replicas[leader].lastIndex
            var index = appliedThrough[leader] + 1
            while index <= last {
                if let term = replicas[leader].term(at: index),
                    let payload = entryPayloads[EntryID(range: Int32(range), index: index, term: term)]
                {
                    values.append(payload.value)
                }
                index += 1
            }
            return values.sorted()
        }
        return result
    }

    // MARK: - Timeline

    private func recordTimeline(region: Int, isWrite: Bool, ok: Bool, unknown: Bool, latency: Nanoseconds) {
        if isWrite {
            if ok {
                secondCells[region].writesOK += 1
                secondWriteLatency[region].record(latency)
            } else if unknown {
                secondCells[region].writesUnknown += 1
            } else {
                secondCells[region].writesFailed += 1
            }
        } else {
            if ok {
                secondCells[region].readsOK += 1
                secondReadLatency[region].record(latency)
            } else if unknown {
                secondCells[region].readsUnknown += 1
            } else {
                secondCells[region].readsFailed += 1
            }
        }
    }

    private func closeTimelineSecond() {
        if primaries != nil { for node in 0..<nodeCount { catchUpReplica(node) } }
        for region in secondCells.indices {
            secondCells[region].writeP99 = secondWriteLatency[region].percentile(0.99)
            secondCells[region].readP99 = secondReadLatency[region].percentile(0.99)
            secondCells[region].replicaLagP99 = secondLag[region].percentile(0.99)
            secondLag[region] = LatencyHistogram()
        }
        let leader = currentLeader(ofRange: 0)
        timeline.append(
            TimelineRow(
                end: now, leaderRegion: leader.map { scenario.topology.nodes[Int(replicaNode[$0])].region },
                activeFaults: scenario.faults.indices.filter { activeFaults[$0] }.map { scenario.faults[$0].label },
                cells: secondCells))
        for region in secondCells.indices {
            secondCells[region] = TimelineRow.Cell()
            secondWriteLatency[region] = LatencyHistogram()
            secondReadLatency[region] = LatencyHistogram()
        }
        if now < scenario.duration || pendingOperations > 0 { queue.schedule(.timelineTick, at: now + .second) }
    }
}
