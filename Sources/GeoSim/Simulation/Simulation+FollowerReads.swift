// Reads below the leaseholder: closed timestamps, exact, bounded and nearest reads.

extension Simulation {
    // MARK: - Reads below the leaseholder

    /// Node `node`'s clock now (ns): true time plus its offset.
    func clock(of node: Int) -> Nanoseconds { faults.clock(of: node, now: now) }

    /// Serves a read at `replica` (on `node`) without the leader when the read mode, the
    /// locality and the closed timestamp allow it. Returns false when the read must go to
    /// the leader.
    func serveBelowLeaseholder(replica: Int, node: Int, operation: UInt64, at time: Nanoseconds) -> Bool {
        let token = scenario.sessionGuarantees.isEmpty ? Int64.min : driver.sessionToken[OpenLoopClient.client(of: operation)]
        switch followerReads.decide(replica: replica, clock: clock(of: node), token: token) {
        case .toLeaseholder:
            return false
        case .refuse:
            respond(from: node, operation: operation, ok: false, at: time)
            return true
        case .serve(let readTimestamp, let bound):
            measureRead(at: replica, operation: operation, readTimestamp: readTimestamp, bound: bound)
            respond(from: node, operation: operation, ok: true, at: time)
            return true
        }
    }

    /// Records what a read served at `replica` saw and checks it against its bound: a read
    /// at a timestamp must see every committed version at or below it.
    func measureRead(at replica: Int, operation: UInt64, readTimestamp: Nanoseconds?, bound: Nanoseconds?) {
        guard observation.isActive, let record = attempt(of: operation) else { return }
        let node = ranges.node(of: replica)
        let region = driver.clients[OpenLoopClient.client(of: operation)].region
        let local = scenario.topology.nodes[node].region == region
        let fellBack = scenario.readMode != .strong && scenario.readMode != .nearest && ranges.replicas[replica].role == .leader && !local
        let miss = observation.observe(
            key: record.key, appliedIndex: ranges.replicas[replica].commitIndex, readTimestamp: readTimestamp, at: now,
            region: region, local: local, fellBack: fellBack)
        noteServed(
            operation: operation,
            timestamp: recorder?.appliedValue(at: replica, key: record.key, atOrBelow: readTimestamp, now: now) ?? miss.visibleTimestamp)
        if let readTimestamp, let bound {
            observation.checkBound(miss, mode: scenario.readMode, node: node, readTimestamp: readTimestamp, bound: bound, clock: clock(of: node), now: now)
        }
    }

    /// Every range's leaseholder closes a timestamp (behind its clock, or ahead of it for
    /// global tables) and tells its followers, coalesced per pair of nodes.
    func publishClosedTimestamps() {
        for range in layout.ranges.indices {
            guard let leader = currentLeader(ofRange: range) else { continue }
            rangesLedBy[ranges.node(of: leader)].append(Int32(leader))
        }
        for node in 0..<nodeCount where !rangesLedBy[node].isEmpty {
            for leader in rangesLedBy[node] {
                let replica = Int(leader)
                let range = ranges.range(of: replica)
                let publication = followerReads.close(
                    range: range, replica: replica, clock: clock(of: node), index: ranges.replicas[replica].lastIndex,
                    appliedIndex: ranges.replicas[replica].commitIndex)
                for peer in ranges.members(ofRange: range) where peer != replica {
                    transport.batches.add(
                        CoalescedItem(
                            kind: .closedTimestamp, range: Int32(range), message: CoalescedItem.noMessage,
                            timestamp: publication.timestamp, index: publication.index), to: ranges.node(of: peer))
                }
            }
            rangesLedBy[node].removeAll(keepingCapacity: true)
            let departure = max(now, cpu.busyUntil[node])
            sendRound(from: node, at: departure)
        }
        if now < scenario.duration || driver.pendingOperations > 0 {
            queue.schedule(.closedTimestampTick, at: now +| scenario.closedTimestampInterval)
        }
    }
}
