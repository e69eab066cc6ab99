/// Connections between clients and the store: an application-side pool per client region
/// (size, FIFO wait, wait timeout), the store's connection limit, and optionally a
/// PgBouncer-style transaction pooler in between that multiplexes client connections onto
/// a few server connections, each held only while a transaction runs.
public struct PoolSettings: Equatable, Sendable {
    /// Connections per client region's application pool; nil: unlimited.
    public var poolSize: Int?
    /// How long an operation may wait for a pool connection before it fails (ns).
    public var poolTimeout: Nanoseconds = 1 * .second
    /// The store's connection limit across all regions; nil: none.
    public var maxConnections: Int?
    /// Server connections of a transaction pooler; nil: clients connect directly.
    public var poolerSize: Int?

    public init() {}

    /// Whether any of it is configured.
    public var isActive: Bool { poolSize != nil || maxConnections != nil || poolerSize != nil }
}

/// Per client region: what its pool did.
public struct PoolStats: Sendable, Equatable {
    /// Time operations waited for a pool connection, and for a pooler server connection (ns).
    public var poolWait = LatencyHistogram()
    public var poolerWait = LatencyHistogram()
    /// Operations that failed because they waited longer than the pool timeout, and
    /// because opening a connection would pass the store's connection limit.
    public var poolTimeouts = 0
    public var connectionLimitFailures = 0
    /// Time-integral of connections in use (connection·ns), for utilization.
    public var busyIntegral: Double = 0

    public init() {}
}
