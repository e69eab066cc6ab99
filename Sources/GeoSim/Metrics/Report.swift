/// The figures of one run, region by region, ready to print as text, JSON or CSV.
/// Holds no wall-clock figure unless `wallSeconds` is set (the `--timing` flag), so two
/// runs of one scenario and seed give identical reports.
public struct Report: Sendable {
    /// One client region's outcomes and the physics floors for its writes.
    public struct RegionRow: Sendable {
        public var name: String
        public var writes: OperationStats
        public var reads: OperationStats
        /// The least write latency physics allows from this region for this placement:
        /// light in fiber to the nearest quorum of voters and back (ns).
        public var placementFloor: Nanoseconds
        /// The floor of the Raft path itself: client → leader → nearest quorum → leader →
        /// client, in fiber at the speed of light (ns).
        public var leaderPathFloor: Nanoseconds
        /// How stale reads from here were (not measured for strong reads).
        public var staleness: StalenessStats
        public var visibility: VisibilityCurve
        /// The longest stretch in which writes (reads) from here all failed or timed out (ns).
        public var longestWriteOutage: Nanoseconds
        public var longestReadOutage: Nanoseconds

        /// The longest stretch in which writes or reads from here were unavailable (ns).
        public var longestOutage: Nanoseconds { max(longestWriteOutage, longestReadOutage) }
    }

    public var seed: UInt64
    public var duration: Nanoseconds
    public var regions: [RegionRow]
    /// The region of the replica leading at the end (nil if none leads).
    public var leaderRegion: String?
    /// Where the round trips came from, when not the default AWS catalog or a topology
    /// file (`Topology.roundTripSource`).
    public var roundTripSource: String?
    public var leaderNode: String?
    public var term: UInt64
    public var committedEntries: UInt64
    public var replicas: Int
    public var events: UInt64
    public var messages: UInt64
    /// When the last event ran (ns), past `duration` by the drain of in-flight operations.
    public var endTime: Nanoseconds
    public var rate: Double
    public var writeFraction: Double
    public var keyCount: Int
    public var keyPopularity: String
    public var jitter: String
    /// Wall-clock seconds the run took; only with `--timing`.
    public var wallSeconds: Double?
    public var elections: Int
    public var leaderChanges: Int
    /// Snapshots sent to followers more than `raftLogLimit` committed entries behind.
    public var raftSnapshots: Int
    public var raftLogLimit: Int
    /// Simulated time with no live leader (ns).
    public var leaderlessTime: Nanoseconds
    /// Each failover: leader lost → first commit of the next leader (ns).
    public var failovers: [Nanoseconds]
    public var droppedMessages: UInt64
    /// The fault schedule, as the user wrote it.
    public var faults: [String]
    /// Per-second rows, when asked for.
    public var timeline: [TimelineRow]?
    /// The alerts the run's rules would have raised and the slow-operation log
    /// (`--alerts`); nil without rules.
    public var alerts: AlertReport?
    /// A runtime limit the run reached (it may have stopped early).
    public var limitReached: RunOutcome.LimitReached?
    /// Draws longer than the run's horizon, cut to it, by source (usually empty), and
    /// the horizon (ns).
    public var cappedDraws: [(source: String, count: Int)] = []
    public var horizon: Nanoseconds = 0
    /// The `geosim run` options that produced the report (output options left out), so
    /// `geosim report --from` can re-run it; nil for reports made by the library.
    public var command: [String]?
    public var safetyViolations: [String]
    public var strongReads: String
    /// The read mode (`strong`, `exact`, `bounded`, `nearest`).
    public var readMode: String
    public var locality: String
    /// The survival goal the placement follows; nil when every replica votes.
    public var survival: String?
    public var rangeCount: Int
    /// One placement per home region in use.
    public var placements: [PlacementSummary]
    /// Ranges led from each region at the end.
    public var leaseholders: [(region: String, ranges: Int)]

    /// `raft`, `primary-async`, `primary-sync`.
    public var replicationMode: String
    /// The system profile the run took its defaults from (`--profile`), if any.
    public var profile: String?
    /// Leaderless: N, R, W.
    public var quorums: (n: Int, r: Int, w: Int)?
    /// Primaries: the primary at the end, replay lag per region, acknowledged writes lost
    /// at promotion, promotions.
    public var primaryNode: String?
    public var replicaLag: [(region: String, lag: LatencyHistogram)]
    public var lostAcknowledgedWrites: Int
    public var promotions: Int
    /// Primaries: per promotion after a crash, from the crash to the promotion (ns).
    public var primaryFailovers: [Nanoseconds] = []
    /// Entries whose commit time the primary forgot before a lagging replica applied them,
    /// past `replicaLogLimit` remembered ones.
    public var replicaLogForgotten: UInt64
    public var replicaLogLimit: Int
    public var usesPrimary: Bool { replicationMode.hasPrefix("primary") }

    /// Where the replicas of the ranges homed in one region live.
    public struct PlacementSummary: Sendable {
        public var home: String
        public var voters: [String]
        public var nonVoters: [String]
        /// Ranges with this home.
        public var ranges: Int
    }

    /// Whether staleness was measured (every mode but strong).
    public var measuresStaleness: Bool { readMode != "strong" || replicationMode != "raft" || locality == "global" }
    /// What the staleness figures describe: the read mode, or the replication mode.
    public var stalenessLabel: String {
        replicationMode == "raft" ? readMode : replicationMode
    }

    /// All regions' staleness together.
    public var totalStaleness: StalenessStats {
        regions.reduce(into: StalenessStats()) { $0.merge($1.staleness) }
    }

    /// All regions' t-visibility samples together.
    public var totalVisibility: VisibilityCurve {
        regions.reduce(into: VisibilityCurve()) { $0.merge($1.visibility) }
    }

    /// Caches: per region the cache's figures, and the same run's reads without a cache
    /// (the baseline the cache is judged against); the lookup cost; the hottest key's
    /// store fetches in the second after an expiry.
    public var cache: [(region: String, stats: CacheStats, readsWithout: OperationStats)]?
    public var cacheLookupCost: Nanoseconds = 0
    /// Connection pools per region (empty when none), and the pool size for utilization.
    public var pools: [(region: String, stats: PoolStats)] = []
    public var poolSize: Int?
    /// Per node: name and the share of its cores' time spent serving (0…1).
    public var utilization: [(node: String, share: Double)] = []
    /// Per node: name and the share of time its disk spent in fsyncs (0…1); nil without a
    /// disk (`Scenario.fsync`).
    public var diskUtilization: [(node: String, share: Double)]?
    /// Transactions (`--txn`), if the run had them.
    public var transactions: TransactionReport?
    /// Bytes between regions and their cost (nil for reports read back without them).
    public var traffic: TrafficReport?
    public var hotKeyExpiryFetches = 0
    /// Where the replicas, leaseholders and clients were, for the placement picture; not
    /// part of the JSON report.
    public var placementMap: PlacementMap?

    public init(scenario: Scenario, outcome: RunOutcome, wallSeconds: Double? = nil, withoutCache baseline: RunOutcome? = nil) {
        let topology = scenario.topology
        let leaderRegionIndex = outcome.leaderNode.map { topology.nodes[$0].region }
        regions = topology.regions.indices.map { Report.regionRow($0, scenario: scenario, outcome: outcome) }
        elections = outcome.elections
        leaderChanges = outcome.leaderChanges
        raftSnapshots = outcome.raftSnapshots
        raftLogLimit = scenario.limits.raftLog
        leaderlessTime = outcome.leaderlessTime
        failovers = outcome.failovers
        droppedMessages = outcome.droppedMessages
        faults = scenario.faults.map(\.label)
        timeline = scenario.timeline ? outcome.timeline : nil
        alerts = scenario.alerts.map { rules in
            AlertReport(
                ruleSet: rules, rows: outcome.timeline, regionNames: topology.regions.map(\.name), faults: scenario.faults,
                slowCount: outcome.slowOperationCount, slowOperations: outcome.slowOperations)
        }
        limitReached = outcome.limitReached
        cappedDraws = outcome.cappedDraws
        horizon = outcome.horizon
        safetyViolations = outcome.safetyViolations
        strongReads = scenario.strongReads.rawValue
        readMode = scenario.readMode.rawValue
        locality = scenario.locality.rawValue
        survival = outcome.layout.survival?.rawValue
        rangeCount = outcome.layout.ranges.count
        self.placements = Report.placementSummaries(outcome.layout, topology: topology)
        placementMap = PlacementMap(scenario: scenario, outcome: outcome)
        leaseholders = zip(topology.regions, outcome.leaseholdersByRegion).map { ($0.name, $1) }
        replicationMode = scenario.replication.mode.rawValue
        profile = scenario.profile?.rawValue
        let replication = scenario.replication
        quorums = replication.mode == .leaderless ? (replication.n, replication.r, replication.w) : nil
        primaryNode = outcome.primaryNode.map { topology.nodes[$0].name }
        replicaLag = outcome.replicaLagByRegion.isEmpty ? [] : zip(topology.regions, outcome.replicaLagByRegion).map { ($0.name, $1) }
        lostAcknowledgedWrites = outcome.lostAcknowledgedWrites
        utilization = zip(topology.nodes, outcome.nodeUtilization).map { ($0.name, $1) }
        diskUtilization = outcome.diskUtilization.map { shares in zip(topology.nodes, shares).map { ($0.name, $1) } }
        transactions = outcome.transactions
        pools = zip(topology.regions, outcome.poolsByRegion).map { ($0.name, $1) }
        poolSize = scenario.pools.poolSize
        if let settings = scenario.cache, !outcome.cacheByRegion.isEmpty {
            cache = topology.regions.indices.map { region in
                (
                    topology.regions[region].name, outcome.cacheByRegion[region],
                    baseline?.readsByRegion[region] ?? OperationStats()
                )
            }
            cacheLookupCost = settings.lookupCost
            hotKeyExpiryFetches = outcome.hotKeyExpiryFetches
        }
        promotions = outcome.promotions
        primaryFailovers = outcome.primaryFailovers
        replicaLogForgotten = outcome.replicaLogForgotten
        replicaLogLimit = scenario.limits.replicaLog
        seed = scenario.seed
        duration = scenario.duration
        leaderRegion = leaderRegionIndex.map { topology.regions[$0].name }
        roundTripSource = topology.roundTripSource
        leaderNode = outcome.leaderNode.map { topology.nodes[$0].name }
        term = outcome.term
        committedEntries = outcome.committedEntries
        replicas = topology.nodes.count
        events = outcome.events
        messages = outcome.messages
        endTime = outcome.endTime
        rate = scenario.rate
        writeFraction = scenario.writeFraction
        keyCount = scenario.keyCount
        keyPopularity = scenario.keyPopularity.description
        jitter = scenario.jitterDescription ?? scenario.jitter.description
        self.wallSeconds = wallSeconds
        traffic = outcome.traffic.map {
            TrafficReport(
                meter: $0, topology: topology, settings: scenario.traffic, seconds: outcome.endTime.seconds, operations: outcome.operationCount)
        }
    }

    /// One client region's row: its operations, staleness and outages, and the physics
    /// floors of a write from it (nanoseconds).
    private static func regionRow(_ region: Int, scenario: Scenario, outcome: RunOutcome) -> RegionRow {
        let topology = scenario.topology
        let (placement, quorum) = writePath(region, scenario: scenario, outcome: outcome)
        let voterRegions = placement.voters.map { topology.nodes[$0].region }
        let leaderRegion =
            scenario.replication.mode == .leaderless
            ? region
            : placement.voters.first.map { topology.nodes[$0].region } ?? scenario.leaderRegion
        return RegionRow(
            name: topology.regions[region].name,
            writes: outcome.writesByRegion[region],
            reads: outcome.readsByRegion[region],
            placementFloor: scenario.replication.mode == .raft || scenario.replication.mode == .leaderless
                ? topology.placementWriteFloor(clientRegion: region, voterRegions: voterRegions, quorum: quorum)
                : topology.leaderPathWriteFloor(
                    clientRegion: region, leaderRegion: leaderRegion,
                    voterRegions: voterRegions, quorum: quorum),
            leaderPathFloor: topology.leaderPathWriteFloor(
                clientRegion: region, leaderRegion: leaderRegion,
                voterRegions: voterRegions, quorum: quorum),
            staleness: outcome.stalenessByRegion[region],
            visibility: outcome.visibilityByRegion[region],
            longestWriteOutage: outcome.longestWriteOutage[region],
            longestReadOutage: outcome.longestReadOutage[region])
    }

    /// The nodes a write from `region` must reach and how many of them: the placement of
    /// the data a client there mostly writes (its own region's rows under row locality,
    /// else the first range's) and its quorum under Raft; a primary and the replicas it
    /// waits for (none when asynchronous); W of the key's replicas when leaderless.
    private static func writePath(_ region: Int, scenario: Scenario, outcome: RunOutcome) -> (placement: RangePlacement, quorum: Int) {
        let topology = scenario.topology
        let layout = outcome.layout
        let range = scenario.locality == .row ? layout.rangesByHome[region].first ?? 0 : 0
        let placement = layout.ranges[range]
        switch scenario.replication.mode {
        case .raft:
            return (placement, placement.quorum)
        case .primaryAsync, .primarySync:
            let primary = outcome.primaryNode ?? topology.nodes.firstIndex(where: { $0.region == scenario.leaderRegion }) ?? 0
            let others = topology.nodes.indices.filter { $0 != primary }
            let waitsFor = scenario.replication.mode == .primarySync ? scenario.replication.syncReplicas : 0
            let primaryPlacement = RangePlacement(home: topology.nodes[primary].region, voters: [primary] + others, nonVoters: [])
            return (primaryPlacement, min(waitsFor + 1, primaryPlacement.voters.count))
        case .leaderless:
            let everyNode = RangePlacement(home: region, voters: Array(topology.nodes.indices), nonVoters: [])
            return (everyNode, min(scenario.replication.w, everyNode.voters.count))
        }
    }

    /// One summary per home region, in the order of the ranges' first appearance.
    private static func placementSummaries(_ layout: RangeLayout, topology: Topology) -> [PlacementSummary] {
        var seenHomes: [Int] = []
        var placements: [PlacementSummary] = []
        for placement in layout.ranges where !seenHomes.contains(placement.home) {
            seenHomes.append(placement.home)
            placements.append(
                PlacementSummary(
                    home: topology.regions[placement.home].name,
                    voters: placement.voters.map { topology.nodes[$0].name },
                    nonVoters: placement.nonVoters.map { topology.nodes[$0].name },
                    ranges: layout.rangesByHome[placement.home].count))
        }
        return placements
    }

    /// All regions' writes together.
    public var totalWrites: OperationStats {
        regions.reduce(into: OperationStats()) { $0.merge($1.writes) }
    }

    /// All regions' reads together.
    public var totalReads: OperationStats {
        regions.reduce(into: OperationStats()) { $0.merge($1.reads) }
    }
}
