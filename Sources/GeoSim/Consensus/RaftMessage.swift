/// A message between Raft replicas. A plain value of fixed size: log entries are not
/// copied into messages. An append carries `entryCount` entries that all belong to
/// `entryTerm` (a leader splits a batch where the term changes), which is all a follower
/// needs for the log-matching rules; the commands themselves are looked up by
/// (index, term) when applied (see `ProposalLog`).
public struct RaftMessage: Equatable, Sendable {
    public enum Kind: UInt8, Sendable {
        /// AppendEntries; with `entryCount == 0` it is a heartbeat.
        case append
        /// The answer to an append.
        case appendResponse
    }

    public var kind: Kind
    /// The sender's current term.
    public var term: UInt64
    /// append: the index just before the carried entries (prevLogIndex).
    /// appendResponse: on success the highest index now known to match the leader's log;
    /// on rejection the follower's last log index, a hint for where to retry.
    public var index: UInt64
    /// append: the term of the entry at `index` (prevLogTerm).
    public var logTerm: UInt64
    /// append: how many entries follow `index`. appendResponse: echoed, so the leader
    /// knows whether the answer frees a pipelining slot (heartbeats do not hold one).
    public var entryCount: UInt32
    /// append: the term of every carried entry.
    public var entryTerm: UInt64
    /// append: the leader's commit index.
    public var commit: UInt64
    /// appendResponse: whether the follower's log matched at `index`.
    public var success: Bool

    public static func append(term: UInt64, previousIndex: UInt64, previousTerm: UInt64,
                              entryCount: UInt32, entryTerm: UInt64, commit: UInt64) -> RaftMessage {
        RaftMessage(kind: .append, term: term, index: previousIndex, logTerm: previousTerm,
                    entryCount: entryCount, entryTerm: entryTerm, commit: commit, success: false)
    }

    public static func appendResponse(term: UInt64, index: UInt64, entryCount: UInt32, success: Bool) -> RaftMessage {
        RaftMessage(kind: .appendResponse, term: term, index: index, logTerm: 0,
                    entryCount: entryCount, entryTerm: 0, commit: 0, success: success)
    }
}
