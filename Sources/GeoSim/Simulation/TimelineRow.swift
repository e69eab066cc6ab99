/// One second of a run, for charts and notebooks: what clients in each region saw
/// complete in that second, who led, and which faults were active.
public struct TimelineRow: Sendable, Equatable {
    /// Outcomes of operations that ended in this second, in one region.
    public struct Cell: Sendable, Equatable {
        public var writesOK = 0
        public var writesFailed = 0
        public var writesUnknown = 0
        /// p99 latency of the writes that ended ok (ns; 0 when none).
        public var writeP99: Nanoseconds = 0
        public var readsOK = 0
        public var readsFailed = 0
        public var readsUnknown = 0
        public var readP99: Nanoseconds = 0
        /// Primaries: p99 replay lag of the entries this region's replica applied (ns).
        public var replicaLagP99: Nanoseconds = 0
        /// Connection pools: connections in use over the pool size, averaged over the
        /// second (0…1); nil without a sized pool (`--pool-size`).
        public var poolUtilization: Double?
        /// Raft, with alerts: the lag of the region's most lagging live replica, at
        /// one-second resolution (`FollowerLagSampler`, ns); nil otherwise.
        public var raftLag: Nanoseconds?
    }

    /// The second's end (ns of simulated time).
    public var end: Nanoseconds
    /// The region of the live leader at the second's end, if any.
    public var leaderRegion: Int?
    /// Labels of the faults active at the second's end.
    public var activeFaults: [String]
    /// One cell per region, indexed like `Topology.regions`.
    public var cells: [Cell]
    /// Times a replica became leader (or a replica was promoted) during the second.
    public var leaderChanges = 0
}
