import Testing
@testable import GeoSim

/// A Raft node's own invariant checks: silent on the real protocol, loud on broken state.
@Suite struct RaftInvariantTests {
    func cluster() -> [RaftNode] {
        var nodes = (0..<3).map { RaftNode(id: $0, voters: [0, 1, 2]) }
        nodes[0].bootstrapAsLeader(term: 1)
        nodes[1].bootstrapAsFollower(term: 1, leader: 0)
        nodes[2].bootstrapAsFollower(term: 1, leader: 0)
        return nodes
    }

    @Test func theRealProtocolKeepsEveryInvariant() {
        var nodes = cluster()
        var pending: [(from: Int, to: Int, message: RaftMessage)] = []
        for round in 0..<50 {
            var effects: [RaftEffect] = []
            if round % 3 == 0 { _ = nodes[0].propose(into: &effects) }
            pending += sends(effects).map { (0, $0.to, $0.message) }
            for id in nodes.indices {
                effects.removeAll()
                nodes[id].tick(into: &effects)
                pending += sends(effects).map { (id, $0.to, $0.message) }
            }
            while !pending.isEmpty {
                let (from, to, message) = pending.removeFirst()
                effects.removeAll()
                nodes[to].step(message, from: from, into: &effects)
                pending += sends(effects).map { (to, $0.to, $0.message) }
            }
            for node in nodes { #expect(node.invariantViolations().isEmpty, "\(node.invariantViolations())") }
        }
        #expect(nodes[1].commitIndex > 10)
    }

    @Test func brokenStateIsNamed() {
        var node = cluster()[0]
        node.entryTerms.append(node.term + 1)
        #expect(node.invariantViolations().contains { $0.contains("above the current term") })
        var leader = cluster()[0]
        leader.progress[1].nextIndex = 0
        #expect(leader.invariantViolations().contains { $0.contains("next index not above match index") })
        var reader = cluster()[0]
        reader.pendingReadsHead = 1
        #expect(reader.invariantViolations().contains { $0.contains("read queue head past its end") })
    }
}
