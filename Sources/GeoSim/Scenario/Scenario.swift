/// Everything one run needs: where the replicas are, what the clients do, how the
/// network and the nodes behave, and the seed. A value: build it from flags or files,
/// then hand it to `Simulation.run`.
public struct Scenario: Sendable {
    public var topology: Topology
    /// The one seed every random stream derives from.
    public var seed: UInt64 = Defaults.seed
    /// Simulated time during which clients issue operations (ns); in-flight operations
    /// then drain (up to one operation timeout).
    public var duration: Nanoseconds = Defaults.duration
    /// Total client operations per simulated second, split evenly across client regions.
    public var rate: Double = Defaults.rate
    /// Share of operations that are writes, 0…1.
    public var writeFraction: Double = Defaults.writeFraction
    /// Keyspace size.
    public var keyCount: Int = Defaults.keyCount
    public var keyPopularity: KeyChooser.Popularity = Defaults.keyPopularity
    /// Index into `topology.regions` of the region whose first replica leads.
    public var leaderRegion: Int = 0
    public var jitter: Jitter = .standard
    /// True when `jitter` was chosen by the user; it then overrides a topology file's
    /// own jitter settings.
    public var jitterIsExplicit = false
    /// How the report names the jitter when `jitter.description` would not say it all
    /// (`--jitter measured`).
    public var jitterDescription: String?
    /// Time a replica spends handling one message (a single server per replica, FIFO).
    public var serviceTime: Distribution = Defaults.serviceTime
    /// Raft heartbeat period (ns); the leader's logical clock ticks at this period.
    public var heartbeatInterval: Nanoseconds = Defaults.heartbeat
    /// Raft election timeout (ns): randomized in [T, 2T) once elections are simulated.
    public var electionTimeout: Nanoseconds = Defaults.electionTimeout
    /// The upper end of the election timeout's range (`--election-timeout A..B`), drawn
    /// continuously in [electionTimeout, electionTimeoutMax); nil: [T, 2T) (or exactly T).
    public var electionTimeoutMax: Nanoseconds?
    /// A client gives up on an operation after this long (ns): a read then counts as
    /// failed, a write as unknown (it may still commit).
    public var operationTimeout: Nanoseconds = Defaults.operationTimeout
    /// Client retries after a failure (used once faults make failures retryable).
    public var retries: Int = 0
    public var raft = RaftConfig()
    /// How the leader serves strong reads.
    public var strongReads: StrongReads = .lease
    /// The bound on clock drift (a rate: 0.001 = 1 ms per second) that leases assume. A
    /// node whose clock drifts faster than this (a `clock` fault) can make lease reads
    /// unsafe: that is what the bound models.
    public var maxClockDrift = 0.001
    /// Whether election timeouts are drawn from [T, 2T) (Raft) or fixed at T.
    public var randomizedElectionTimeout = true
    /// Whether leadership moves back to the preferred region's first replica once it is
    /// healthy and caught up.
    public var leaderPreference = true
    /// The system profile whose defaults the run took (`--profile`), if any.
    public var profile: SystemProfile?
    /// First pause before a client retries a failed attempt (ns); doubles per attempt.
    public var retryBackoff: Nanoseconds = Defaults.retryBackoff
    /// Timed faults, in schedule order.
    public var faults: [Fault] = []
    /// The value size (which sizes messages) and the node price of the cost estimate.
    public var traffic = TrafficSettings()
    /// Record per-second rows (`--timeline`).
    public var timeline = false
    /// Alerting rules evaluated on the per-second rows, and the slow-operation log
    /// (`--alerts`); nil: none. Rows are recorded for them even without `timeline`.
    public var alerts: AlertRuleSet?
    /// Run the Raft safety checker over the run (tests; costs memory per log entry).
    public var checkSafety = false

    /// How data is replicated (`--replication`): Raft ranges (the default), a primary with
    /// replicas, or a leaderless quorum store.
    public var replication = ReplicationSettings()
    /// Primaries: promote the most caught-up replica at this time, whatever the primary's
    /// health (a scripted failover) (ns).
    public var promoteAt: Nanoseconds?
    /// Keep the (index, commit time) of every acknowledged write of a primary (tests).
    public var recordAcknowledgedWrites = false

    /// Keep every ok latency (`ExactLatencies`), so that per-run percentiles are exact
    /// order statistics: sweeps set it, since their confidence intervals compare runs whose
    /// percentiles may share a histogram bucket. Memory grows with the run (8 bytes per
    /// operation, capped per kind).
    public var recordExactLatencies = false

    /// Record what the consistency checkers need (`geosim check`): every client attempt
    /// with its times, outcome, key, value and read mode; every commit, lease read and
    /// leadership; each replica's applied writes. Raft replication only. Memory grows
    /// with the run, and log compaction is off so every replica applies every entry.
    public var recordHistory = false
    /// The liveness phase: at this time (ns) every fault ends (crashed nodes restart,
    /// links heal, clocks are corrected), faults scheduled later never start, and every
    /// range gets a probe write each second, so the checker can require progress.
    public var healAt: Nanoseconds?
    /// With `healAt`: the nodes whose faults the heal ends (`HealCore`); nil heals every
    /// fault.
    public var healCore: [Int]?
    /// Deliberately unsafe protocol options, for showing that the checkers catch them.
    public var unsafe: [UnsafeOption] = []
    /// What the run may grow to (`--limit`).
    public var limits = RunLimits()
    /// Session guarantees of the clients' reads (`--session`).
    public var sessionGuarantees: SessionGuarantees = []
    /// Record the messages between replicas sent in this window (ns), for a
    /// message-sequence diagram (`RunOutcome.messageTrace`); nil records none.
    public var traceWindow: ClosedRange<Nanoseconds>?
    /// With `traceWindow`: only the messages about this key (`MessageTrace`).
    public var traceKey: Int?
    /// What `geosim check --expect` holds the run to beyond its mode's promise.
    public var expectations: [ExpectedProperty] = []

    /// Cores per node: each handles one message at a time from a shared FIFO queue.
    public var cores = 1
    /// Service time per kind of work, overriding `serviceTime` where given; `apply` is the
    /// time to apply one committed entry at a replica (none by default).
    public var readService: Distribution?
    public var writeService: Distribution?
    public var replicationService: Distribution?
    public var applyService: Distribution?
    /// The time of one fsync (`--fsync`): Raft appends (a leader's, and a follower's before
    /// it answers), a primary's commit and a replica's receipt are durable only after one,
    /// with group commit (`NodeDisk`). Nil or a constant 0: no disk is modelled.
    public var fsync: Distribution?
    /// Whether fsyncs are modelled: `fsync` is set and not a constant 0.
    public var usesDisk: Bool {
        guard let fsync else { return false }
        return fsync != .constant(0)
    }
    /// Closed-loop clients: this many per region, each issuing its next operation a think
    /// time after the previous one ended; nil: open-loop Poisson arrivals at `rate`.
    public var closedLoopClients: Int?
    public var thinkTime: Distribution = .exponential(mean: Double(100 * Nanoseconds.millisecond))

    /// Connection pools between clients and the store.
    public var pools = PoolSettings()

    /// The shape of a read request: one query, or several steps of them.
    public var requestShape: RequestShape = .single
    /// Multi-key transactions: each client operation is one (`--txn`); nil: single-key
    /// reads and writes.
    public var transaction: TransactionSettings?

    /// How a read request is made of queries.
    public enum RequestShape: Equatable, Sendable {
        /// One query.
        case single
        /// One query, then N dependent queries one after another (the N+1 pattern).
        case nPlusOne(Int)
        /// One query, then the N follow-ups as one batched query.
        case batch(Int)
        /// One query, then N queries at once; done when the last answers.
        case fanOut(Int)

        /// Parses `single`, `n+1:N`, `batch:N`, `fanout:N`.
        public static func parse(_ text: String) -> RequestShape? {
            if text == "single" { return .single }
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let count = Int(parts[1]), count >= 1, count <= 1000 else { return nil }
            switch parts[0] {
            case "n+1": return .nPlusOne(count)
            case "batch": return .batch(count)
            case "fanout": return .fanOut(count)
            default: return nil
            }
        }

        public var description: String {
            switch self {
            case .single: return "single"
            case .nPlusOne(let n): return "n+1:\(n)"
            case .batch(let n): return "batch:\(n)"
            case .fanOut(let n): return "fanout:\(n)"
            }
        }

        /// Sequential steps after the first query.
        var followingSteps: Int32 {
            switch self {
            case .single: return 0
            case .nPlusOne(let n): return Int32(n)
            case .batch, .fanOut: return 1
            }
        }
    }

    /// A cache tier in every client region; nil: no cache.
    public var cache: CacheSettings?

    /// How data is homed (`--locality`).
    public var locality: Locality = .table
    /// The home region of table-locality data (index into `topology.regions`); nil: the
    /// preferred leader's region (`leaderRegion`).
    public var homeRegion: Int?
    /// The replica placement goal; nil: CockroachDB's default (zone when the home region
    /// has 3 or more replicas, else region), falling back to "every replica votes" when
    /// the topology has too few replicas for it.
    public var survival: SurvivalGoal?
    /// How many ranges the keyspace is split into; nil: 1 for table and global
    /// locality, 4 per region for row locality.
    public var rangeCount: Int?
    /// Row locality: the share of a client's operations on rows homed in its own region.
    public var localShare = 0.9
    /// The clock-offset bound global tables wait out (and closed-timestamp lead) (ns).
    public var maxClockOffset: Nanoseconds = Defaults.maxClockOffset

    /// How the keyspace is homed.
    public enum Locality: String, Sendable, CaseIterable {
        /// Every range homed in one region.
        case table
        /// Ranges homed in every region, round robin; clients mostly use their region's.
        case row
        /// One home, but strong reads are served by the nearest replica everywhere; writes
        /// are timestamped in the future and wait it out (CockroachDB's global tables).
        case global
    }

    /// How reads are served (`--read-mode`).
    public var readMode: ReadMode = .strong
    /// Exact-staleness reads read at now minus this (ns).
    public var exactStaleness: Nanoseconds = Defaults.exactStaleness
    /// Bounded-staleness reads accept data at most this old (ns).
    public var maxStaleness: Nanoseconds = Defaults.maxStaleness
    /// Bounded reads that cannot be served locally fail instead of going to the leader.
    public var nearestOnly = false
    /// The leaseholder closes timestamps this far behind its clock (ns)...
    public var closedTimestampTarget: Nanoseconds = Defaults.closedTimestampTarget
    /// ...and publishes them to followers this often (ns).
    public var closedTimestampInterval: Nanoseconds = Defaults.closedTimestampInterval
    /// A deliberately broken read path, for checker tests only: followers serve
    /// bounded and exact reads without checking their closed timestamp.
    public var unsafeIgnoreClosedTimestamps = false

    /// How reads are served.
    public enum ReadMode: String, Sendable, CaseIterable {
        /// By the leader (leaseholder), linearizable.
        case strong
        /// At now − `exactStaleness`, by the nearest replica if that time is closed there,
        /// else by the leader.
        case exact
        /// By the nearest replica at its freshest closed timestamp if that is within
        /// `maxStaleness`, else by the leader (or failed, with `nearestOnly`).
        case bounded
        /// By the nearest replica, whatever it has applied: no bound.
        case nearest
    }

    /// How a leader answers strong reads.
    public enum StrongReads: String, Sendable, CaseIterable {
        /// From a lease, renewed by heartbeats a quorum answers; safe while clock drift
        /// stays within `maxClockDrift`. Falls back to ReadIndex when the lease lapsed.
        case lease
        /// ReadIndex: each read waits for a heartbeat round a quorum answers.
        case readIndex = "read-index"
    }

    /// The defaults of CLI.md, shared by flags, scenario files and the library.
    public enum Defaults {
        public static let seed: UInt64 = 1
        public static let duration: Nanoseconds = 60 * .second
        public static let rate = 1000.0
        public static let writeFraction = 0.1
        public static let keyCount = 100_000
        public static let keyPopularity = KeyChooser.Popularity.zipf(0.99)
        /// Per message; a leader handles three messages per write (request and two acks),
        /// so with this default one leader saturates near 33,000 writes/s.
        public static let serviceTime = Distribution.constant(Double(10 * Nanoseconds.microsecond))
        /// Heartbeat and election timeout for a WAN: etcd's tuning guide puts the heartbeat
        /// near the longest round trip between members and the election timeout at ten
        /// heartbeats; inter-region round trips run 60-250 ms, hence 200 ms and 2 s
        /// (CockroachDB uses 3 s). A failed leader is replaced in about 2-4 s.
        public static let heartbeat: Nanoseconds = 200 * .millisecond
        public static let electionTimeout: Nanoseconds = 2 * .second
        public static let operationTimeout: Nanoseconds = 2 * .second
        public static let retryBackoff: Nanoseconds = 50 * .millisecond
        /// CockroachDB's defaults: timestamps close 3 s behind the leaseholder's clock,
        /// published every 200 ms, so follower reads need data about 4.2 s old.
        public static let closedTimestampTarget: Nanoseconds = 3 * .second
        public static let closedTimestampInterval: Nanoseconds = 200 * .millisecond
        public static let exactStaleness: Nanoseconds = 4200 * .millisecond
        public static let maxStaleness: Nanoseconds = 10 * .second
        /// CockroachDB's default maximum clock offset is 500 ms; cloud clocks with NTP
        /// usually stay well within 250 ms.
        public static let maxClockOffset: Nanoseconds = 250 * .millisecond
    }

    public init(topology: Topology) {
        self.topology = topology
    }

    /// The name of the preferred leader's region.
    public var leaderRegionName: String { topology.regions[leaderRegion].name }
}
