// A primary with replicas: commit, shipping, replay, promotion.

extension Simulation {
    // MARK: - Primary with replicas

    /// A request at `node` under primary replication: writes go to the primary; reads to
    /// the primary (strong), or to this node's replica (nearest; bounded while its replay
    /// lag is within the bound).
    func handlePrimaryRequest(at node: Int, operation: UInt64, isWrite: Bool, hops: UInt8, at time: Nanoseconds) {
        guard let primary = primaries?.primary else { return }
        if !isWrite && node != primary && scenario.readMode != .strong {
            catchUpReplica(node)
            var local = scenario.readMode == .nearest
            if scenario.readMode == .bounded || scenario.readMode == .exact {
                let bound = scenario.readMode == .bounded ? scenario.maxStaleness : scenario.exactStaleness
                // The replica is fresh enough while everything it has not applied committed
                // less than the bound ago.
                local = primaries?.isFresh(node, now: now, bound: bound) ?? true
            }
            if local {
                let record = clientRecord(of: operation)
                if observation.isActive, let record {
                    let region = clients[OpenLoopClient.client(of: operation)].region
                    let miss = observation.observe(
                        key: record.key, appliedIndex: primaries?.replicas[node].applied ?? 0, readTimestamp: nil, at: now,
                        region: region, local: true, fellBack: false)
                    noteServed(operation: operation, timestamp: miss.visibleTimestamp)
                }
                respond(from: node, operation: operation, ok: true, at: time)
                return
            }
        }
        guard node == primary else {
            if hops < 3 {
                send(from: node, to: primary, .request(operation: operation, isWrite: isWrite, hops: hops + 1), at: time)
            } else {
                respond(from: node, operation: operation, ok: false, at: time)
            }
            return
        }
        guard isWrite else {
            if observation.isActive, let record = clientRecord(of: operation) {
                let region = clients[OpenLoopClient.client(of: operation)].region
                let local = scenario.topology.nodes[node].region == region
                let miss = observation.observe(
                    key: record.key, appliedIndex: primaries?.lastIndex ?? 0, readTimestamp: nil, at: now, region: region,
                    local: local, fellBack: scenario.readMode != .strong && !local, TEMPvisibility: false)
                noteServed(operation: operation, timestamp: miss.visibleTimestamp)
            }
            respond(from: node, operation: operation, ok: true, at: time)
            return
        }
        guard let index = primaries?.append(at: time) else { return }
        let key = clientRecord(of: operation)?.key ?? 0
        observation.recordCommit(key: key, .init(index: index, timestamp: clock(of: node), committedAt: time))
        leadership.committedEntries += 1
        for replica in 0..<nodeCount where replica != node {
            send(from: node, to: replica, .ship(index: index), at: time)
        }
        if scenario.replication.mode == .primaryAsync || nodeCount == 1 {
            acknowledge(index: index, operation: operation, from: node, at: time)
        } else {
            syncWaiting.append((index, operation))
        }
    }

    func acknowledge(index: UInt64, operation: UInt64, from node: Int, at time: Nanoseconds) {
        acknowledgedThrough = max(acknowledgedThrough, index)
        if scenario.recordAcknowledgedWrites { acknowledgedLog.append((index, time)) }
        respond(from: node, operation: operation, ok: true, at: time)
    }

    func receiveShipment(_ index: UInt64, at node: Int, from: Int, finish: Nanoseconds) {
        guard from == primaries?.primary else { return }
        let applyTime = cappedDraws.cap(scenario.replication.applyTime.sample(using: &applyRandom), at: horizon, .replicaApply)
        if primaries?.receive(index, at: node, time: finish, applyTime: applyTime) != nil,
            scenario.replication.mode == .primarySync
        {
            send(from: node, to: from, .shipAck(index: index), at: finish)
        }
        catchUpReplica(node)
    }

    /// Applies what replica `node` has replayed by now and records the lag of each entry.
    func catchUpReplica(_ node: Int) {
        guard primaries != nil, node != primaries?.primary else { return }
        let region = scenario.topology.nodes[node].region
        lagScratch.removeAll(keepingCapacity: true)
        primaries?.catchUp(node, to: now, lags: &lagScratch)
        for lag in lagScratch {
            replicaLag[region].record(lag)
            if scenario.timeline { timeline.recordReplicaLag(region: region, lag) }
        }
        primaries?.trim(keepingAtMost: scenario.limits.replicaLog)
    }

    /// primary-sync: a replica acknowledged receipt; answer the writes that now have
    /// `syncReplicas` acknowledgements.
    func acknowledgeShipment(_ index: UInt64, from node: Int, finish: Nanoseconds) {
        guard let primaries else { return }
        shipAcked[node] = max(shipAcked[node], index)
        // The live replicas' acknowledged indices, highest first (a reused scratch array:
        // this runs for every acknowledgement).
        ackScratch.removeAll(keepingCapacity: true)
        for replica in shipAcked.indices where replica != primaries.primary && !faults.down[replica] { ackScratch.append(shipAcked[replica]) }
        ackScratch.sort(by: >)
        let needed = min(scenario.replication.syncReplicas, ackScratch.count)
        guard needed > 0 else { return }
        let durable = ackScratch[needed - 1]
        while let waiting = syncWaiting.first, waiting.index <= durable {
            _ = syncWaiting.popFirst()
            acknowledge(index: waiting.index, operation: waiting.operation, from: primaries.primary, at: finish)
        }
    }

    /// Promotes the live replica that received the most; acknowledged writes beyond what
    /// it received are lost (the data-loss window).
    func promotePrimary() {
        guard var primaries else { return }
        var best: Int?
        for node in 0..<nodeCount where node != primaries.primary && !faults.down[node] {
            if best.map({ primaries.replicas[node].received > primaries.replicas[$0].received }) ?? true { best = node }
        }
        guard let chosen = best else { return }
        let takeover = primaries.promote(chosen)
        if acknowledgedThrough > takeover { lostAcknowledgedWrites += Int(acknowledgedThrough - takeover) }
        acknowledgedThrough = min(acknowledgedThrough, takeover)
        for node in shipAcked.indices { shipAcked[node] = min(shipAcked[node], takeover) }
        // Writes waiting for sync acknowledgement on the old primary never get them.
        syncWaiting.removeAll()
        promotions += 1
        primaryDownSince = nil
        self.primaries = primaries
    }
}
