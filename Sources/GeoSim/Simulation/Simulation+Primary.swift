// A primary with replicas: routing, commit, shipping, replay, promotion
// (`PrimaryReplication`).

extension Simulation {
    // MARK: - Primary with replicas

    /// A request at `node` under primary replication: writes go to the primary; reads to
    /// the primary (strong), or to this node's replica (nearest; bounded while its replay
    /// lag is within the bound).
    func handlePrimaryRequest(at node: Int, _ request: ClientRequest, at time: Nanoseconds) {
        guard let primary = primaries?.primary else { return }
        let (operation, isWrite) = (request.operation, request.isWrite)
        if !isWrite && node != primary && scenario.readMode != .strong {
            catchUpReplica(node)
            let bound: Nanoseconds? =
                switch scenario.readMode {
                case .bounded: scenario.maxStaleness
                case .exact: scenario.exactStaleness
                case .strong, .nearest: nil
                }
            // The replica is fresh enough while everything it has not applied committed
            // less than the bound ago, and it has applied what the client's session saw.
            let token = scenario.sessionGuarantees.isEmpty ? Int64.min : driver.sessionToken[OpenLoopClient.client(of: operation)]
            if primaries?.isFresh(node, bound: bound, now: now) ?? true, primaries?.sessionFresh(node, token: token) ?? true {
                readAtPrimaryOrReplica(
                    node: node, operation: operation, applied: primaries?.replicaSet.replicas[node].applied ?? 0, local: true, fellBack: false)
                respond(from: node, operation: operation, ok: true, at: time)
                return
            }
        }
        guard node == primary else {
            if request.hops < 3 {
                send(from: node, to: primary, .request(request.redirected), at: time)
            } else {
                respond(from: node, operation: operation, ok: false, at: time)
            }
            return
        }
        guard isWrite else {
            let region = driver.clients[OpenLoopClient.client(of: operation)].region
            let local = scenario.topology.nodes[node].region == region
            readAtPrimaryOrReplica(
                node: node, operation: operation, applied: primaries?.replicaSet.lastIndex ?? 0, local: local,
                fellBack: scenario.readMode != .strong && !local)
            respond(from: node, operation: operation, ok: true, at: time)
            return
        }
        if usesDisk {
            makeDurable(.primaryCommit(request), on: node, at: time)
        } else {
            commitAtPrimary(node: node, request, at: time)
        }
    }

    /// The primary on `node` commits a write at `time` (after its fsync, with a disk): it
    /// appends it, ships it to every replica, and answers unless it waits for replicas.
    func commitAtPrimary(node: Int, _ request: ClientRequest, at time: Nanoseconds) {
        let operation = request.operation
        guard let timestamp = primaries?.commitTimestamp(clock: clock(of: node)), let index = primaries?.append(at: time, version: timestamp) else { return }
        observation.recordCommit(key: request.key, .init(index: index, timestamp: timestamp, committedAt: time))
        if !Self.isTransactionOperation(operation) { noteServed(operation: operation, timestamp: timestamp) }
        if recording {
            // A transaction's commit record takes a log index too, but writes no key's
            // single-key version.
            let single = !Self.isTransactionOperation(operation)
            if single { recorder?.committed(key: request.key, value: timestamp, visibleAt: time) }
            recorder?.primaryAppended(index: index, key: single ? request.key : nil, value: timestamp)
        }
        leadership.committedEntries += 1
        for replica in 0..<nodeCount where replica != node {
            send(from: node, to: replica, .ship(index: index), at: time)
        }
        if primaries?.answersAtOnce(index: index, operation: operation, nodeCount: nodeCount) ?? false {
            acknowledge(index: index, operation: operation, from: node, at: time)
        }
    }

    /// Measures a read served by `node`, which applied the log through `applied`.
    func readAtPrimaryOrReplica(node: Int, operation: UInt64, applied: UInt64, local: Bool, fellBack: Bool) {
        guard observation.isActive, let record = attempt(of: operation) else { return }
        let miss = observation.observe(
            key: record.key, appliedIndex: applied, readTimestamp: nil, at: now,
            region: driver.clients[OpenLoopClient.client(of: operation)].region, local: local, fellBack: fellBack)
        // A recorded run reads the value from the log itself: the observation keeps only
        // a key's newest versions, and a lagging replica may be behind all of them.
        noteServed(operation: operation, timestamp: recorder?.primaryValue(of: record.key, through: applied) ?? miss.visibleTimestamp)
    }

    func acknowledge(index: UInt64, operation: UInt64, from node: Int, at time: Nanoseconds) {
        primaries?.acknowledged(index: index, at: time)
        respond(from: node, operation: operation, ok: true, at: time)
    }

    func receiveShipment(_ index: UInt64, at node: Int, from: Int, finish: Nanoseconds) {
        guard from == primaries?.primary else { return }
        if let missing = primaries?.missingShipment(at: node, arrived: index, now: now) {
            send(from: node, to: from, .shipResend(index: missing), at: finish)
        }
        if usesDisk {
            makeDurable(.shipment(index: index, from: Int32(from)), on: node, at: finish)
        } else {
            receiveDurableShipment(index, at: node, from: from, at: finish)
        }
    }

    /// Replica `node` receives entry `index` from the primary on `from` at `finish` (once
    /// durable, with a disk): it replays it, and acknowledges it under primary-sync.
    func receiveDurableShipment(_ index: UInt64, at node: Int, from: Int, at finish: Nanoseconds) {
        guard from == primaries?.primary else { return }
        if primaries?.receive(index, at: node, from: from, finish: finish) == true {
            send(from: node, to: from, .shipAck(index: index), at: finish)
        }
        catchUpReplica(node)
    }

    /// Applies what replica `node` has replayed by now and records the lag of each entry.
    func catchUpReplica(_ node: Int) {
        primaries?.catchUp(node, now: now, timeline: &timeline, recordsTimeline: recordsTimeline)
    }

    /// primary-sync: a replica acknowledged receipt; answer the writes that now have
    /// `syncReplicas` acknowledgements.
    func acknowledgeShipment(_ index: UInt64, from node: Int, finish: Nanoseconds) {
        guard let primary = primaries?.primary, let answered = primaries?.shipmentAcknowledged(index, from: node, down: faults.down) else { return }
        for waiting in answered { acknowledge(index: waiting.index, operation: waiting.operation, from: primary, at: finish) }
    }

    /// The primary ships `to` its entries again from `index` on (a bounded batch; a later
    /// gap asks for the rest).
    func resendShipments(from index: UInt64, to replica: Int, at time: Nanoseconds) {
        guard let primary = primaries?.primary, let last = primaries?.replicaSet.lastIndex, index >= 1, index <= last else { return }
        for entry in index...min(last, index + PrimaryReplication.resendBatch - 1) {
            send(from: primary, to: replica, .ship(index: entry), at: time)
        }
    }

    /// Promotes the live replica that received the most: at `--promote-at` (a planned
    /// switchover), or a detection delay after the primary crashed, unless it came back
    /// meanwhile (a failover manager such as Patroni promotes only while the primary is
    /// still gone).
    func promotePrimary(planned: Bool) {
        guard let primary = primaries?.primary, planned || faults.down[primary] else { return }
        let before = primaries?.replicaSet.lastIndex ?? 0
        primaries?.promote(down: faults.down, now: now)
        // The new primary's log ends where it took over: the writes past it are lost.
        if let after = primaries?.replicaSet.lastIndex, after < before { recorder?.primaryRolledBack(through: after, at: now) }
    }
}
