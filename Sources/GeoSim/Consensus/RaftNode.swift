/// One Raft replica as a pure state machine: `propose`, `read`, `step(message)` and
/// `tick` change its state and append effects (messages to send, commits, reads ready,
/// role changes) to a caller-owned buffer. It holds no clock and calls no network, so
/// tests drive it step by step and the simulation decides when its messages travel.
///
/// Covered: log replication with pipelining and batching; commit at a majority of voters;
/// heartbeats carrying the commit index; elections with randomized timeouts, PreVote and
/// CheckQuorum; a no-op entry at the start of each term; leadership transfer and a
/// preferred leader; strong reads by leader lease or ReadIndex; crash and restart with
/// persistent state (term, vote, log) kept and volatile state lost; non-voting replicas
/// (Raft learners) that receive the log and apply commits but never vote or campaign.
///
/// Invariants: `commitIndex <= lastIndex`; a leader only commits entries of its own term
/// by counting replicas (earlier entries commit with them); at most one vote per term;
/// only voters count toward any quorum (commit, elections, CheckQuorum, read rounds and
/// leases), so learners can be added anywhere without weakening or slowing consensus.
public struct RaftNode: Sendable {
    public enum Role: UInt8, Sendable { case follower, preCandidate, candidate, leader }

    /// The leader's view of one follower's log.
    struct Progress: Sendable {
        /// The next index to send.
        var nextIndex: UInt64
        /// The highest index known to be replicated on the follower.
        var matchIndex: UInt64
        /// Append messages with entries not yet answered.
        var inflight: Int
        /// The highest heartbeat round the follower has answered in this term.
        var ackedRound: UInt64
        /// Whether the follower answered since the last CheckQuorum.
        var recentlyActive: Bool
        /// Probing: one append at a time until the follower's log matches (after a
        /// rejection, or at the start of a term); otherwise appends are pipelined.
        var probing: Bool
    }

    /// A strong read waiting for leadership to be confirmed.
    struct PendingRead: Sendable {
        var request: UInt64
        /// Commit index the read must see applied.
        var readIndex: UInt64
        /// The heartbeat round whose quorum answer confirms leadership for it.
        var round: UInt64
    }

    public let id: Int
    /// All voting replicas, by id (this one included unless it is a learner).
    public let voters: [Int]
    /// Non-voting replicas (learners), by id, disjoint from `voters`: the leader replicates
    /// to them and sends them heartbeats and its commit index, but their acks never count
    /// toward a quorum and they never campaign or grant votes.
    public let learners: [Int]
    public let config: RaftConfig
    /// Voters then learners: every replica the leader sends appends and heartbeats to.
    /// Precomputed so the hot paths iterate it without allocating.
    private let replicas: [Int]
    /// Whether this node is a learner (fixed at init; kept stored so hot paths don't search).
    private let learnerFlag: Bool

    // Persistent state: survives a crash.
    public private(set) var term: UInt64 = 0
    public private(set) var votedFor: Int?
    // The log: entry i (1-based) has term `entryTerms[i - firstIndex]`. Entries below
    // `firstIndex` were compacted (they are committed); `compactedTerm` is the term of
    // entry `firstIndex - 1`.
    private var entryTerms: [UInt64] = []
    private var firstIndex: UInt64 = 1
    private var compactedTerm: UInt64 = 0

    // Volatile state: lost in a crash.
    public private(set) var role: Role = .follower
    /// The leader of `term`, as far as this node knows.
    public private(set) var leader: Int?
    public private(set) var commitIndex: UInt64 = 0
    private var progress: [Progress]
    private var electionElapsed = 0
    private var heartbeatElapsed = 0
    private var randomizedTimeout: Int
    private var votesGranted: [Bool]
    private var votesRefused: [Bool]
    /// Ticks since this node started or restarted: the clock of leases and rounds.
    private var ticks = 0
    /// The current heartbeat round and the tick each recent round was sent.
    private var round: UInt64 = 0
    private var roundSentTick: [Int] = Array(repeating: 0, count: 64)
    /// The first index of this leader's term (its no-op): reads wait until it commits,
    /// so the commit index they use is the cluster's.
    private var termStartIndex: UInt64 = 0
    /// The lease is valid while `ticks < leaseExpiresTick`.
    private var leaseExpiresTick = 0
    private var pendingReads: [PendingRead] = []
    private var pendingReadsHead = 0
    /// The round the waiting reads need; a broadcast for it goes out once the previous
    /// round is confirmed, so at most one confirmation round is in flight.
    private var readRoundNeeded: UInt64 = 0
    private var transferTarget: Int?
    private var random: RandomStream
    /// Scratch space for the commit computation, kept to avoid an allocation per answer.
    private var scratch: [UInt64]
    /// Quiesced: an idle leader sends no heartbeats and its followers run no election
    /// timer (see `RaftConfig.quiesce`).
    public private(set) var quiesced = false
    /// Leader ticks since the last work (a proposal, a read, an answer with entries).
    private var idleTicks = 0
    /// The commit index up to which the log may be compacted before the next step.
    private var compactThrough: UInt64 = 0
    /// Snapshots this replica sent as leader: followers it had compacted past.
    public private(set) var snapshotsSent = 0

    /// A replica with an empty log. `voters` or `learners` must contain `id` (a learner
    /// when it is in `learners`); ids are non-negative and index `progress`, which has
    /// max id + 1 slots over voters and learners. An id listed in both is a voter (it is
    /// dropped from `learners`), as are repeats. `seed` drives its randomized election
    /// timeouts.
    public init(id: Int, voters: [Int], learners: [Int] = [], config: RaftConfig = RaftConfig(), seed: UInt64 = 0) {
        self.id = id
        self.voters = voters
        // Order kept (it is the send order of effects); membership checks are linear but
        // run once, at init.
        var distinctLearners: [Int] = []
        for learner in learners where !voters.contains(learner) && !distinctLearners.contains(learner) {
            distinctLearners.append(learner)
        }
        self.learners = distinctLearners
        replicas = voters + distinctLearners
        learnerFlag = distinctLearners.contains(id)
        self.config = config
        let slots = max((voters.max() ?? id) + 1, (distinctLearners.max() ?? id) + 1, id + 1)
        progress = Array(repeating: Progress(nextIndex: 1, matchIndex: 0, inflight: 0, ackedRound: 0, recentlyActive: false, probing: false), count: slots)
        votesGranted = Array(repeating: false, count: slots)
        votesRefused = Array(repeating: false, count: slots)
        scratch = Array(repeating: 0, count: voters.count)
        random = RandomStream(seed: seed, component: "raft-timeout", index: id)
        randomizedTimeout = config.electionTicks
        randomizedTimeout = drawTimeout()
    }

    /// The index of the last entry in the log (0 when empty).
    public var lastIndex: UInt64 { firstIndex + UInt64(entryTerms.count) - 1 }
    /// The term of the last entry (0 when empty).
    public var lastTerm: UInt64 { term(at: lastIndex) ?? 0 }
    /// The number of voters that make a majority (learners never count).
    public var quorum: Int { voters.count / 2 + 1 }
    /// Whether this node is a non-voting replica: it never campaigns nor grants votes, and
    /// follows whoever leads.
    public var isLearner: Bool { learnerFlag }
    /// The first index still held in memory (entries below were compacted).
    public var firstRetainedIndex: UInt64 { firstIndex }
    /// The number of entries held in memory (for tests of compaction).
    public var retainedEntryCount: Int { entryTerms.count }

    /// The term of the entry at `index`, or nil if it is not in the log (beyond the end, or
    /// compacted away).
    public func term(at index: UInt64) -> UInt64? {
        if index == firstIndex - 1 { return compactedTerm }
        guard index >= firstIndex, index <= lastIndex else { return nil }
        return entryTerms[Int(index - firstIndex)]
    }

    /// Starts the cluster with this node as leader of `term`, before any traffic: how a
    /// simulation places its initial leader without simulating the first election. The
    /// followers are bootstrapped as having just heard from it, so its lease holds.
    /// A learner cannot lead: it only takes `term`, as a follower of no known leader.
    public mutating func bootstrapAsLeader(term: UInt64) {
        guard !learnerFlag else {
            self.term = term
            role = .follower
            leader = nil
            return
        }
        self.term = term
        votedFor = id
        role = .leader
        leader = id
        resetProgress()
        termStartIndex = 0
        leaseExpiresTick = config.leaseTicks
    }

    /// Starts the cluster with this node following `leader` in `term`.
    public mutating func bootstrapAsFollower(term: UInt64, leader: Int) {
        self.term = term
        votedFor = leader
        role = .follower
        self.leader = leader
    }

    /// Restarts after a crash: persistent state (term, vote, log) is kept, everything else
    /// starts afresh. Committed entries that were compacted stay committed.
    public mutating func restart() {
        quiesced = false
        idleTicks = 0
        role = .follower
        leader = nil
        commitIndex = firstIndex - 1
        resetProgress()
        electionElapsed = 0
        heartbeatElapsed = 0
        ticks = 0
        round = 0
        leaseExpiresTick = 0
        pendingReads.removeAll(keepingCapacity: true)
        pendingReadsHead = 0
        readRoundNeeded = 0
        transferTarget = nil
        randomizedTimeout = drawTimeout()
    }

    private func drawTimeoutValue(_ random: inout RandomStream) -> Int {
        guard config.randomizedElectionTimeout else { return config.electionTicks }
        return config.electionTicks + Int(random.next() % UInt64(max(config.electionTicks, 1)))
    }

    private mutating func drawTimeout() -> Int {
        drawTimeoutValue(&random)
    }

    private mutating func resetProgress() {
        for peer in replicas {
            progress[peer] = Progress(nextIndex: lastIndex + 1, matchIndex: 0, inflight: 0, ackedRound: 0, recentlyActive: false, probing: false)
        }
        progress[id].matchIndex = lastIndex
    }

    // MARK: - Client requests

    /// Appends a new entry if this node is the leader and starts replicating it. Returns
    /// its index, or nil if this node is not the leader (the caller redirects).
    public mutating func propose(into effects: inout [RaftEffect]) -> UInt64? {
        guard role == .leader, transferTarget == nil else { return nil }
        compactIfDue()
        markBusy()
        return appendOwnEntry(into: &effects)
    }

    private mutating func appendOwnEntry(into effects: inout [RaftEffect]) -> UInt64 {
        entryTerms.append(term)
        let index = lastIndex
        progress[id].matchIndex = index
        // A lone voter commits at once; its learners still need the entry.
        if voters.count == 1 || config.unsafeCommitWithoutQuorum { advanceCommit(into: &effects) }
        for peer in replicas where peer != id { sendAppendsIfReady(to: peer, into: &effects) }
        return index
    }

    /// Registers a strong read. Returns false if this node is not the leader (the caller
    /// redirects); otherwise a `.readReady` effect follows, at once when the lease holds,
    /// else after a heartbeat round confirms leadership (ReadIndex).
    public mutating func read(request: UInt64, into effects: inout [RaftEffect]) -> Bool {
        guard role == .leader else { return false }
        let termCommitted = commitIndex >= termStartIndex
        if config.leaseReads && termCommitted && transferTarget == nil && (ticks < leaseExpiresTick || config.unsafeLeaseWithoutExpiry) {
            effects.append(.readReady(request: request, ok: true))
            return true
        }
        if voters.count == 1 && termCommitted {
            effects.append(.readReady(request: request, ok: true))
            return true
        }
        // ReadIndex: the read needs a round sent after it arrived (and the range awake).
        markBusy()
        let needed = round + 1
        pendingReads.append(PendingRead(request: request, readIndex: max(commitIndex, termStartIndex), round: needed))
        if readRoundNeeded < needed {
            readRoundNeeded = needed
            if roundConfirmed(round) || round == 0 { broadcastHeartbeat(into: &effects) }
        }
        return true
    }

    // MARK: - Messages

    /// Handles one message from replica `from`. A sender id outside the progress slots
    /// (not a configured replica) is ignored rather than trapping.
    public mutating func step(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        guard from >= 0, from < progress.count else { return }
        compactIfDue()
        // A (pre-)vote means some replica lost its leader: its leader crashed and came back
        // as a follower, or it was cut off. A quiesced replica would never notice on its
        // own (a short crash stops no pings for long), so the range would stay leaderless
        // for good: wake up. A woken leader heartbeats again, which tells the campaigner
        // who leads; a woken follower's election timer runs again.
        if quiesced, message.kind == .vote || message.kind == .preVote {
            if role == .leader { markBusy() } else { wake() }
        }
        if message.term > term {
            switch message.kind {
            case .vote, .preVote:
                // Leader stickiness: while this node hears from a live leader, a candidate
                // is ignored unless it carries a leadership transfer.
                if config.checkQuorum, leader != nil, electionElapsed < config.electionTicks, !message.success { return }
                if message.kind == .vote { becomeFollower(term: message.term, leader: nil, into: &effects) }
            case .preVoteResponse where message.success:
                break // a granted pre-vote carries the future term; it changes nothing here
            case .append, .snapshot, .timeoutNow:
                becomeFollower(term: message.term, leader: from, into: &effects)
            default:
                becomeFollower(term: message.term, leader: nil, into: &effects)
            }
        } else if message.term < term {
            switch message.kind {
            case .append, .snapshot:
                // A stale leader: tell it the newer term so it steps down.
                effects.append(.send(to: from, message: .appendResponse(term: term, index: lastIndex, entryCount: message.entryCount, success: false)))
            case .preVote:
                effects.append(.send(to: from, message: .control(.preVoteResponse, term: term, success: false)))
            default:
                break
            }
            return
        }
        switch message.kind {
        case .append: handleAppend(message, from: from, into: &effects)
        case .snapshot: handleSnapshot(message, from: from, into: &effects)
        case .appendResponse: handleAppendResponse(message, from: from, into: &effects)
        case .preVote: handleVoteRequest(message, from: from, preVote: true, into: &effects)
        case .vote: handleVoteRequest(message, from: from, preVote: false, into: &effects)
        case .preVoteResponse: handleVoteResponse(message, from: from, preVote: true, into: &effects)
        case .voteResponse: handleVoteResponse(message, from: from, preVote: false, into: &effects)
        case .timeoutNow:
            if role == .follower, leader == from { campaign(transfer: true, into: &effects) }
        }
    }

    /// Work arrived: a quiesced leader resumes heartbeats (its next appends wake followers).
    private mutating func markBusy() {
        idleTicks = 0
        quiesced = false
    }

    /// Wakes a quiesced follower: its election timer runs again. The environment calls it
    /// when the leader's node has stopped answering, which no quiesced timer would notice.
    public mutating func wake() {
        guard quiesced else { return }
        quiesced = false
        electionElapsed = 0
    }

    private mutating func becomeFollower(term newTerm: UInt64, leader newLeader: Int?, into effects: inout [RaftEffect]) {
        let wasLeader = role == .leader
        quiesced = false
        if newTerm != term { votedFor = nil }
        term = newTerm
        role = .follower
        leader = newLeader
        electionElapsed = 0
        randomizedTimeout = drawTimeout()
        transferTarget = nil
        if wasLeader {
            effects.append(.steppedDown(term: term))
            failPendingReads(into: &effects)
        }
    }

    private mutating func failPendingReads(into effects: inout [RaftEffect]) {
        while pendingReadsHead < pendingReads.count {
            effects.append(.readReady(request: pendingReads[pendingReadsHead].request, ok: false))
            pendingReadsHead += 1
        }
        pendingReads.removeAll(keepingCapacity: true)
        pendingReadsHead = 0
        readRoundNeeded = 0
    }

    private func logIsAtLeastAsUpToDate(lastTerm candidateTerm: UInt64, lastIndex candidateIndex: UInt64) -> Bool {
        candidateTerm > lastTerm || (candidateTerm == lastTerm && candidateIndex >= lastIndex)
    }

    private mutating func handleVoteRequest(_ message: RaftMessage, from: Int, preVote: Bool, into effects: inout [RaftEffect]) {
        // A learner has no vote: it refuses, so a misdirected candidate is not left waiting
        // on it (its refusal never counts either, the candidate tallies voters only).
        if learnerFlag {
            effects.append(.send(to: from, message: .control(preVote ? .preVoteResponse : .voteResponse, term: term, success: false)))
            return
        }
        let upToDate = config.unsafeIgnoreLogInVotes || logIsAtLeastAsUpToDate(lastTerm: message.logTerm, lastIndex: message.index)
        if preVote {
            // Granted if this node would vote: the candidate's future term is newer and its
            // log is current. Nothing changes here.
            let grant = message.term > term && upToDate
            effects.append(.send(to: from, message: .control(.preVoteResponse, term: grant ? message.term : term, success: grant)))
            return
        }
        let canVote = config.unsafeVotesSkipTermCheck || votedFor == nil || votedFor == from
        let grant = canVote && upToDate && role != .leader
        if grant {
            votedFor = from
            electionElapsed = 0
        }
        effects.append(.send(to: from, message: .control(.voteResponse, term: term, success: grant)))
    }

    private mutating func handleVoteResponse(_ message: RaftMessage, from: Int, preVote: Bool, into effects: inout [RaftEffect]) {
        if preVote {
            guard role == .preCandidate, message.term == term + 1 || !message.success else { return }
        } else {
            guard role == .candidate, message.term == term else { return }
        }
        if message.success { votesGranted[from] = true } else { votesRefused[from] = true }
        let granted = voters.reduce(0) { $0 + (votesGranted[$1] ? 1 : 0) }
        let refused = voters.reduce(0) { $0 + (votesRefused[$1] ? 1 : 0) }
        if granted >= quorum {
            if preVote { campaign(transfer: false, into: &effects) } else { becomeLeader(into: &effects) }
        } else if refused >= quorum {
            becomeFollower(term: term, leader: nil, into: &effects)
        }
    }

    private mutating func handleAppend(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        if role != .follower { becomeFollower(term: term, leader: from, into: &effects) }
        leader = from
        electionElapsed = 0
        quiesced = false
        let previous = message.index
        // Entries below the compaction point are committed, so they are identical in every
        // log and need no check.
        let matches = previous + 1 < firstIndex || term(at: previous) == message.logTerm
        guard matches else {
            // Log mismatch (or a gap): answer with a hint so the leader backs off.
            let hint = previous > lastIndex ? lastIndex : (previous > 0 ? previous - 1 : 0)
            var rejection = RaftMessage.appendResponse(term: term, index: max(hint, commitIndex), entryCount: message.entryCount, success: false, round: message.round)
            rejection.commit = previous // which append this answers, so the leader can tell stale rejections
            effects.append(.send(to: from, message: rejection))
            return
        }
        let end = previous + UInt64(message.entryCount)
        var index = max(previous + 1, firstIndex)
        // Skip entries we already hold; truncate at the first conflict, then append.
        // (Log Matching puts any conflict above the commit index; the safety checker, not
        // this node, is what reports a protocol that breaks it.)
        while index <= end, index <= lastIndex {
            if entryTerms[Int(index - firstIndex)] != message.entryTerm {
                entryTerms.removeLast(Int(lastIndex - index + 1))
                break
            }
            index += 1
        }
        while index <= end {
            entryTerms.append(message.entryTerm)
            index += 1
        }
        advanceFollowerCommit(to: min(message.commit, end), into: &effects)
        // A quiescing heartbeat (flagged by `success`) that leaves this log complete and
        // committed lets the election timer rest.
        quiesced = config.quiesce && message.success && message.entryCount == 0 && end == lastIndex && commitIndex == end
        effects.append(.send(to: from, message: .appendResponse(term: term, index: end, entryCount: message.entryCount, success: true, round: message.round)))
    }

    private mutating func handleSnapshot(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        if role != .follower { becomeFollower(term: term, leader: from, into: &effects) }
        leader = from
        electionElapsed = 0
        let index = message.index
        if index > commitIndex {
            if term(at: index) == message.logTerm {
                // The log already holds the snapshot's last entry: keep what follows.
                let drop = Int(index - firstIndex + 1)
                entryTerms.removeFirst(max(0, min(drop, entryTerms.count)))
            } else {
                entryTerms.removeAll()
            }
            firstIndex = index + 1
            compactedTerm = message.logTerm
            effects.append(.commit(first: commitIndex + 1, last: index))
            commitIndex = index
        }
        effects.append(.send(to: from, message: .appendResponse(term: term, index: max(index, commitIndex), entryCount: 1, success: true)))
    }

    private mutating func advanceFollowerCommit(to newCommit: UInt64, into effects: inout [RaftEffect]) {
        guard newCommit > commitIndex else { return }
        effects.append(.commit(first: commitIndex + 1, last: newCommit))
        commitIndex = newCommit
        compactThrough = commitIndex
    }

    private mutating func handleAppendResponse(_ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        guard role == .leader else { return }
        progress[from].recentlyActive = true
        if message.entryCount > 0 { idleTicks = 0 }
        if !message.success { markBusy() }
        if message.entryCount > 0 && progress[from].inflight > 0 { progress[from].inflight -= 1 }
        if message.round > progress[from].ackedRound {
            progress[from].ackedRound = message.round
            roundAcknowledged(into: &effects)
        }
        if message.success {
            if message.index > progress[from].matchIndex {
                progress[from].matchIndex = message.index
                advanceCommit(into: &effects)
            }
            if progress[from].nextIndex <= message.index { progress[from].nextIndex = message.index + 1 }
            if progress[from].probing {
                // The logs match: from here on, pipeline.
                progress[from].probing = false
                progress[from].inflight = 0
                progress[from].nextIndex = progress[from].matchIndex + 1
            }
        } else {
            let rejected = message.commit
            // A rejection of an append older than the current probe, or of entries that
            // have since matched, is stale: a burst of pipelined appends all fail after one
            // gap, and only the first should move the leader back.
            if rejected <= progress[from].matchIndex { return }
            if progress[from].probing && rejected != progress[from].nextIndex - 1 { return }
            // Back off to just after the follower's hint and probe from there, one append
            // at a time.
            progress[from].nextIndex = max(progress[from].matchIndex + 1, min(message.index + 1, rejected))
            progress[from].probing = true
            progress[from].inflight = 0
        }
        sendAppendsIfReady(to: from, into: &effects)
        if let target = transferTarget, target == from, progress[from].matchIndex == lastIndex {
            effects.append(.send(to: target, message: .control(.timeoutNow, term: term)))
        }
    }

    /// Sends as many batched appends to `peer` as the pipelining window allows.
    private mutating func sendAppendsIfReady(to peer: Int, into effects: inout [RaftEffect]) {
        let window = progress[peer].probing ? 1 : config.maxInflightAppends
        while progress[peer].inflight < window, progress[peer].nextIndex <= lastIndex {
            let next = progress[peer].nextIndex
            guard next >= firstIndex else {
                // The follower needs entries this log compacted: send the compaction point.
                effects.append(.send(to: peer, message: .control(.snapshot, term: term, index: firstIndex - 1, logTerm: compactedTerm)))
                snapshotsSent += 1
                progress[peer].nextIndex = firstIndex
                progress[peer].inflight += 1
                continue
            }
            let batchTerm = entryTerms[Int(next - firstIndex)]
            var count: UInt64 = 1
            while count < UInt64(config.maxBatchEntries), next + count <= lastIndex,
                  entryTerms[Int(next + count - firstIndex)] == batchTerm {
                count += 1
            }
            let previous = next - 1
            effects.append(.send(to: peer, message: .append(
                term: term, previousIndex: previous, previousTerm: term(at: previous) ?? 0,
                entryCount: UInt32(count), entryTerm: batchTerm, commit: commitIndex, round: round)))
            progress[peer].nextIndex = next + count
            progress[peer].inflight += 1
        }
    }

    /// Moves the commit index to the highest index a majority holds, if that entry is of
    /// the current term (Raft §5.4.2).
    private mutating func advanceCommit(into effects: inout [RaftEffect]) {
        for (slot, voter) in voters.enumerated() { scratch[slot] = progress[voter].matchIndex }
        scratch.sort(by: >)
        let majorityIndex = scratch[config.unsafeCommitWithoutQuorum ? 0 : quorum - 1]
        guard majorityIndex > commitIndex, term(at: majorityIndex) == term else { return }
        effects.append(.commit(first: commitIndex + 1, last: majorityIndex))
        commitIndex = majorityIndex
        // Learners included: compacting past a lagging learner would force it onto the
        // snapshot path, so the log waits for it as it waits for a slow voter.
        var replicatedEverywhere = commitIndex
        for peer in replicas { replicatedEverywhere = min(replicatedEverywhere, progress[peer].matchIndex) }
        // ...but not for ever: past `maxLaggingEntries`, a lagging peer gets a snapshot.
        let lagLimit = UInt64(max(config.maxLaggingEntries, 0))
        compactThrough = max(replicatedEverywhere, commitIndex > lagLimit ? commitIndex - lagLimit : 0)
        releaseReads(into: &effects)
    }

    /// Drops entries through `compactThrough` once a whole chunk can go, keeping the term
    /// of the last dropped entry for the log-matching check. Runs at the start of a step,
    /// so the entries a step committed are still readable while its effects are handled.
    private mutating func compactIfDue() {
        let index = compactThrough
        guard index >= firstIndex, index - firstIndex + 1 >= UInt64(config.compactionChunk) else { return }
        let dropCount = Int(index - firstIndex + 1)
        compactedTerm = entryTerms[dropCount - 1]
        entryTerms.removeFirst(dropCount)
        firstIndex = index + 1
    }

    // MARK: - Leadership

    private mutating func campaign(transfer: Bool, into effects: inout [RaftEffect]) {
        // Learners have no vote to give themselves (a stray TimeoutNow lands here too).
        guard !learnerFlag else { return }
        quiesced = false
        term += 1
        role = .candidate
        votedFor = id
        leader = nil
        electionElapsed = 0
        randomizedTimeout = drawTimeout()
        for peer in voters { votesGranted[peer] = false; votesRefused[peer] = false }
        votesGranted[id] = true
        effects.append(.campaign(term: term))
        if quorum == 1 { becomeLeader(into: &effects); return }
        for peer in voters where peer != id {
            effects.append(.send(to: peer, message: .control(.vote, term: term, index: lastIndex, logTerm: lastTerm, success: transfer)))
        }
    }

    private mutating func preCampaign(into effects: inout [RaftEffect]) {
        guard !learnerFlag else { return }
        quiesced = false
        role = .preCandidate
        leader = nil
        electionElapsed = 0
        randomizedTimeout = drawTimeout()
        for peer in voters { votesGranted[peer] = false; votesRefused[peer] = false }
        votesGranted[id] = true
        if quorum == 1 { campaign(transfer: false, into: &effects); return }
        for peer in voters where peer != id {
            effects.append(.send(to: peer, message: .control(.preVote, term: term + 1, index: lastIndex, logTerm: lastTerm)))
        }
    }

    private mutating func becomeLeader(into effects: inout [RaftEffect]) {
        markBusy()
        role = .leader
        leader = id
        electionElapsed = 0
        heartbeatElapsed = 0
        transferTarget = nil
        leaseExpiresTick = 0
        resetProgress()
        // Until a follower's log is known to match, probe it one append at a time.
        for peer in replicas where peer != id { progress[peer].probing = true }
        effects.append(.becameLeader(term: term))
        // A no-op entry of the new term: committing it commits every earlier entry and
        // tells this leader what is committed, which reads need.
        termStartIndex = lastIndex + 1
        _ = appendOwnEntry(into: &effects)
    }

    /// Hands leadership to `target` once it is caught up: the leader stops accepting
    /// proposals and lease reads, then sends TimeoutNow.
    public mutating func transferLeadership(to target: Int, into effects: inout [RaftEffect]) {
        guard role == .leader, target != id, voters.contains(target) else { return }
        markBusy()
        transferTarget = target
        if progress[target].matchIndex == lastIndex {
            effects.append(.send(to: target, message: .control(.timeoutNow, term: term)))
        } else {
            sendAppendsIfReady(to: target, into: &effects)
        }
    }

    // MARK: - Heartbeat rounds, leases and ReadIndex

    private func roundConfirmed(_ candidate: UInt64) -> Bool {
        var count = 1
        for peer in voters where peer != id && progress[peer].ackedRound >= candidate { count += 1 }
        return count >= quorum
    }

    /// A follower answered a newer round: extend the lease, release confirmed reads, and
    /// send the round waiting reads need if the previous one is now confirmed.
    private mutating func roundAcknowledged(into effects: inout [RaftEffect]) {
        // The newest round a quorum has answered gives the lease: followers reset their
        // election timers no earlier than when that round was sent.
        for peer in voters where peer != id {
            let candidate = progress[peer].ackedRound
            if candidate > 0, roundConfirmed(candidate) {
                let sent = roundSentTick[Int(candidate % UInt64(roundSentTick.count))]
                leaseExpiresTick = max(leaseExpiresTick, sent + config.leaseTicks)
            }
        }
        releaseReads(into: &effects)
        if readRoundNeeded > round, roundConfirmed(round) { broadcastHeartbeat(into: &effects) }
    }

    private mutating func releaseReads(into effects: inout [RaftEffect]) {
        while pendingReadsHead < pendingReads.count {
            let read = pendingReads[pendingReadsHead]
            guard read.round <= round, roundConfirmed(read.round), commitIndex >= read.readIndex, commitIndex >= termStartIndex else { break }
            effects.append(.readReady(request: read.request, ok: true))
            pendingReadsHead += 1
        }
        if pendingReadsHead == pendingReads.count {
            pendingReads.removeAll(keepingCapacity: true)
            pendingReadsHead = 0
        }
    }

    private mutating func broadcastHeartbeat(into effects: inout [RaftEffect]) {
        round += 1
        roundSentTick[Int(round % UInt64(roundSentTick.count))] = ticks
        heartbeatElapsed = 0
        // Learners too: heartbeats carry them the commit index. Their answers to a round
        // are recorded but `roundConfirmed` counts voters only.
        for peer in replicas where peer != id {
            // A peer the log was compacted past hears of the compaction point: it rejects
            // that, and the leader answers with a snapshot.
            let previous = max(min(progress[peer].nextIndex - 1, lastIndex), firstIndex - 1)
            effects.append(.send(to: peer, message: .append(
                term: term, previousIndex: previous, previousTerm: term(at: previous) ?? 0,
                entryCount: 0, entryTerm: term, commit: min(commitIndex, progress[peer].matchIndex), round: round)))
        }
    }

    // MARK: - Time

    /// One tick of this node's clock. A leader sends heartbeats every `heartbeatTicks`,
    /// checks its quorum every election timeout (CheckQuorum) and hands leadership to the
    /// preferred replica when it can; a follower or candidate whose randomized timeout
    /// passes campaigns (after a pre-vote, if enabled). A learner's timer never fires.
    public mutating func tick(into effects: inout [RaftEffect]) {
        compactIfDue()
        ticks += 1
        if quiesced { return }
        electionElapsed += 1
        guard role == .leader else {
            if !learnerFlag, electionElapsed >= randomizedTimeout {
                if config.preVote { preCampaign(into: &effects) } else { campaign(transfer: false, into: &effects) }
            }
            return
        }
        heartbeatElapsed += 1
        idleTicks += 1
        // Checked before this tick's heartbeat: every replica must have answered the last one.
        if config.quiesce && canQuiesce {
            quiesce(into: &effects)
            return
        }
        if heartbeatElapsed >= config.heartbeatTicks { broadcastHeartbeat(into: &effects) }
        if electionElapsed >= config.electionTicks {
            electionElapsed = 0
            if config.checkQuorum {
                // Voters only: a leader that hears only from learners has lost its quorum.
                var active = 1
                for peer in voters where peer != id {
                    if progress[peer].recentlyActive { active += 1 }
                    progress[peer].recentlyActive = false
                }
                if active < quorum {
                    becomeFollower(term: term, leader: nil, into: &effects)
                    return
                }
            }
            if transferTarget != nil {
                transferTarget = nil // the transfer did not finish within a timeout: give up
            } else if let preferred = config.preferredLeader, preferred != id, voters.contains(preferred),
                      progress[preferred].matchIndex >= commitIndex, commitIndex >= termStartIndex {
                transferLeadership(to: preferred, into: &effects)
            }
        }
    }

    /// Idle for two ticks with every replica holding the whole, committed log and answering,
    /// no read waiting, no transfer under way and the preferred leader in place.
    private var canQuiesce: Bool {
        guard idleTicks >= 2, transferTarget == nil, pendingReadsHead == pendingReads.count,
              commitIndex == lastIndex, commitIndex >= termStartIndex else { return false }
        if let preferred = config.preferredLeader, preferred != id, voters.contains(preferred) { return false }
        // Every replica must also have answered the latest heartbeat round: a leader that
        // lost touch must keep ticking, so CheckQuorum can depose it.
        for peer in replicas where peer != id {
            if progress[peer].matchIndex != lastIndex || progress[peer].probing || progress[peer].ackedRound < round { return false }
        }
        return true
    }

    /// Sends the quiescing heartbeat (the commit index, flagged by `success`) and stops
    /// heartbeating until work arrives.
    private mutating func quiesce(into effects: inout [RaftEffect]) {
        round += 1
        roundSentTick[Int(round % UInt64(roundSentTick.count))] = ticks
        for peer in replicas where peer != id {
            var heartbeat = RaftMessage.append(term: term, previousIndex: lastIndex, previousTerm: lastTerm,
                                               entryCount: 0, entryTerm: term, commit: commitIndex, round: round)
            heartbeat.success = true
            effects.append(.send(to: peer, message: heartbeat))
        }
        quiesced = true
    }
}
