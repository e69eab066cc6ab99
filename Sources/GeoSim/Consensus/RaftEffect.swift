/// What a Raft node asks its environment to do after a step, tick or proposal. The node
/// itself never touches the network or a clock; the simulation carries these out.
public enum RaftEffect: Equatable, Sendable {
    /// Deliver `message` to replica `to`.
    case send(to: Int, message: RaftMessage)
    /// This node's commit index advanced: entries `first...last` are committed and may be
    /// applied (in order). On the leader this is when clients may be answered.
    case commit(first: UInt64, last: UInt64)
}
