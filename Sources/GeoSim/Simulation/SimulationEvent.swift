/// One event of the run loop: a small value dispatched by `switch`, so the hot loop
/// allocates nothing and boxes nothing.
enum SimulationEvent {
    /// Client `client` issues its next operation.
    case arrival(client: Int32)
    /// A message reaches endpoint `to` (a replica or a client) from endpoint `from`.
    case delivery(to: Int32, from: Int32, message: SimulationMessage)
    /// The clock of replica `node` ticks; `epoch` tells ticks scheduled before a crash
    /// (stale) from current ones.
    case tick(node: Int32, epoch: UInt32)
    /// Client `client` gives up on operations whose timeout has passed.
    case timeoutCheck(client: Int32)
    /// Client `client` tries an operation again.
    case retry(client: Int32, attempt: RetryState)
    /// Fault `index` of the schedule starts (`starting`) or ends.
    case fault(index: Int32, starting: Bool)
    /// A second of the timeline ends.
    case timelineTick
    /// The leaseholder publishes a closed timestamp.
    case closedTimestampTick
}

/// What a retried operation carries from one attempt to the next.
struct RetryState {
    /// When the client first issued the operation (ns): latency counts from here.
    var issuedAt: Nanoseconds
    var isWrite: Bool
    var key: Int
    /// Attempts made so far.
    var attempts: UInt8
    /// Whether an earlier attempt of this write may have been applied (it timed out).
    var mayHaveApplied: Bool
}

/// What travels between endpoints.
enum SimulationMessage {
    /// A client operation, from the client to its gateway or from a replica toward the
    /// leader; `hops` counts the redirects so far.
    case request(operation: UInt64, isWrite: Bool, hops: UInt8)
    /// The leaseholder's closed timestamp (ns, its clock) and its last log index when it
    /// published it: a follower may serve reads at the timestamp once it applied the index.
    case closedTimestamp(timestamp: Nanoseconds, index: UInt64)
    /// The answer to a request, on its way back to the client.
    case response(operation: UInt64, ok: Bool)
    /// Replication traffic between replicas.
    case raft(RaftMessage)
}
