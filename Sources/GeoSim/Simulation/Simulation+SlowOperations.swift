// The slow-operation log (`SlowOperationLog`): where a slow operation's time went.

extension Simulation {
    // MARK: - Slow operations

    /// Notes an operation that ended `latency` after its issue, at least the slow threshold
    /// (called only then, so the phases cost nothing for the others).
    func noteSlowOperation(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome, latency: Nanoseconds) {
        let region = driver.clients[index].region
        let unknown = outcome == .timedOut || (outcome == .failed && record.mayHaveApplied)
        var operation = SlowOperation(
            start: record.issuedAt, region: region, isWrite: record.isWrite, outcome: outcome == .ok ? .ok : unknown ? .unknown : .failed,
            latency: latency, attempts: Int(record.attempt) + 1)
        operation.earlierAttempts = record.attemptStartedAt - record.issuedAt
        var rest = now - record.attemptStartedAt
        operation.poolWait = min(rest, Nanoseconds(record.poolWaitMicros) * .microsecond)
        rest -= operation.poolWait
        // Only an answered attempt took the path; an unanswered one spent its time waiting.
        if outcome == .ok, !record.servedByCache {
            let trips = pathRoundTrips(region: region, gateway: Int(record.gateway), key: record.key, isWrite: record.isWrite)
            operation.toLeaseholder = min(rest, trips.toLeaseholder)
            rest -= operation.toLeaseholder
            operation.replication = min(rest, trips.replication)
            rest -= operation.replication
        }
        operation.other = rest
        slowOperations.note(operation)
    }

    /// The round trips an operation's path takes at the topology's figures, without jitter
    /// or queueing (ns): client → gateway → leaseholder (Raft leader or primary) and back,
    /// and for a Raft write the leaseholder's round trip to the nearest quorum of voters.
    /// Leaderless quorums: the gateway leg only.
    func pathRoundTrips(region: Int, gateway: Int, key: Int, isWrite: Bool) -> (toLeaseholder: Nanoseconds, replication: Nanoseconds) {
        let topology = scenario.topology
        func site(_ node: Int) -> (region: Int, zone: Int) { (topology.nodes[node].region, topology.nodes[node].zone) }
        let gatewaySite = site(gateway)
        let clientLeg = gatewaySite.region == region ? topology.sameZoneRoundTrip : topology.roundTrip(fromRegion: region, toRegion: gatewaySite.region)
        let range = layout.range(ofKey: key)
        let leader: Int?
        switch mode {
        case .raft: leader = currentLeader(ofRange: range).map { ranges.node(of: $0) }
        case .primaryAsync, .primarySync: leader = primaries?.primary
        case .leaderless: leader = nil
        }
        guard let leader else { return (clientLeg, 0) }
        let leaderSite = site(leader)
        let toLeader = leader == gateway ? 0 : topology.roundTrip(from: gatewaySite, to: leaderSite)
        guard isWrite, mode == .raft else { return (clientLeg + toLeader, 0) }
        let placement = layout.ranges[range]
        let others = placement.voters.filter { $0 != leader }.map { topology.roundTrip(from: leaderSite, to: site($0)) }.sorted()
        let needed = placement.quorum - 1
        return (clientLeg + toLeader, needed > 0 && needed <= others.count ? others[needed - 1] : 0)
    }
}
