/// Reads below the leaseholder: closed timestamps and the read modes that use them. A
/// leaseholder promises, by closing a timestamp, that no write at or below it will
/// commit; a follower that applied the log through the promise's index can serve reads at
/// or below it. Exact-staleness reads ask for a fixed age, bounded-staleness reads for the
/// freshest closed timestamp within a bound, nearest reads for whatever the replica holds;
/// global tables close timestamps ahead of the clock, so strong reads are local too.
///
/// Invariant: no replica's closed timestamp is above its range's floor (every closed
/// timestamp was published by a leaseholder, which raised the floor to it).
struct FollowerReads {
    /// What a replica does with a read it received from a client's gateway.
    enum Decision: Equatable {
        /// Serve it here, at `readTimestamp` (nil: whatever is applied) within `bound`.
        case serve(readTimestamp: Nanoseconds?, bound: Nanoseconds?)
        /// Send it on to the leaseholder.
        case toLeaseholder
        /// Refuse it (bounded, nearest-only: nothing here is fresh enough).
        case refuse
    }

    private(set) var closed: ClosedTimestamps
    /// Per range, the highest closed timestamp its leaseholders published: later writes
    /// are timestamped above it, whoever leads (a new lease starts after the old promise).
    private(set) var closedFloor: [Nanoseconds]
    /// Global tables: how far ahead of its clock a leaseholder timestamps writes and closes
    /// timestamps (max clock offset + publish period + propagation) (ns).
    let globalLead: Nanoseconds
    private let readMode: Scenario.ReadMode
    private let isGlobal: Bool
    private let exactStaleness: Nanoseconds
    private let maxStaleness: Nanoseconds
    private let nearestOnly: Bool
    private let closedTimestampTarget: Nanoseconds
    /// Deliberately unsafe (for testing the checkers): serve without the closed timestamp.
    private let ignoreClosedTimestamps: Bool

    init(scenario: Scenario, replicas: Int, ranges: Int) {
        closed = ClosedTimestamps(replicas: replicas)
        closedFloor = Array(repeating: Int64.min, count: ranges)
        globalLead = FollowerReads.globalLead(for: scenario)
        readMode = scenario.readMode
        isGlobal = scenario.locality == .global
        exactStaleness = scenario.exactStaleness
        maxStaleness = scenario.maxStaleness
        nearestOnly = scenario.nearestOnly
        closedTimestampTarget = scenario.closedTimestampTarget
        ignoreClosedTimestamps = scenario.unsafeIgnoreClosedTimestamps || scenario.unsafe.contains(.followerReadsIgnoreClosedTimestamp)
    }

    /// Global tables: CockroachDB's lead for global reads (`computeLeadTimeForGlobalReads`
    /// in pkg/kv/kvserver/closedts/policy.go), with the topology's largest round trip:
    /// the slower of the two ways a closed timestamp reaches followers — Raft (1.5 round
    /// trips plus 20 ms of overhead) or the side transport (half a round trip plus its
    /// publish interval) — plus the maximum clock offset and a 25 ms buffer (ns).
    static func globalLead(for scenario: Scenario) -> Nanoseconds {
        let topology = scenario.topology
        var longestRoundTrip: Nanoseconds = 0
        for a in topology.regions.indices {
            for b in topology.regions.indices { longestRoundTrip = max(longestRoundTrip, topology.roundTrip(fromRegion: a, toRegion: b)) }
        }
        let raftPropagation = longestRoundTrip *| 3 / 2 +| 20 * .millisecond
        let sideTransportPropagation = longestRoundTrip / 2 +| scenario.closedTimestampInterval
        return max(raftPropagation, sideTransportPropagation) +| scenario.maxClockOffset +| 25 * .millisecond
    }

    /// How far ahead of the leaseholder's clock writes are timestamped (ns).
    var writeLead: Nanoseconds { isGlobal ? globalLead : 0 }

    /// What `replica`, whose node's clock reads `clock`, does with a read whose session
    /// obliges it to see `token` (`Int64.min`: no session guarantee).
    func decide(replica: Int, clock: Nanoseconds, token: Nanoseconds) -> Decision {
        let closedHere = closed.active[replica]
        // A session token this replica's closed timestamp does not cover sends the read on
        // to the leaseholder.
        if closedHere < token { return .toLeaseholder }
        switch readMode {
        case .strong:
            // Global tables: a strong read is served wherever the present is closed.
            guard isGlobal, closedHere >= clock else { return .toLeaseholder }
            return .serve(readTimestamp: clock, bound: 0)
        case .nearest:
            return .serve(readTimestamp: nil, bound: nil)
        case .exact:
            let target = clock -| exactStaleness
            guard ignoreClosedTimestamps || closedHere >= target else { return .toLeaseholder }
            // A session's guarantees outrank the exact staleness asked for: a read at a
            // timestamp below the session's token would miss its own writes or go back in
            // time. The token is closed here (checked above), so the read moves up to it.
            return .serve(readTimestamp: max(target, token), bound: exactStaleness)
        case .bounded:
            let oldestAllowed = clock -| maxStaleness
            if ignoreClosedTimestamps { return .serve(readTimestamp: oldestAllowed, bound: maxStaleness) }
            if closedHere >= oldestAllowed { return .serve(readTimestamp: closedHere, bound: maxStaleness) }
            return nearestOnly ? .refuse : .toLeaseholder
        }
    }

    /// Leaseholder `replica` of `range` closes a timestamp by its clock reading `clock`,
    /// through log index `index`; returns the publication its followers get.
    mutating func close(range: Int, replica: Int, clock: Nanoseconds, index: UInt64, appliedIndex: UInt64) -> ClosedTimestamps.Pending {
        let timestamp = isGlobal ? clock +| globalLead : clock -| closedTimestampTarget
        closedFloor[range] = max(closedFloor[range], timestamp)
        let publication = ClosedTimestamps.Pending(timestamp: timestamp, index: index)
        closed.received(publication, at: replica, appliedIndex: appliedIndex)
        return publication
    }

    /// A follower received a publication.
    mutating func received(_ publication: ClosedTimestamps.Pending, at replica: Int, appliedIndex: UInt64) {
        closed.received(publication, at: replica, appliedIndex: appliedIndex)
    }

    /// `replica` applied its log through `index`: pending publications may take effect.
    mutating func applied(through index: UInt64, at replica: Int) { closed.applied(through: index, at: replica) }

    /// A restarted replica forgets what was closed.
    mutating func reset(replica: Int) { closed.reset(replica: replica) }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations(in ranges: RaftRanges) -> [String] {
        var problems: [String] = []
        for replica in closed.active.indices where closed.active[replica] > closedFloor[ranges.range(of: replica)] {
            problems.append("replica \(replica): closed timestamp \(closed.active[replica]) above its range's floor")
        }
        return problems
    }
}
