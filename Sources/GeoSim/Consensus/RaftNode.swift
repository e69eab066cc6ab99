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
        /// The previous index of the last probe sent: its rejection is current, not stale,
        /// although `nextIndex` has moved past the probe's entries.
        var probePrevious: UInt64 = 0
        /// The heartbeat round under way when the last append with entries went out: the
        /// answer to a later round travels behind every answer to those appends.
        var lastAppendRound: UInt64 = 0
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
    let replicas: [Int]
    /// Whether this node is a learner (fixed at init; kept stored so hot paths don't search).
    let learnerFlag: Bool

    // Persistent state: survives a crash.
    public internal(set) var term: UInt64 = 0
    public internal(set) var votedFor: Int?
    // The log: entry i (1-based) has term `entryTerms[i - firstIndex]`. Entries below
    // `firstIndex` were compacted (they are committed); `compactedTerm` is the term of
    // entry `firstIndex - 1`.
    var entryTerms: [UInt64] = []
    var firstIndex: UInt64 = 1
    var compactedTerm: UInt64 = 0

    // Volatile state: lost in a crash.
    public internal(set) var role: Role = .follower
    /// The leader of `term`, as far as this node knows.
    public internal(set) var leader: Int?
    public internal(set) var commitIndex: UInt64 = 0
    var progress: [Progress]
    var electionElapsed = 0
    /// How many times the election timer was reset: a driver that runs the timer in
    /// continuous time (`RaftConfig.externalElectionTimer`) re-arms it when this changes.
    public internal(set) var timerResets: UInt64 = 0
    var heartbeatElapsed = 0
    var randomizedTimeout: Int
    var votesGranted: [Bool]
    var votesRefused: [Bool]
    /// Ticks since this node started or restarted: the clock of leases and rounds.
    var ticks = 0
    /// The current heartbeat round and the tick each recent round was sent.
    var round: UInt64 = 0
    var roundSentTick: [Int] = Array(repeating: 0, count: 64)
    /// The first index of this leader's term (its no-op): reads wait until it commits,
    /// so the commit index they use is the cluster's.
    var termStartIndex: UInt64 = 0
    /// The lease is valid while `ticks < leaseExpiresTick`.
    var leaseExpiresTick = 0
    var pendingReads: [PendingRead] = []
    var pendingReadsHead = 0
    var transferTarget: Int?
    var random: RandomStream
    /// Scratch space for the commit computation, kept to avoid an allocation per answer.
    var scratch: [UInt64]
    /// Quiesced: an idle leader sends no heartbeats and its followers run no election
    /// timer (see `RaftConfig.quiesce`).
    public internal(set) var quiesced = false
    /// Leader ticks since the last work (a proposal, a read, an answer with entries).
    var idleTicks = 0
    /// The commit index up to which the log may be compacted before the next step.
    var compactThrough: UInt64 = 0
    /// Snapshots this replica sent as leader: followers it had compacted past.
    public internal(set) var snapshotsSent = 0

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
        resetElectionTimer()
        heartbeatElapsed = 0
        ticks = 0
        round = 0
        leaseExpiresTick = 0
        pendingReads.removeAll(keepingCapacity: true)
        pendingReadsHead = 0
        transferTarget = nil
        randomizedTimeout = drawTimeout()
    }

    func drawTimeoutValue(_ random: inout RandomStream) -> Int {
        guard config.randomizedElectionTimeout else { return config.electionTicks }
        return config.electionTicks + Int(random.next() % UInt64(max(config.electionTicks, 1)))
    }

    mutating func drawTimeout() -> Int {
        drawTimeoutValue(&random)
    }

    mutating func resetProgress() {
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

    mutating func appendOwnEntry(into effects: inout [RaftEffect]) -> UInt64 {
        entryTerms.append(term)
        let index = lastIndex
        if config.persistBeforeCounting {
            // The entry counts for this node once it is durable (`persisted`).
            effects.append(.persist(through: index))
        } else {
            progress[id].matchIndex = index
            // A lone voter commits at once; its learners still need the entry.
            if voters.count == 1 || config.unsafeCommitWithoutQuorum { advanceCommit(into: &effects) }
        }
        for peer in replicas where peer != id { sendAppendsIfReady(to: peer, into: &effects) }
        return index
    }

    /// `persistBeforeCounting`: the environment made this leader's log durable through
    /// `index`, entries it appended in `persistedTerm`. The leader's own match index moves
    /// there (never past its log), and the commit index follows if a quorum now holds
    /// more. Ignored when this node no longer leads that term: its log may have changed.
    public mutating func persisted(through index: UInt64, term persistedTerm: UInt64, into effects: inout [RaftEffect]) {
        guard config.persistBeforeCounting, role == .leader, persistedTerm == term else { return }
        let durable = min(index, lastIndex)
        guard durable > progress[id].matchIndex else { return }
        progress[id].matchIndex = durable
        advanceCommit(into: &effects)
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
                break  // a granted pre-vote carries the future term; it changes nothing here
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
        defer { checkInvariants() }
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
    mutating func markBusy() {
        idleTicks = 0
        quiesced = false
    }

    /// Wakes a quiesced follower: its election timer runs again. The environment calls it
    /// when the leader's node has stopped answering, which no quiesced timer would notice.
    public mutating func wake() {
        guard quiesced else { return }
        quiesced = false
        resetElectionTimer()
    }

    mutating func becomeFollower(term newTerm: UInt64, leader newLeader: Int?, into effects: inout [RaftEffect]) {
        let wasLeader = role == .leader
        quiesced = false
        if newTerm != term { votedFor = nil }
        term = newTerm
        role = .follower
        leader = newLeader
        resetElectionTimer()
        randomizedTimeout = drawTimeout()
        transferTarget = nil
        if wasLeader {
            effects.append(.steppedDown(term: term))
            failPendingReads(into: &effects)
        }
    }

    mutating func failPendingReads(into effects: inout [RaftEffect]) {
        while pendingReadsHead < pendingReads.count {
            effects.append(.readReady(request: pendingReads[pendingReadsHead].request, ok: false))
            pendingReadsHead += 1
        }
        pendingReads.removeAll(keepingCapacity: true)
        pendingReadsHead = 0
    }
}
