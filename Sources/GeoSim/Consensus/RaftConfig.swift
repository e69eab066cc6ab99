/// Tunables of the Raft replicas, in ticks and entries (the node has no clock: the
/// simulation calls `tick()` every `Scenario.tickInterval`).
public struct RaftConfig: Equatable, Sendable {
    /// A leader sends heartbeats every this many ticks when it has nothing else to send.
    public var heartbeatTicks: Int = 1
    /// Most entries in one AppendEntries message.
    public var maxBatchEntries: Int = 64
    /// Most unacknowledged AppendEntries messages with entries per follower (pipelining
    /// depth); past it, new entries wait and go out batched when an answer frees a slot.
    public var maxInflightAppends: Int = 256
    /// Entries already applied and replicated everywhere are dropped from the in-memory
    /// log in chunks of this many, so memory does not grow with run length.
    public var compactionChunk: Int = 4096

    public init() {}
}
