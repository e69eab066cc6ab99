/// Node liveness, as CockroachDB keeps it for quiesced ranges: every node pings every
/// other each tick (coalesced with heartbeats). A quiesced range runs no Raft timers, so
/// its followers wake when the leader's node falls silent, and its leaseholder serves
/// reads while a quorum of its voters' nodes answered a recent ping.
///
/// Invariant: every recorded time is a past instant (non-negative).
struct NodeLiveness {
    private let nodeCount: Int
    /// Per (node, peer) row-major: when `node` last heard a ping from `peer`, and the send
    /// time of the latest of `node`'s pings that `peer` answered (ns).
    private var lastPingFrom: [Nanoseconds]
    private var lastPongFor: [Nanoseconds]
    /// How long a quiesced leaseholder's lease lasts after a ping a peer answered (ns):
    /// the Raft lease, in time.
    let lease: Nanoseconds

    init(nodeCount: Int, lease: Nanoseconds) {
        self.nodeCount = nodeCount
        lastPingFrom = Array(repeating: 0, count: nodeCount * nodeCount)
        lastPongFor = Array(repeating: 0, count: nodeCount * nodeCount)
        self.lease = lease
    }

    /// `node` heard a ping from `peer` at `now`.
    mutating func pinged(node: Int, by peer: Int, now: Nanoseconds) { lastPingFrom[node * nodeCount + peer] = now }

    /// `peer` answered `node`'s ping sent at `sentAt`.
    mutating func answered(node: Int, by peer: Int, pingSentAt sentAt: Nanoseconds) {
        lastPongFor[node * nodeCount + peer] = max(lastPongFor[node * nodeCount + peer], sentAt)
    }

    /// Whether `node` has heard nothing from `peer` for longer than `timeout` at `now`.
    func isSilent(_ peer: Int, to node: Int, for timeout: Nanoseconds, now: Nanoseconds) -> Bool {
        now - lastPingFrom[node * nodeCount + peer] > timeout
    }

    /// Whether quiesced leader `replica` still holds its lease: a quorum of its voters'
    /// nodes answered a ping sent less than the lease ago. They will not wake and elect
    /// anyone before an election timeout after that ping, which is longer.
    func holdsLease(_ replica: Int, in ranges: RaftRanges, now: Nanoseconds) -> Bool {
        let range = ranges.range(of: replica)
        let node = ranges.node(of: replica)
        var confirmed = 1
        for voter in ranges.replicas[replica].voters where ranges.replica(voter, ofRange: range) != replica {
            let peerNode = ranges.node(of: ranges.replica(voter, ofRange: range))
            if lastPongFor[node * nodeCount + peerNode] +| lease > now { confirmed += 1 }
        }
        return confirmed >= ranges.replicas[replica].quorum
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        lastPongFor.contains { $0 < 0 } || lastPingFrom.contains { $0 < 0 } ? ["negative liveness times"] : []
    }
}
