/// One Raft replica as a pure state machine: `propose`, `step(message)` and `tick` change
/// its state and append effects (messages to send, commits) to a caller-owned buffer. It
/// holds no clock and calls no network, so tests drive it step by step and the simulation
/// decides when and how its messages travel.
///
/// This is the steady-state core: log replication with pipelining and batching, commit at
/// a majority of voters, heartbeats carrying the commit index, and the log-matching rules
/// that let a follower reject and a leader back off. Elections extend it (they change
/// `role` and `term` through the same entry points).
///
/// Invariants: `commitIndex <= lastIndex`; a leader only commits entries of its own term
/// by counting replicas (earlier entries commit with them); entries at or below
/// `commitIndex` are never truncated.
public struct RaftNode: Sendable {
    public enum Role: UInt8, Sendable { case follower, candidate, leader }

    /// The leader's view of one follower's log.
    struct Progress: Sendable {
        /// The next index to send.
        var nextIndex: UInt64
        /// The highest index known to be replicated on the follower.
        var matchIndex: UInt64
        /// Append messages with entries not yet answered.
        var inflight: Int
    }

    public let id: Int
    /// All voting replicas, this one included, by id.
    public let voters: [Int]
    public let config: RaftConfig

    public private(set) var role: Role = .follower
    public private(set) var term: UInt64 = 0
    /// The leader of `term`, as far as this node knows.
    public private(set) var leader: Int?
    public private(set) var commitIndex: UInt64 = 0

    // The log: entry i (1-based) has term `entryTerms[i - firstIndex]`. Entries below
    // `firstIndex` were compacted; `compactedTerm` is the term of entry `firstIndex - 1`.
    private var entryTerms: [UInt64] = []
    private var firstIndex: UInt64 = 1
    private var compactedTerm: UInt64 = 0

    private var progress: [Progress]
    private var ticksSinceHeartbeat = 0
    /// Scratch space for the commit computation, kept to avoid an allocation per answer.
    private var matchScratch: [UInt64]

    /// A replica with an empty log. `voters` must contain `id`; ids index `progress`.
    public init(id: Int, voters: [Int], config: RaftConfig = RaftConfig()) {
        self.id = id
        self.voters = voters
        self.config = config
        let slots = (voters.max() ?? id) + 1
        progress = Array(repeating: Progress(nextIndex: 1, matchIndex: 0, inflight: 0), count: max(slots, id + 1))
        matchScratch = Array(repeating: 0, count: voters.count)
    }

    /// The index of the last entry in the log (0 when empty).
    public var lastIndex: UInt64 { firstIndex + UInt64(entryTerms.count) - 1 }

    /// The number of voters that make a majority.
    public var quorum: Int { voters.count / 2 + 1 }

    /// The term of the entry at `index`, or nil if it is not in the log (beyond the end, or
    /// compacted away).
    public func term(at index: UInt64) -> UInt64? {
        if index == firstIndex - 1 { return compactedTerm }
        guard index >= firstIndex, index <= lastIndex else { return nil }
        return entryTerms[Int(index - firstIndex)]
    }

    /// The number of entries held in memory (for tests of compaction).
    public var retainedEntryCount: Int { entryTerms.count }

    /// Starts the cluster with this node as leader of `term`, before any traffic: how a
    /// simulation places its initial leader without simulating the first election.
    public mutating func bootstrapAsLeader(term: UInt64) {
        self.term = term
        role = .leader
        leader = id
        for peer in voters { progress[peer] = Progress(nextIndex: lastIndex + 1, matchIndex: 0, inflight: 0) }
        progress[id].matchIndex = lastIndex
    }

    /// Starts the cluster with this node following `leader` in `term`.
    public mutating func bootstrapAsFollower(term: UInt64, leader: Int) {
        self.term = term
        role = .follower
        self.leader = leader
    }

    // MARK: - Proposals

    /// Appends a new entry if this node is the leader and starts replicating it. Returns
    /// its index, or nil if this node is not the leader (the caller redirects).
    public mutating func propose(into effects: inout [RaftEffect]) -> UInt64? {
        guard role == .leader else { return nil }
        entryTerms.append(term)
        let index = lastIndex
        progress[id].matchIndex = index
        if voters.count == 1 {
            advanceCommit(into: &effects)
        } else {
            for peer in voters where peer != id { sendAppendsIfReady(to: peer, into: &effects) }
        }
        return index
    }

    // MARK: - Messages

    /// Handles one message from replica `from`.
    public mutating func step(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        if message.term > term {
            becomeFollower(term: message.term, leader: message.kind == .append ? from : nil)
        }
        switch message.kind {
        case .append: handleAppend(message, from: from, into: &effects)
        case .appendResponse: handleAppendResponse(message, from: from, into: &effects)
        }
    }

    private mutating func becomeFollower(term newTerm: UInt64, leader newLeader: Int?) {
        term = newTerm
        role = .follower
        leader = newLeader
    }

    private mutating func handleAppend(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        guard message.term == term else {
            // A stale leader: tell it the newer term.
            effects.append(.send(to: from, message: .appendResponse(term: term, index: lastIndex, entryCount: message.entryCount, success: false)))
            return
        }
        if role != .follower { role = .follower }
        leader = from
        let previous = message.index
        // Entries below the compaction point are committed, so they are identical in every
        // log and need no check.
        let matches = previous + 1 < firstIndex || term(at: previous) == message.logTerm
        guard matches else {
            // Log mismatch (or a gap): answer with our last index so the leader backs off.
            let hint = previous > lastIndex ? lastIndex : (previous > 0 ? previous - 1 : 0)
            effects.append(.send(to: from, message: .appendResponse(term: term, index: max(hint, commitIndex), entryCount: message.entryCount, success: false)))
            return
        }
        let count = UInt64(message.entryCount)
        var index = max(previous + 1, firstIndex)
        let end = previous + count
        // Skip entries we already hold; truncate at the first conflict, then append.
        while index <= end, index <= lastIndex {
            if entryTerms[Int(index - firstIndex)] != message.entryTerm {
                // Log Matching guarantees a conflict lies above the commit index; the
                // safety checker (not this node) is what reports a protocol that breaks it.
                entryTerms.removeLast(Int(lastIndex - index + 1))
                break
            }
            index += 1
        }
        while index <= end {
            entryTerms.append(message.entryTerm)
            index += 1
        }
        let matched = end
        let newCommit = min(message.commit, matched)
        if newCommit > commitIndex {
            effects.append(.commit(first: commitIndex + 1, last: newCommit))
            commitIndex = newCommit
            compactIfUseful(safeThrough: commitIndex)
        }
        effects.append(.send(to: from, message: .appendResponse(term: term, index: matched, entryCount: message.entryCount, success: true)))
    }

    private mutating func handleAppendResponse(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        guard role == .leader, message.term == term else { return }
        if message.entryCount > 0 && progress[from].inflight > 0 { progress[from].inflight -= 1 }
        if message.success {
            if message.index > progress[from].matchIndex {
                progress[from].matchIndex = message.index
                advanceCommit(into: &effects)
            }
            if progress[from].nextIndex <= message.index { progress[from].nextIndex = message.index + 1 }
        } else {
            // Back off to just after the follower's hint and resend from there; the
            // pipeline restarts, so in-flight appends are forgotten.
            progress[from].nextIndex = min(progress[from].nextIndex, message.index + 1)
            progress[from].nextIndex = max(progress[from].nextIndex, progress[from].matchIndex + 1)
            progress[from].inflight = 0
        }
        sendAppendsIfReady(to: from, into: &effects)
    }

    /// Sends as many batched appends to `peer` as the pipelining window allows.
    private mutating func sendAppendsIfReady(to peer: Int, into effects: inout [RaftEffect]) {
        while progress[peer].inflight < config.maxInflightAppends, progress[peer].nextIndex <= lastIndex {
            let next = progress[peer].nextIndex
            guard next >= firstIndex else { return } // would need a snapshot; compaction never lets this happen
            let batchTerm = entryTerms[Int(next - firstIndex)]
            var count: UInt64 = 1
            while count < UInt64(config.maxBatchEntries), next + count <= lastIndex,
                  entryTerms[Int(next + count - firstIndex)] == batchTerm {
                count += 1
            }
            let previous = next - 1
            effects.append(.send(to: peer, message: .append(
                term: term, previousIndex: previous, previousTerm: term(at: previous) ?? 0,
                entryCount: UInt32(count), entryTerm: batchTerm, commit: commitIndex)))
            progress[peer].nextIndex = next + count
            progress[peer].inflight += 1
        }
    }

    /// Moves the commit index to the highest index a majority holds, if that entry is of
    /// the current term (Raft §5.4.2).
    private mutating func advanceCommit(into effects: inout [RaftEffect]) {
        for (slot, voter) in voters.enumerated() { matchScratch[slot] = progress[voter].matchIndex }
        matchScratch.sort(by: >)
        let majorityIndex = matchScratch[quorum - 1]
        guard majorityIndex > commitIndex, term(at: majorityIndex) == term else { return }
        effects.append(.commit(first: commitIndex + 1, last: majorityIndex))
        commitIndex = majorityIndex
        var replicatedEverywhere = commitIndex
        for voter in voters { replicatedEverywhere = min(replicatedEverywhere, progress[voter].matchIndex) }
        compactIfUseful(safeThrough: replicatedEverywhere)
    }

    /// Drops entries through `index` once a whole chunk can go, keeping the term of the
    /// last dropped entry for the log-matching check.
    private mutating func compactIfUseful(safeThrough index: UInt64) {
        guard index >= firstIndex, index - firstIndex + 1 >= UInt64(config.compactionChunk) else { return }
        let dropCount = Int(index - firstIndex + 1)
        compactedTerm = entryTerms[dropCount - 1]
        entryTerms.removeFirst(dropCount)
        firstIndex = index + 1
    }

    // MARK: - Time

    /// One tick of the logical clock. A leader sends heartbeats (empty appends carrying
    /// the commit index) every `heartbeatTicks` ticks.
    public mutating func tick(into effects: inout [RaftEffect]) {
        guard role == .leader else { return }
        ticksSinceHeartbeat += 1
        guard ticksSinceHeartbeat >= config.heartbeatTicks else { return }
        ticksSinceHeartbeat = 0
        for peer in voters where peer != id {
            let previous = min(progress[peer].nextIndex - 1, lastIndex)
            effects.append(.send(to: peer, message: .append(
                term: term, previousIndex: previous, previousTerm: term(at: previous) ?? 0,
                entryCount: 0, entryTerm: term, commit: min(commitIndex, progress[peer].matchIndex))))
        }
    }
}
