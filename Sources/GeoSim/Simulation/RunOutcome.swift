/// The raw results of one run, before they are shaped into a `Report`.
public struct RunOutcome: Sendable {
    /// Write and read outcomes per client region, indexed like `Scenario.topology.regions`.
    public var writesByRegion: [OperationStats]
    public var readsByRegion: [OperationStats]
    /// Per client region, the longest stretch (ns) in which writes issued there all
    /// failed or timed out; likewise for reads. Measured on issue time in 100 ms steps.
    public var longestWriteOutage: [Nanoseconds]
    public var longestReadOutage: [Nanoseconds]
    /// Every ok write and read latency, when `Scenario.recordExactLatencies` asked for them.
    public var exactLatencies: ExactLatencies?
    /// Events the loop dispatched.
    public var events: UInt64
    /// Messages the network carried, and how many of them faults dropped.
    public var messages: UInt64
    public var droppedMessages: UInt64
    /// When the last event ran: the duration plus the drain of in-flight operations (ns).
    public var endTime: Nanoseconds
    /// The replica leading at the end, and the highest term any replica reached.
    public var leaderNode: Int?
    public var term: UInt64
    /// Log entries the leaders committed (no-ops included).
    public var committedEntries: UInt64
    /// Elections started (campaigns after a successful pre-vote, or transfers).
    public var elections: Int
    /// Times a replica became leader after the initial one.
    public var leaderChanges: Int
    /// Simulated time with no live leader (ns).
    public var leaderlessTime: Nanoseconds
    /// For each leader change: from losing the old leader (crash, step-down, or its last
    /// contact with a quorum) to the first commit of the new one (ns).
    public var failovers: [Nanoseconds]
    /// Per-second rows, when the scenario asked for a timeline (or alerts).
    public var timeline: [TimelineRow]
    /// Alerts: client operations at least the slow threshold, and the slowest kept,
    /// slowest first (`SlowOperationLog`).
    public var slowOperationCount = 0
    public var slowOperations: [SlowOperation] = []
    /// What the safety checkers found (empty when they did not run or found nothing).
    public var safetyViolations: [String]
    /// Read staleness per client region (empty figures for strong reads, which are
    /// not measured).
    public var stalenessByRegion: [StalenessStats]
    public var visibilityByRegion: [VisibilityCurve]
    /// The ranges and their placements.
    public var layout: RangeLayout
    /// How many ranges' leaders sit in each region at the end.
    public var leaseholdersByRegion: [Int]
    /// Primaries: replay lag (primary commit → replica apply) per replica region (ns).
    public var replicaLagByRegion: [LatencyHistogram] = []
    /// Primaries: acknowledged writes lost when a replica was promoted, and promotions.
    public var lostAcknowledgedWrites = 0
    public var promotions = 0
    /// Primaries: per promotion after a crash, from the crash to the promotion (ns).
    public var primaryFailovers: [Nanoseconds] = []
    /// Primaries: entries whose commit time the primary forgot before every replica
    /// applied them (limit replica-log).
    public var replicaLogForgotten: UInt64 = 0
    /// The primary's node at the end (nil for other modes).
    public var primaryNode: Int?
    /// Connection pools per client region (empty when none is configured).
    public var poolsByRegion: [PoolStats] = []
    /// Per node: the share of its cores' time spent serving (0…1).
    public var nodeUtilization: [Double] = []
    /// Per node: the share of time its disk spent in fsyncs (0…1); nil without a disk
    /// (`Scenario.fsync`).
    public var diskUtilization: [Double]?
    /// Transactions (`--txn`): outcomes, lock waits, hottest keys; nil without.
    public var transactions: TransactionReport?
    /// Caches, per client region (empty without a cache), and the most store fetches for
    /// the hottest key in the second after one of its entries expired.
    public var cacheByRegion: [CacheStats] = []
    public var hotKeyExpiryFetches = 0
    /// Raft snapshots leaders sent to followers they had compacted past (limit raft-log).
    public var raftSnapshots = 0
    /// Draws of a distribution longer than the run's horizon and cut to it, by source
    /// (`read service time`, `jitter`, ...), non-zero counts only; and the horizon (ns):
    /// the latest instant the run could simulate (`Simulation.horizon(for:)`).
    public var cappedDraws: [(source: String, count: Int)] = []
    public var horizon: Nanoseconds = 0
    /// Primaries, when asked: (log index, commit time) of every acknowledged write.
    public var acknowledgedWrites: [(index: UInt64, committedAt: Nanoseconds)] = []
    /// A runtime limit (`RunLimits`) the run reached, and what stopped or was cut short.
    public struct LimitReached: Sendable, Equatable {
        /// The limit's `--limit` name.
        public var name: String
        /// When it was reached (ns of simulated time).
        public var at: Nanoseconds
        public var detail: String
    }

    /// The runtime limit reached, if any (the run may have stopped early).
    public var limitReached: LimitReached?

    /// Client operations that ended (ok, failed or unknown), all regions.
    public var operationCount: Int {
        writesByRegion.reduce(0) { $0 + $1.count } + readsByRegion.reduce(0) { $0 + $1.count }
    }

    /// What the consistency checkers need, when the scenario asked for it
    /// (`Scenario.recordHistory`, Raft replication).
    public var history: RunHistory?
    /// The messages between replicas in `Scenario.traceWindow`, when asked for.
    public var messageTrace: MessageTrace?
    /// The bytes sent between regions, by class.
    public var traffic: TrafficMeter?
}
