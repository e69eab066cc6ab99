/// One event of the run loop: a small value dispatched by `switch`, so the hot loop
/// allocates nothing and boxes nothing.
enum SimulationEvent {
    /// Client `client` issues its next operation.
    case arrival(client: Int32)
    /// A message reaches endpoint `to` (a replica or a client) from endpoint `from`.
    case delivery(to: Int32, from: Int32, message: SimulationMessage)
    /// The logical clock of replica `node` ticks.
    case tick(node: Int32)
    /// Client `client` gives up on operations whose timeout has passed.
    case timeoutCheck(client: Int32)
}

/// What travels between endpoints.
enum SimulationMessage {
    /// A client operation, from the client to its gateway or from the gateway to the leader.
    case request(operation: UInt64, isWrite: Bool)
    /// The answer to a request, on its way back to the client.
    case response(operation: UInt64, ok: Bool)
    /// Replication traffic between replicas.
    case raft(RaftMessage)
}
