/// How data is replicated (`--replication`, the scenario file's `replication` object):
/// Raft, a primary with asynchronous or synchronous replicas, or a leaderless quorum store.
public struct ReplicationSettings: Equatable, Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case raft
        /// The primary commits locally and ships its log; replicas apply it at their pace.
        case primaryAsync = "primary-async"
        /// The primary's commit waits for `syncReplicas` replicas to have the entry.
        case primarySync = "primary-sync"
        /// Dynamo-style: a coordinator writes to N replicas and waits for W acks; reads ask
        /// N and wait for R answers, returning the newest (last writer wins).
        case leaderless

        /// A primary with replicas (asynchronous or synchronous).
        public var isPrimary: Bool { self == .primaryAsync || self == .primarySync }
    }

    /// Latency distributions of the four legs of a leaderless request (ns), used instead
    /// of the topology's round trips when given (`replication.legs`).
    public struct Legs: Equatable, Sendable {
        public var write: Distribution
        public var ack: Distribution
        public var read: Distribution
        public var response: Distribution

        public init(write: Distribution, ack: Distribution, read: Distribution, response: Distribution) {
            self.write = write
            self.ack = ack
            self.read = read
            self.response = response
        }
    }

    public var mode: Mode = .raft
    /// Leaderless: replicas per key, read quorum, write quorum.
    public var n = 3
    public var r = 1
    public var w = 1
    public var legs: Legs?
    /// Whether the legs add to the topology's one-way latency (true) or replace it (false).
    public var legsAddToTopology = false
    /// Leaderless: repair stale replicas a read saw; anti-entropy period (nil: none) (ns).
    public var readRepair = false
    public var antiEntropyPeriod: Nanoseconds?
    /// primary-sync: replicas whose acknowledgement a commit waits for.
    public var syncReplicas = 1
    /// Primaries: how long a replica takes to apply one log entry (replay).
    public var applyTime: Distribution = .constant(Double(100 * Nanoseconds.microsecond))
    /// Primaries: promote a replica this long after the primary fails (nil: never).
    public var promotionDelay: Nanoseconds? = 10 * .second

    public init() {}
}
