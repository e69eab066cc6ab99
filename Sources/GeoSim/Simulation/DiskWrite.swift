/// What one write to a node's disk makes durable, and so what the hub does once the fsync
/// that covers it ends (`NodeDisk`, `Simulation.fsyncEnded`).
enum DiskWrite {
    /// A Raft leader's own entries through `index`, appended in `term`: they count toward
    /// its commit quorum once durable.
    case leaderAppend(replica: Int32, term: UInt64, index: UInt64)
    /// A follower's answer to an append with entries (local replica `peer` is its
    /// leader): it leaves once the entries are durable.
    case followerAck(replica: Int32, peer: Int32, message: RaftMessage)
    /// A candidate's vote request, or a granted vote, to local replica `peer`: it leaves
    /// once the term and vote it carries are durable (Raft's persistent state is "updated
    /// on stable storage before responding to RPCs", and etcd saves its HardState before
    /// it sends).
    case hardState(replica: Int32, peer: Int32, message: RaftMessage)
    /// primary-async, primary-sync: a write the primary commits (appends, ships, answers)
    /// once its log record is durable.
    case primaryCommit(ClientRequest)
    /// primary-async, primary-sync: a replica receives shipped entry `index` from node
    /// `from` (replays it, and acknowledges it under primary-sync) once it is durable.
    case shipment(index: UInt64, from: Int32)
}
