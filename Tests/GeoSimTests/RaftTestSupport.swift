@testable import GeoSim

// What the Raft test suites read out of a node's effects, written once for all of them.

/// The messages among `effects`, with their destinations, in order.
func sends(_ effects: [RaftEffect]) -> [(to: Int, message: RaftMessage)] {
    effects.compactMap { if case .send(let to, let message) = $0 { return (to, message) } else { return nil } }
}

/// The commit ranges among `effects`, in order.
func commits(_ effects: [RaftEffect]) -> [ClosedRange<UInt64>] {
    effects.compactMap { if case .commit(let first, let last) = $0 { return first...last } else { return nil } }
}

/// Three voters 0, 1, 2 with node 0 leading term 1: where most Raft tests start.
func threeNodeCluster(_ config: RaftConfig = RaftConfig()) -> [RaftNode] {
    var nodes = (0..<3).map { RaftNode(id: $0, voters: [0, 1, 2], config: config) }
    nodes[0].bootstrapAsLeader(term: 1)
    nodes[1].bootstrapAsFollower(term: 1, leader: 0)
    nodes[2].bootstrapAsFollower(term: 1, leader: 0)
    return nodes
}
