// The node's own invariants, checked after every step and tick in debug builds and tests
// (as swift-collections' `_checkInvariants`); release builds skip them. Each check is
// O(replicas), never O(log), so debug runs of long logs stay usable.

extension RaftNode {
    /// What is wrong with this node's state, in words; empty when every invariant holds.
    func invariantViolations() -> [String] {
        var found: [String] = []
        if commitIndex > lastIndex { found.append("commit index \(commitIndex) beyond the last index \(lastIndex)") }
        if commitIndex + 1 < firstIndex { found.append("entries through \(firstIndex - 1) compacted but only \(commitIndex) committed") }
        if let last = entryTerms.last, last > term { found.append("last entry's term \(last) above the current term \(term)") }
        if entryTerms.count >= 2, entryTerms[entryTerms.count - 2] > entryTerms[entryTerms.count - 1] {
            found.append("log terms decrease at index \(lastIndex)")
        }
        if let votedFor, !voters.contains(votedFor) { found.append("voted for \(votedFor), not a voter") }
        if learnerFlag, role != .follower { found.append("a learner in role \(role)") }
        if pendingReadsHead > pendingReads.count { found.append("read queue head past its end") }
        if role == .leader {
            if leader != id { found.append("a leader that names \(leader.map(String.init) ?? "nobody") as leader") }
            if config.persistBeforeCounting {
                if progress[id].matchIndex > lastIndex { found.append("the leader's own match index is beyond its last index") }
            } else if progress[id].matchIndex != lastIndex {
                found.append("the leader's own match index is not its last index")
            }
            for peer in replicas where peer != id {
                let view = progress[peer]
                if view.matchIndex > lastIndex { found.append("replica \(peer) matched beyond the leader's log") }
                if view.nextIndex <= view.matchIndex { found.append("replica \(peer): next index not above match index") }
            }
        } else if quiesced, role != .follower {
            found.append("a quiesced \(role)")
        }
        return found
    }

    /// Stops a debug build at the first broken invariant; nothing in release builds. A
    /// deliberately unsafe protocol (`--unsafe`) is exempt: breaking Raft is its purpose,
    /// and the checkers, not this, must catch it.
    @inline(__always)
    func checkInvariants() {
        #if DEBUG
            guard !config.isUnsafe else { return }
            let found = invariantViolations()
            assert(found.isEmpty, "RaftNode \(id), term \(term): " + found.joined(separator: "; "))
        #endif
    }
}
