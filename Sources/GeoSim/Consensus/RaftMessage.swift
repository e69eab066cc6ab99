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
        /// PreVote (Raft thesis §9.6): "would you vote for me in term `term`?" Changes no
        /// state at the receiver, so a node that was cut off cannot disrupt a healthy leader.
        case preVote
        case preVoteResponse
        /// RequestVote for `term`.
        case vote
        case voteResponse
        /// Leadership transfer: the leader tells a caught-up follower to campaign now.
        case timeoutNow
        /// The leader's log starts above what the follower needs: it sends its compaction
        /// point (`index`, `logTerm`) instead, as InstallSnapshot would.
        case snapshot
    }

    public var kind: Kind
    /// The sender's current term (for a pre-vote: the term the candidate would take).
    public var term: UInt64
    /// append: the index just before the carried entries (prevLogIndex).
    /// appendResponse: on success the highest index now known to match the leader's log;
    /// on rejection the follower's last log index, a hint for where to retry.
    /// vote, preVote: the candidate's last log index. snapshot: the compaction point.
    public var index: UInt64
    /// append: the term of the entry at `index` (prevLogTerm). vote, preVote: the term of
    /// the candidate's last entry. snapshot: the term at `index`.
    public var logTerm: UInt64
    /// append: how many entries follow `index`. appendResponse: echoed, so the leader
    /// knows whether the answer frees a pipelining slot (heartbeats do not hold one).
    public var entryCount: UInt32
    /// append: the term of every carried entry.
    public var entryTerm: UInt64
    /// append: the leader's commit index.
    public var commit: UInt64
    /// appendResponse: whether the follower's log matched. voteResponse, preVoteResponse:
    /// whether the vote is granted. vote: whether the campaign is a leadership transfer
    /// (which may override a follower's loyalty to a live leader).
    public var success: Bool
    /// append: the leader's heartbeat round when sent; appendResponse: echoed. Rounds
    /// confirm leadership for ReadIndex and renew the leader's lease.
    public var round: UInt64

    public static func append(
        term: UInt64, previousIndex: UInt64, previousTerm: UInt64,
        entryCount: UInt32, entryTerm: UInt64, commit: UInt64, round: UInt64 = 0
    ) -> RaftMessage {
        RaftMessage(
            kind: .append, term: term, index: previousIndex, logTerm: previousTerm,
            entryCount: entryCount, entryTerm: entryTerm, commit: commit, success: false, round: round)
    }

    public static func appendResponse(term: UInt64, index: UInt64, entryCount: UInt32, success: Bool, round: UInt64 = 0) -> RaftMessage {
        RaftMessage(
            kind: .appendResponse, term: term, index: index, logTerm: 0,
            entryCount: entryCount, entryTerm: 0, commit: 0, success: success, round: round)
    }

    static func control(_ kind: Kind, term: UInt64, index: UInt64 = 0, logTerm: UInt64 = 0, success: Bool = false) -> RaftMessage {
        RaftMessage(
            kind: kind, term: term, index: index, logTerm: logTerm, entryCount: 0, entryTerm: 0,
            commit: 0, success: success, round: 0)
    }
}
