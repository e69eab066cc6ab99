/// Leadership over the run: elections, leader changes, committed entries, how long each
/// range had no live leader, and each failover's length (from losing the old leader — a
/// crash, a step-down, or its last contact with a quorum — to the new one's first commit).
///
/// Invariant: `newestLeaderTerm[range]` is at least every `ledTerm` of its replicas.
struct LeadershipStats {
    var committedEntries: UInt64 = 0
    var elections = 0
    var leaderChanges = 0
    private(set) var leaderlessTime: Nanoseconds = 0
    private(set) var failovers: [Nanoseconds] = []
    /// Per replica, the last term it led; per range, the newest term any replica led.
    private var ledTerm: [UInt64]
    private var newestLeaderTerm: [UInt64]
    /// Per range: when its leader was lost (nil while one leads), and the new leader
    /// whose first commit ends a failover.
    private var leaderLostAt: [Nanoseconds?]
    private var awaitingFirstCommit: [(replica: Int, term: UInt64, since: Nanoseconds)?]
    /// When each leader replica last heard an append answer from each peer: per range a
    /// size × size block starting at `answerBase[range]`.
    private var lastAnswer: [Nanoseconds]
    private var answerBase: [Int] = []
    /// When the latest fault started (ns): a leader cannot have been lost before it.
    var latestFaultStart: Nanoseconds = 0

    /// Every range starts led by its local replica 0 in term 1.
    init(ranges: RaftRanges) {
        ledTerm = Array(repeating: 0, count: ranges.replicas.count)
        newestLeaderTerm = Array(repeating: 1, count: ranges.rangeCount)
        leaderLostAt = Array(repeating: nil, count: ranges.rangeCount)
        awaitingFirstCommit = Array(repeating: nil, count: ranges.rangeCount)
        var answers = 0
        for range in 0..<ranges.rangeCount {
            let size = Int(ranges.rangeSize[range])
            answerBase.append(answers)
            answers += size * size
            ledTerm[ranges.replica(0, ofRange: range)] = 1
        }
        lastAnswer = Array(repeating: 0, count: answers)
    }

    /// Leader `replica` (local id `leader`) of `range` heard an append answer from local `peer`.
    @inline(__always)
    mutating func noteAnswer(range: Int, size: Int, leader: Int, peer: Int, now: Nanoseconds) {
        lastAnswer[answerBase[range] + leader * size + peer] = now
    }

    /// The last moment leader `replica` could count on a quorum of voters: the time of
    /// the answer that completed its most recent quorum.
    func lastQuorumContact(of replica: Int, in ranges: RaftRanges, now: Nanoseconds) -> Nanoseconds {
        let range = ranges.range(of: replica)
        let size = Int(ranges.rangeSize[range])
        let local = ranges.local(replica)
        let voters = ranges.replicas[replica].voters
        var times: [Nanoseconds] = []
        for peer in voters where peer != local { times.append(lastAnswer[answerBase[range] + local * size + peer]) }
        times.sort(by: >)
        let needed = voters.count / 2  // peers besides the leader itself
        return needed == 0 || times.isEmpty ? now : times[min(needed, times.count) - 1]
    }

    /// Leader `replica` crashed (`crashed`) or stepped down at `now`. Only the newest
    /// leader's loss counts: an old leader cut off from the majority that steps down after
    /// a successor was elected was lost already.
    mutating func leaderLost(replica: Int, in ranges: RaftRanges, now: Nanoseconds, crashed: Bool = false) {
        let range = ranges.range(of: replica)
        guard ledTerm[replica] == newestLeaderTerm[range], leaderLostAt[range] == nil else { return }
        // A crash loses the leader then; a step-down, when the quorum last answered if that
        // was earlier — but not before the fault that cut it off (an idle, quiesced range
        // hears no answers, and was not lost while nothing was wrong).
        leaderLostAt[range] = crashed ? now : lostSince(replica, in: ranges, now: now)
    }

    /// When leader `replica`, still believing it leads, was effectively lost: its last
    /// quorum contact, or the latest fault's start if later, and never after `now`.
    private func lostSince(_ replica: Int, in ranges: RaftRanges, now: Nanoseconds) -> Nanoseconds {
        min(now, max(lastQuorumContact(of: replica, in: ranges, now: now), latestFaultStart))
    }

    /// `replica` became leader of `term`: time the failover from the previous leader's loss.
    mutating func leaderGained(replica: Int, term: UInt64, in ranges: RaftRanges, down: [Bool], now: Nanoseconds) {
        let range = ranges.range(of: replica)
        // A predecessor that still believes it leads (cut off, not yet stepped down) was
        // lost at its last quorum contact.
        var lost = leaderLostAt[range]
        for other in ranges.members(ofRange: range)
        where other != replica && ledTerm[other] == newestLeaderTerm[range]
            && ranges.replicas[other].role == .leader && !down[ranges.node(of: other)]
        {
            let contact = lostSince(other, in: ranges, now: now)
            lost = min(lost ?? contact, contact)
        }
        let since = min(lost ?? now, now)
        leaderlessTime = leaderlessTime +| (now - since)
        awaitingFirstCommit[range] = (replica, term, since)
        leaderLostAt[range] = nil
        ledTerm[replica] = term
        newestLeaderTerm[range] = max(newestLeaderTerm[range], term)
        let size = Int(ranges.rangeSize[range])
        let local = ranges.local(replica)
        for peer in 0..<size { lastAnswer[answerBase[range] + local * size + peer] = now }
    }

    /// Leader `replica` of `term` committed: the first commit of a new leader ends its failover.
    mutating func leaderCommitted(replica: Int, range: Int, term: UInt64, now: Nanoseconds) {
        if let awaiting = awaitingFirstCommit[range], awaiting.replica == replica, awaiting.term == term {
            failovers.append(now - awaiting.since)
            awaitingFirstCommit[range] = nil
        }
    }

    /// The run ended at `now`: ranges still without a leader add their time.
    mutating func finish(now: Nanoseconds) {
        for range in leaderLostAt.indices {
            if let lost = leaderLostAt[range] { leaderlessTime = leaderlessTime +| max(0, now - lost) }
        }
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations(in ranges: RaftRanges) -> [String] {
        var problems: [String] = []
        for replica in ledTerm.indices where ledTerm[replica] > newestLeaderTerm[ranges.range(of: replica)] {
            problems.append("replica \(replica) led term \(ledTerm[replica]) above its range's newest \(newestLeaderTerm[ranges.range(of: replica)])")
        }
        if leaderlessTime < 0 { problems.append("negative leaderless time") }
        return problems
    }
}
