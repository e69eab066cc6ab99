// Reads below the leaseholder: closed timestamps, exact, bounded and nearest reads.

extension Simulation {
    // MARK: - Reads below the leaseholder

    /// Node `node`'s clock now (ns): true time plus its offset.
    func clock(of node: Int) -> Nanoseconds { faults.clock(of: node, now: now) }

    func clientRecord(of operation: UInt64) -> OperationRing.Record? {
        clients[OpenLoopClient.client(of: operation)].operations.record(OpenLoopClient.sequence(of: operation))
    }

    /// Serves a read at `replica` (on `node`) without the leader when the read mode, the
    /// locality and the closed timestamp allow it. Returns false when the read must go to
    /// the leader.
    func serveBelowLeaseholder(replica: Int, node: Int, operation: UInt64, at time: Nanoseconds) -> Bool {
        let closedHere = closed.active[replica]
        // A session token this replica's closed timestamp does not cover sends the read on
        // to the leaseholder.
        let token = scenario.sessionGuarantees.isEmpty ? Int64.min : sessionToken[OpenLoopClient.client(of: operation)]
        if closedHere < token { return false }
        let readTimestamp: Nanoseconds?
        let bound: Nanoseconds?
        switch scenario.readMode {
        case .strong:
            // Global tables: a strong read is served wherever the present is closed.
            guard scenario.locality == .global, closedHere >= clock(of: node) else { return false }
            readTimestamp = clock(of: node)
            bound = 0
        case .nearest:
            readTimestamp = nil
            bound = nil
        case .exact:
            let target = clock(of: node) -| scenario.exactStaleness
            guard ignoreClosedTimestamps || closedHere >= target else { return false }
            // A session's guarantees outrank the exact staleness asked for: a read at a
            // timestamp below the session's token would miss its own writes or go back
            // in time. The token is closed here (checked above), so the read moves up to it.
            readTimestamp = max(target, token)
            bound = scenario.exactStaleness
        case .bounded:
            let oldestAllowed = clock(of: node) -| scenario.maxStaleness
            if ignoreClosedTimestamps {
                readTimestamp = oldestAllowed
            } else if closedHere >= oldestAllowed {
                readTimestamp = closedHere
            } else if scenario.nearestOnly {
                respond(from: node, operation: operation, ok: false, at: time)
                return true
            } else {
                return false
            }
            bound = scenario.maxStaleness
        }
        measureRead(at: replica, operation: operation, readTimestamp: readTimestamp, bound: bound)
        respond(from: node, operation: operation, ok: true, at: time)
        return true
    }

    /// Records the staleness of a read served at `replica` and checks it against its
    /// bound: a read at a timestamp must see every committed version at or below it.
    func measureRead(at replica: Int, operation: UInt64, readTimestamp: Nanoseconds?, bound: Nanoseconds?) {
        guard let versions, let record = clientRecord(of: operation) else { return }
        let node = ranges.node(of: replica)
        let region = clients[OpenLoopClient.client(of: operation)].region
        let applied = ranges.replicas[replica].commitIndex
        let miss = versions.miss(key: record.key, appliedIndex: applied, readTimestamp: readTimestamp, now: now)
        noteServed(
            operation: operation,
            timestamp: recording
                ? appliedValue(at: replica, key: record.key, atOrBelow: readTimestamp) : miss.visibleTimestamp)
        let local = scenario.topology.nodes[node].region == region
        let fellBack = scenario.readMode != .strong && scenario.readMode != .nearest && ranges.replicas[replica].role == .leader && !local
        staleness[region].record(
            time: miss.oldestCommittedAt.map { now - $0 } ?? 0, versions: miss.versions,
            local: local, fellBack: fellBack)
        if let newest = miss.newestCommittedAt {
            visibility[region].record(sinceCommit: now - newest, sawIt: miss.versions == 0)
        }
        if let readTimestamp, let bound {
            if readTimestamp < clock(of: node) -| bound, readViolations.count < 100 {
                readViolations.append(
                    "Staleness bound: a \(scenario.readMode.rawValue) read at node \(node) read at \(DurationText.format(clock(of: node) -| readTimestamp)) old, beyond its bound \(DurationText.format(bound))"
                )
            }
            if miss.missedAtOrBelowReadTimestamp > 0, readViolations.count < 100 {
                readViolations.append(
                    "Staleness bound: a \(scenario.readMode.rawValue) read at node \(node) missed \(miss.missedAtOrBelowReadTimestamp) committed version(s) at or below its read timestamp (at \(DurationText.format(now)))"
                )
            }
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
                let timestamp =
                    scenario.locality == .global
                    ? clock(of: node) +| globalLead
                    : clock(of: node) -| scenario.closedTimestampTarget
                closedFloor[range] = max(closedFloor[range], timestamp)
                let index = ranges.replicas[replica].lastIndex
                closed.received(.init(timestamp: timestamp, index: index), at: replica, appliedIndex: ranges.replicas[replica].commitIndex)
                for peer in ranges.members(ofRange: range) where peer != replica {
                    transport.batches.add(
                        CoalescedItem(
                            kind: .closedTimestamp, range: Int32(range), message: CoalescedItem.noMessage,
                            timestamp: timestamp, index: index), to: ranges.node(of: peer))
                }
            }
            rangesLedBy[node].removeAll(keepingCapacity: true)
            let departure = max(now, cpu.busyUntil[node])
            sendRound(from: node, at: departure)
        }
        if now < scenario.duration || pendingOperations > 0 {
            queue.schedule(.closedTimestampTick, at: now +| scenario.closedTimestampInterval)
        }
    }
}
