/// Watches a run and checks the five safety properties of Raft (Ongaro & Ousterhout,
/// Figure 3) as they happen:
///
/// - Election Safety: at most one leader is elected in a term.
/// - Leader Append-Only: a leader never overwrites or deletes entries in its log.
/// - Log Matching: if two logs hold an entry with the same index and term, the logs are
///   identical in all entries up to that index.
/// - Leader Completeness: an entry committed in a term is in the log of every leader of
///   a later term.
/// - State Machine Safety: no two replicas apply different entries at the same index.
///
/// Opt-in (tests, `geosim check`): it keeps the term of every committed index, so its
/// memory grows with the log.
public final class RaftSafetyChecker {
    /// The term each index was committed with, as first reported (index 1 at slot 0).
    private var committedTerms: [UInt64] = []
    /// The leader elected in each term seen so far (term, node), in election order.
    private var leaders: [(term: UInt64, node: Int)] = []
    public private(set) var violations: [String] = []

    /// What the Leader Append-Only check remembers of a leader's log before a step.
    public struct LeaderSnapshot {
        var term: UInt64
        var lastIndex: UInt64
        var lastTerm: UInt64
    }

    public init() {}

    private func report(_ text: String) {
        // Keep the first few: a broken protocol tends to repeat the same violation.
        if violations.count < 100 { violations.append(text) }
    }

    /// Node `node` became leader of `term` with `log`.
    public func leaderElected(node: Int, term: UInt64, log: RaftNode, at time: Nanoseconds) {
        if let other = leaders.first(where: { $0.term == term && $0.node != node }) {
            report("Election Safety: replicas \(other.node) and \(node) both led term \(term) (at \(DurationText.format(time)))")
        }
        leaders.append((term, node))
        // Leader Completeness: every entry committed so far is in the new leader's log.
        let committed = UInt64(committedTerms.count)
        if committed > 0 {
            if log.lastIndex < committed {
                report("Leader Completeness: leader \(node) of term \(term) lacks committed entries \(log.lastIndex + 1)...\(committed)")
                return
            }
            var index = max(log.firstRetainedIndex, 1)
            while index <= committed {
                if let held = log.term(at: index), held != committedTerms[Int(index - 1)] {
                    report(
                        "Leader Completeness: leader \(node) of term \(term) holds term \(held) at index \(index), committed with term \(committedTerms[Int(index - 1)])"
                    )
                    return
                }
                index += 1
            }
        }
    }

    /// Remembers a leader's log end before it handles a message.
    public func snapshotIfLeader(_ log: RaftNode) -> LeaderSnapshot? {
        guard log.role == .leader else { return nil }
        return LeaderSnapshot(term: log.term, lastIndex: log.lastIndex, lastTerm: log.lastTerm)
    }

    /// Leader Append-Only: if the node still leads the same term, its old last entry is
    /// still there, unchanged.
    public func afterStep(node: Int, before: LeaderSnapshot?, log: RaftNode) {
        guard let before, log.role == .leader, log.term == before.term else { return }
        if log.lastIndex < before.lastIndex || log.term(at: before.lastIndex).map({ $0 != before.lastTerm }) == true {
            report("Leader Append-Only: leader \(node) of term \(before.term) lost or changed entry \(before.lastIndex)")
        }
    }

    /// Node `node` committed (and applies) entries `first...last`. State Machine Safety:
    /// every replica applies the same term at each index.
    public func committed(node: Int, first: UInt64, last: UInt64, log: RaftNode) {
        var index = first
        while index <= last {
            guard let term = log.term(at: index) else {
                index += 1
                continue  // compacted before this check could read it; earlier checks saw it
            }
            let slot = Int(index - 1)
            if slot < committedTerms.count {
                if committedTerms[slot] != term {
                    report("State Machine Safety: replica \(node) applies term \(term) at index \(index), another applied term \(committedTerms[slot])")
                }
            } else {
                while committedTerms.count < slot { committedTerms.append(0) }
                committedTerms.append(term)
            }
            index += 1
        }
    }

    /// Log Matching over the final logs: wherever two logs agree on an entry's term, they
    /// agree on every earlier entry both still hold. And durability: the final leader
    /// holds every entry ever committed (so every acknowledged write), with its term.
    public func finish(nodes: [RaftNode], leader: Int?) {
        if let leader {
            let log = nodes[leader]
            let committed = UInt64(committedTerms.count)
            if log.lastIndex < committed {
                report("Durability: the final leader \(leader) lacks committed entries \(log.lastIndex + 1)...\(committed)")
            } else {
                var index = max(log.firstRetainedIndex, 1)
                while index <= committed {
                    let expected = committedTerms[Int(index - 1)]
                    if expected != 0, let held = log.term(at: index), held != expected {
                        report("Durability: the final leader \(leader) holds term \(held) at committed index \(index) (committed with term \(expected))")
                        break
                    }
                    index += 1
                }
            }
        }
        for a in nodes.indices {
            for b in nodes.indices where b > a {
                let low = max(nodes[a].firstRetainedIndex, nodes[b].firstRetainedIndex, 1)
                let high = min(nodes[a].lastIndex, nodes[b].lastIndex)
                guard high >= low else { continue }
                // Find the highest index where both agree; everything below must agree too.
                var index = high
                while index >= low && nodes[a].term(at: index) != nodes[b].term(at: index) { index -= 1 }
                while index >= low {
                    if nodes[a].term(at: index) != nodes[b].term(at: index) {
                        report("Log Matching: replicas \(a) and \(b) agree at a later index but differ at \(index)")
                        break
                    }
                    index -= 1
                }
            }
        }
    }
}
