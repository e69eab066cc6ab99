/// The Raft groups of every range and where they live: one `RaftNode` per (range, node
/// hosting it), by global replica id, with each range's replicas contiguous (local
/// replica 0, the preferred leaseholder, first). It routes a request to the replica that
/// can serve it, timestamps writes (MVCC), and remembers what each proposed entry
/// carries until it commits.
///
/// Invariants: `replicaOf` and `replicaNode`/`replicaRange` are inverse; a range's
/// replicas are `rangeBase[range] ..< rangeBase[range] + rangeSize[range]`; write
/// timestamps only grow within a range.
struct RaftRanges {
    private(set) var replicas: [RaftNode] = []
    /// Per replica: its range and the node hosting it.
    private(set) var replicaRange: [Int32] = []
    private(set) var replicaNode: [Int32] = []
    /// Per range: the global id of its local replica 0 and its replica count.
    private(set) var rangeBase: [Int32] = []
    private(set) var rangeSize: [Int32] = []
    /// range × nodeCount + node → global replica id, or -1.
    private var replicaOf: [Int32]
    /// Per node, the replicas it hosts.
    private(set) var replicasOnNode: [[Int32]]
    /// Per range, what each proposed entry writes, until it commits.
    private var proposals: [ProposalLog]
    /// Per range, the node believed to lead (a gateway's range cache).
    private var leaderHint: [Int32]
    /// Per range, the last MVCC timestamp given to a write (ns): timestamps only grow
    /// within a range (as a hybrid logical clock makes them), so they are unique per key.
    private var lastTimestamp: [Nanoseconds]
    let nodeCount: Int

    init(layout: RangeLayout, config: RaftConfig, seed: UInt64, nodeCount: Int) {
        self.nodeCount = nodeCount
        replicaOf = Array(repeating: -1, count: layout.ranges.count * nodeCount)
        replicasOnNode = Array(repeating: [], count: nodeCount)
        for (range, placement) in layout.ranges.enumerated() {
            let members = placement.voters + placement.nonVoters
            let voters = Array(0..<placement.voters.count)
            let learners = Array(placement.voters.count..<members.count)
            rangeBase.append(Int32(replicas.count))
            rangeSize.append(Int32(members.count))
            let rangeSeed = seed &+ UInt64(range) &* 0x9E37_79B9_7F4A_7C15
            for (local, node) in members.enumerated() {
                let id = Int32(replicas.count)
                replicas.append(RaftNode(id: local, voters: voters, learners: learners, config: config, seed: rangeSeed))
                replicaRange.append(Int32(range))
                replicaNode.append(Int32(node))
                replicaOf[range * nodeCount + node] = id
                replicasOnNode[node].append(id)
            }
        }
        proposals = Array(repeating: ProposalLog(), count: layout.ranges.count)
        leaderHint = layout.ranges.map { Int32($0.voters.first ?? 0) }
        lastTimestamp = Array(repeating: 0, count: layout.ranges.count)
    }

    var rangeCount: Int { rangeBase.count }

    /// Every range starts in term 1 led by its local replica 0.
    mutating func bootstrap() {
        for range in rangeBase.indices {
            let base = Int(rangeBase[range])
            replicas[base].bootstrapAsLeader(term: 1)
            for local in 1..<max(1, Int(rangeSize[range])) { replicas[base + local].bootstrapAsFollower(term: 1, leader: 0) }
        }
    }

    /// The replica of `range` on `node`, or nil.
    @inline(__always)
    func replica(ofRange range: Int, on node: Int) -> Int? {
        let id = replicaOf[range * nodeCount + node]
        return id >= 0 ? Int(id) : nil
    }

    @inline(__always) func node(of replica: Int) -> Int { Int(replicaNode[replica]) }
    @inline(__always) func range(of replica: Int) -> Int { Int(replicaRange[replica]) }
    /// The global id of `range`'s local replica `local`.
    @inline(__always) func replica(_ local: Int, ofRange range: Int) -> Int { Int(rangeBase[range]) + local }
    /// `replica`'s id within its range.
    @inline(__always) func local(_ replica: Int) -> Int { replica - Int(rangeBase[Int(replicaRange[replica])]) }
    /// The global ids of `range`'s replicas.
    func members(ofRange range: Int) -> Range<Int> { Int(rangeBase[range])..<(Int(rangeBase[range]) + Int(rangeSize[range])) }

    /// The live replica leading the newest term of `range` (an old leader cut off from
    /// the majority may still believe it leads an older one).
    func currentLeader(ofRange range: Int, down: [Bool]) -> Int? {
        var best: Int?
        for replica in members(ofRange: range) where replicas[replica].role == .leader && !down[Int(replicaNode[replica])] {
            if best.map({ replicas[replica].term > replicas[$0].term }) ?? true { best = replica }
        }
        return best
    }

    /// Where a request for `range` goes from `node`, which is not the leader there: the
    /// node its replica believes leads, else the range cache's guess; nil when its replica
    /// knows of no leader (an election is under way).
    func redirect(range: Int, from node: Int) -> Int? {
        guard let here = replica(ofRange: range, on: node) else { return Int(leaderHint[range]) }
        guard let leader = replicas[here].leader else { return nil }
        return Int(replicaNode[Int(rangeBase[range]) + leader])
    }

    /// The range cache learns that `node` leads `range`.
    mutating func noteLeader(range: Int, node: Int) { leaderHint[range] = Int32(node) }

    /// Leader `replica` proposes a write of `key` for `operation`, timestamped at the
    /// leaseholder's clock plus `lead`, above `floor` and every earlier write of the range.
    /// Returns the timestamp (ns), or nil when the leader refuses (a transfer under way).
    mutating func proposeWrite(
        at replica: Int, operation: UInt64, key: Int, clock: Nanoseconds, floor: Nanoseconds, into effects: inout [RaftEffect]
    ) -> (index: UInt64, timestamp: Nanoseconds)? {
        guard let index = replicas[replica].propose(into: &effects) else { return nil }
        let range = Int(replicaRange[replica])
        let timestamp = max(clock, floor +| 1, lastTimestamp[range] +| 1)
        lastTimestamp[range] = timestamp
        proposals[range].record(index: index, term: replicas[replica].term, .init(operation: operation, key: key, timestamp: timestamp))
        return (index, timestamp)
    }

    /// The command of committed entry `index` of `replica`'s range (in the term its log
    /// holds it), handed out once; and the entry's term.
    mutating func takeCommitted(index: UInt64, at replica: Int) -> (command: ProposalLog.Command?, term: UInt64) {
        let term = replicas[replica].term(at: index) ?? replicas[replica].term
        return (proposals[Int(replicaRange[replica])].take(index: index, term: term), term)
    }

    /// Forgets proposals through `index` of `range`: they committed.
    mutating func releaseProposals(ofRange range: Int, through index: UInt64) { proposals[range].release(through: index) }

    /// Delivers a Raft message to `replica` from local replica `from`.
    @inline(__always)
    mutating func step(_ replica: Int, _ message: RaftMessage, from: Int, into effects: inout [RaftEffect]) {
        replicas[replica].step(message, from: from, into: &effects)
    }

    @inline(__always)
    mutating func tick(_ replica: Int, into effects: inout [RaftEffect]) { replicas[replica].tick(into: &effects) }

    /// Leader `replica`'s own log is durable through `index`, entries of `term`
    /// (`RaftNode.persisted(through:term:into:)`).
    mutating func persisted(_ replica: Int, through index: UInt64, term: UInt64, into effects: inout [RaftEffect]) {
        replicas[replica].persisted(through: index, term: term, into: &effects)
    }

    /// A strong read at leader `replica`; false when it refuses (a transfer under way).
    mutating func read(at replica: Int, request: UInt64, into effects: inout [RaftEffect]) -> Bool {
        replicas[replica].read(request: request, into: &effects)
    }

    mutating func wake(_ replica: Int) { replicas[replica].wake() }

    /// `replica`'s election timer ran out.
    mutating func electionTimerFired(_ replica: Int, into effects: inout [RaftEffect]) { replicas[replica].electionTimerFired(into: &effects) }
    mutating func restart(_ replica: Int) { replicas[replica].restart() }

    /// What is wrong with the state, if anything (empty when sound). Each replica checks
    /// its own Raft invariants after every step (`RaftNode.checkInvariants`).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        for replica in replicas.indices {
            let range = Int(replicaRange[replica])
            if replicaOf[range * nodeCount + Int(replicaNode[replica])] != Int32(replica) {
                problems.append("replica \(replica): not found at its (range, node)")
            }
            if !members(ofRange: range).contains(replica) { problems.append("replica \(replica): outside its range's block") }
        }
        return problems
    }
}
