/// What the bytes on a link were for: the kinds of message a replicated store sends,
/// grouped the way a capacity planner asks about them ("how much is replication, how
/// much is heartbeats?"). The raw values index `TrafficMeter`'s counters.
public enum TrafficClass: Int, CaseIterable, Sendable {
    /// Log entries carried to replicas: Raft appends with entries, WAL shipments,
    /// leaderless replica writes and repairs.
    case replication
    /// Their acknowledgements: append answers, WAL receipts, replica write acks.
    case acknowledgements
    /// Keep-alives that carry no entry: empty appends, coalesced heartbeats and their
    /// answers, closed-timestamp publications, node-liveness pings.
    case heartbeats
    /// Votes, pre-votes and leadership transfers.
    case elections
    /// Raft snapshots sent to replicas that fell behind the log.
    case snapshots
    /// Client requests to their gateway, and gateways forwarding them to a leader.
    case requests
    /// Answers to clients (a read's answer carries the value).
    case replies
    /// Leaderless quorum reads: the coordinator's questions and the replicas' answers.
    case quorumReads
    /// Transaction reads, intent writes, their answers and lock releases.
    case transactions
    /// Cache lookups, fills and cross-region invalidations.
    case cache

    /// The name in reports, CSV and JSON.
    public var name: String {
        switch self {
        case .replication: "replication"
        case .acknowledgements: "acks"
        case .heartbeats: "heartbeats"
        case .elections: "elections"
        case .snapshots: "snapshots"
        case .requests: "requests"
        case .replies: "replies"
        case .quorumReads: "quorum_reads"
        case .transactions: "transactions"
        case .cache: "cache"
        }
    }
}
