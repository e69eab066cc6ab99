/// Everything one run needs: where the replicas are, what the clients do, how the
/// network and the nodes behave, and the seed. A value: build it from flags or files,
/// then hand it to `Simulation.run`.
public struct Scenario: Sendable {
    public var topology: Topology
    /// The one seed every random stream derives from.
    public var seed: UInt64 = 1
    /// Simulated time during which clients issue operations (ns); in-flight operations
    /// then drain (up to one operation timeout).
    public var duration: Nanoseconds = 60 * .second
    /// Total client operations per simulated second, split evenly across client regions.
    public var rate: Double = 1000
    /// Share of operations that are writes, 0…1.
    public var writeFraction: Double = 0.1
    /// Keyspace size.
    public var keyCount: Int = 100_000
    public var keyPopularity: KeyChooser.Popularity = .zipf(0.99)
    /// Index into `topology.regions` of the region whose first replica leads.
    public var leaderRegion: Int = 0
    public var jitter: Jitter = .standard
    /// True when `jitter` was chosen by the user; it then overrides a topology file's
    /// own jitter settings.
    public var jitterIsExplicit = false
    /// Time a replica spends handling one message (a single server per replica, FIFO).
    public var serviceTime: Distribution = .constant(Double(50 * Nanoseconds.microsecond))
    /// Raft heartbeat period (ns); the leader's logical clock ticks at this period.
    public var heartbeatInterval: Nanoseconds = 100 * .millisecond
    /// Raft election timeout (ns): randomized in [T, 2T) once elections are simulated.
    public var electionTimeout: Nanoseconds = 1 * .second
    /// A client gives up on an operation after this long (ns): a read then counts as
    /// failed, a write as unknown (it may still commit).
    public var operationTimeout: Nanoseconds = 2 * .second
    /// Client retries after a failure (used once faults make failures retryable).
    public var retries: Int = 0
    public var raft = RaftConfig()

    public init(topology: Topology) {
        self.topology = topology
    }

    /// The name of the preferred leader's region.
    public var leaderRegionName: String { topology.regions[leaderRegion].name }
}
