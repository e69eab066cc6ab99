import Testing

@testable import GeoSim

/// A Raft node's own invariant checks: silent on the real protocol, loud on broken state.
@Suite struct RaftInvariantTests {
    func cluster() -> [RaftNode] {
        threeNodeCluster()
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

/// A leader repairs a follower whose last entries conflict with its log.
@Suite struct RaftLogRepairTests {
    @Test func aFollowerWithAConflictingLastEntryCatchesUp() {
        var nodes = (0..<3).map { RaftNode(id: $0, voters: [0, 1, 2]) }
        // The leader of term 3 holds entries 1–2 of term 1 and 3–200 of term 3; follower 1
        // holds 1–2 and, at 3, an entry of term 2 that never committed (a deposed leader's).
        nodes[0].entryTerms = [1, 1] + Array(repeating: 3, count: 198)
        nodes[1].entryTerms = [1, 1, 2]
        nodes[2].entryTerms = nodes[0].entryTerms
        nodes[0].bootstrapAsLeader(term: 3)
        nodes[1].bootstrapAsFollower(term: 3, leader: 0)
        nodes[2].bootstrapAsFollower(term: 3, leader: 0)
        // Node 0 starts by probing node 1 just past the follower's last entry.
        nodes[0].progress[1].probing = true
        nodes[0].progress[1].nextIndex = 4
        // A proposal sends the probe (entries from 4 on) before any heartbeat.
        var proposal: [RaftEffect] = []
        _ = nodes[0].propose(into: &proposal)
        var pending: [(from: Int, to: Int, message: RaftMessage)] = sends(proposal).map { (0, $0.to, $0.message) }
        for _ in 0..<40 {
            for id in nodes.indices {
                var effects: [RaftEffect] = []
                nodes[id].tick(into: &effects)
                pending += sends(effects).map { (id, $0.to, $0.message) }
            }
            while !pending.isEmpty {
                let (from, to, message) = pending.removeFirst()
                var effects: [RaftEffect] = []
                nodes[to].step(message, from: from, into: &effects)
                pending += sends(effects).map { (to, $0.to, $0.message) }
            }
        }
        #expect(nodes[1].lastIndex == 201)
        #expect(nodes[1].term(at: 3) == 3, "the conflicting entry was replaced")
        #expect(nodes[0].progress[1].matchIndex == 201)
    }
}

/// The node says which reads its lease served, so the driver need not guess.
@Suite struct RaftLeaseReadEffectTests {
    @Test func aLeaseReadIsMarkedAndAReadIndexReadIsNot() {
        // A bootstrapped leader holds its lease: a read is answered at once, by it.
        var nodes = threeNodeCluster()
        var effects: [RaftEffect] = []
        #expect(nodes[0].read(request: 2, into: &effects))
        #expect(effects == [.readReady(request: 2, ok: true, byLease: true)])
        // Without leases, a read waits for a heartbeat round (ReadIndex): not by lease.
        var config = RaftConfig()
        config.leaseReads = false
        nodes = threeNodeCluster(config)
        effects.removeAll()
        #expect(nodes[0].read(request: 1, into: &effects))
        #expect(effects.allSatisfy { if case .readReady = $0 { false } else { true } }, "waits for a round")
        var pending = sends(effects).map { (from: 0, to: $0.to, message: $0.message) }
        var answers: [RaftEffect] = []
        while !pending.isEmpty {
            let (from, to, message) = pending.removeFirst()
            var out: [RaftEffect] = []
            nodes[to].step(message, from: from, into: &out)
            answers += out
            pending += sends(out).map { (to, $0.to, $0.message) }
        }
        #expect(answers.contains(.readReady(request: 1, ok: true, byLease: false)))
        // A lone voter needs no lease.
        var alone = RaftNode(id: 0, voters: [0])
        alone.bootstrapAsLeader(term: 1)
        effects.removeAll()
        #expect(alone.read(request: 3, into: &effects))
        #expect(effects == [.readReady(request: 3, ok: true, byLease: false)])
    }
}
