/// What a Raft node asks its environment to do after a step, tick or proposal. The node
/// itself never touches the network or a clock; the simulation carries these out.
public enum RaftEffect: Equatable, Sendable {
    /// Deliver `message` to replica `to`.
    case send(to: Int, message: RaftMessage)
    /// This node's commit index advanced: entries `first...last` are committed and may be
    /// applied (in order). On the leader this is when clients may be answered.
    case commit(first: UInt64, last: UInt64)
    /// A read registered with `read(request:)` may be answered (`ok`), or must be refused
    /// because this node lost leadership before it could confirm it (`ok == false`).
    /// `byLease`: the leader's lease served it, with no round of messages (what the lease
    /// safety checker audits); a lone voter's reads and ReadIndex reads are not.
    case readReady(request: UInt64, ok: Bool, byLease: Bool = false)
    /// `persistBeforeCounting` only: this leader appended entries through `through` in
    /// the current term; the environment makes them durable and then calls
    /// `persisted(through:term:into:)`.
    case persist(through: UInt64)
    /// This node started an election for `term` (after a pre-vote, if enabled).
    case campaign(term: UInt64)
    /// This node became leader of `term`.
    case becameLeader(term: UInt64)
    /// This node, a leader until now, stepped down in `term`.
    case steppedDown(term: UInt64)
}
