// Nodes and replicas: service times, message delivery, Raft effects carried out.

extension Simulation {
    // MARK: - Nodes and replicas

    /// Occupies a core of `node` for `work`; returns when it finishes (`NodeCPU`).
    @inline(__always)
    func serve(node: Int, _ work: NodeCPU.Work, times: Int = 1) -> Nanoseconds {
        cpu.serve(node: node, work, times: times, now: now)
    }

    @inline(__always)
    func send(from: Int, to: Int, _ message: SimulationMessage, at time: Nanoseconds) {
        transport.send(from: from, to: to, message, at: time, queue: &queue)
    }

    /// Sends the batches `node` filled this round, one coalesced message per peer node.
    func sendRound(from node: Int, at time: Nanoseconds) {
        transport.sendRound(from: node, at: time, queue: &queue)
    }

    /// The live replica leading the newest term of `range`.
    func currentLeader(ofRange range: Int) -> Int? { ranges.currentLeader(ofRange: range, down: faults.down) }

    func handleDelivery(to: Int, from: Int, message: SimulationMessage) {
        if to >= nodeCount {
            switch message {
            case .response(let operation, let ok, _): completeAtClient(operation: operation, ok: ok)
            case .transactionReadDone(let txn, let key, let version, let refusal):
                transactionReadDone(txn, key: key, version: version, refusal: refusal)
            case .transactionWriteDone(let txn, let slot, let refusal): transactionWriteDone(txn, slot: Int(slot), refusal: refusal)
            default: break
            }
            return
        }
        guard !faults.down[to] else {
            if case .coalesced(let batch) = message { transport.batches.release(batch) }
            return
        }
        let work: NodeCPU.Work
        switch message {
        case .request(let request): work = request.isWrite ? .write : .read
        case .transactionRead: work = .read
        case .transactionWrite: work = .write
        default: work = .replication
        }
        let finish = serve(node: to, work)
        switch message {
        case .request(let request):
            switch mode {
            case .raft: handleRequest(at: to, request, at: finish)
            case .primaryAsync, .primarySync: handlePrimaryRequest(at: to, request, at: finish)
            case .leaderless: coordinate(at: to, request, at: finish)
            }
        case .replicaWrite(let operation, let key, let timestamp, let repair):
            leaderless?.store(key, timestamp: timestamp, at: to)
            // A leaderless version is readable once one replica holds it, quorum or not.
            if recording { recorder?.committed(key: key, value: timestamp, visibleAt: finish) }
            if !repair { sendLeg(from: to, to: from, .replicaAck(operation: operation), leg: \.ack, at: finish) }
        case .replicaAck(let operation):
            coordinatorGotAnswer(at: to, from: from, operation: operation, timestamp: nil, at: finish)
        case .replicaRead(let operation, let key):
            let timestamp = leaderless?.timestamp(of: key, at: to) ?? Int64.min
            sendLeg(from: to, to: from, .replicaValue(operation: operation, timestamp: timestamp), leg: \.response, at: finish)
        case .replicaValue(let operation, let timestamp):
            coordinatorGotAnswer(at: to, from: from, operation: operation, timestamp: timestamp, at: finish)
        case .ship(let index):
            receiveShipment(index, at: to, from: from, finish: finish)
        case .shipAck(let index):
            acknowledgeShipment(index, from: from, finish: finish)
        case .shipResend(let index):
            resendShipments(from: index, to: from, at: finish)
        case .response(let operation, let ok, let carriesValue):
            // A gateway relays the leader's answer to its client.
            let client = OpenLoopClient.client(of: operation)
            send(from: to, to: driver.clients[client].endpoint, .response(operation: operation, ok: ok, carriesValue: carriesValue), at: finish)
        case .raft(let range, let raftMessage):
            deliverRaft(range: Int(range), raftMessage, to: to, from: from, at: finish)
        case .coalesced(let batch):
            transport.coalescingFrom = to
            deliverCoalesced(batch, to: to, from: from, at: finish)
            transport.batches.release(batch)
            transport.coalescingFrom = nil
            sendRound(from: to, at: finish)
        case .transactionRead(let txn, let key, let locking):
            transactionReadArrived(at: to, txn: txn, key: key, locking: locking, from: from, at: finish)
        case .transactionWrite(let txn, let key, let slot):
            transactionWriteArrived(at: to, txn: txn, key: key, slot: slot, from: from, at: finish)
        case .transactionRelease(let txn, let key):
            transactionReleaseArrived(txn: txn, key: key, at: to)
        case .transactionReadDone, .transactionWriteDone:
            break  // answers travel to clients only
        }
    }

    func deliverCoalesced(_ batch: Int32, to: Int, from: Int, at finish: Nanoseconds) {
        for item in transport.batches.items(batch) {
            switch item.kind {
            case .closedTimestamp:
                if let replica = ranges.replica(ofRange: Int(item.range), on: to) {
                    followerReads.received(.init(timestamp: item.timestamp, index: item.index), at: replica, appliedIndex: ranges.replicas[replica].commitIndex)
                }
            case .raft:
                deliverRaft(range: Int(item.range), item.message, to: to, from: from, at: finish)
            case .ping:
                liveness.pinged(node: to, by: from, now: now)
                transport.batches.add(CoalescedItem(kind: .pong, range: 0, message: CoalescedItem.noMessage, timestamp: item.timestamp, index: 0), to: from)
            case .pong:
                liveness.answered(node: to, by: from, pingSentAt: item.timestamp)
            }
        }
    }

    func deliverRaft(range: Int, _ message: RaftMessage, to: Int, from: Int, at finish: Nanoseconds) {
        guard let target = ranges.replica(ofRange: range, on: to), let sender = ranges.replica(ofRange: range, on: from) else { return }
        let base = ranges.replica(0, ofRange: range)
        let senderLocal = sender - base
        if ranges.replicas[target].role == .leader, message.kind == .appendResponse, message.term == ranges.replicas[target].term {
            leadership.noteAnswer(range: range, size: Int(ranges.rangeSize[range]), leader: target - base, peer: senderLocal, now: now)
        }
        if checkers.isEmpty {
            ranges.step(target, message, from: senderLocal, into: &effects)
        } else {
            let before = checkers[range].snapshotIfLeader(ranges.replicas[target])
            ranges.step(target, message, from: senderLocal, into: &effects)
            checkers[range].afterStep(node: target - base, before: before, log: ranges.replicas[target])
        }
        carryOutEffects(of: target, at: finish)
    }

    func handleRequest(at node: Int, _ request: ClientRequest, at time: Nanoseconds) {
        let (operation, isWrite, hops) = (request.operation, request.isWrite, request.hops)
        // The key matters only to route among ranges and to version the data.
        let keyed = layout.ranges.count > 1 || observation.isActive
        let key = keyed ? request.key : 0
        // A request whose client already gave up (or was answered) is dropped, as a server
        // drops an RPC its caller cancelled. Single-range runs without versions skip the
        // check (they always have): there serving it costs only the server's time.
        if keyed, attempt(of: operation)?.state != .pending { return }
        let range = layout.range(ofKey: key)
        let here = ranges.replica(ofRange: range, on: node)
        if !isWrite, hops == 0, let here, observation.isActive,
            ranges.replicas[here].role != .leader || scenario.readMode == .nearest || scenario.readMode == .exact
        {
            if serveBelowLeaseholder(replica: here, node: node, operation: operation, at: time) { return }
        }
        if let here, ranges.replicas[here].role == .leader {
            if isWrite
                ? proposeWrite(at: here, node: node, operation: operation, key: key, at: time)
                : serveStrongRead(at: here, node: node, operation: operation, at: time)
            {
                return
            }
            // A leader handing over leadership refuses; the client may retry.
            respond(from: node, operation: operation, ok: false, at: time)
            return
        }
        // Not the leader here: redirect to the replica's known leader, else to the range
        // cache's guess.
        if let target = ranges.redirect(range: range, from: node), target != node, hops < 3 {
            send(from: node, to: target, .request(request.redirected), at: time)
        } else {
            // No known leader (an election is under way): known not applied.
            respond(from: node, operation: operation, ok: false, at: time)
        }
    }

    /// Leader `replica` on `node` proposes a client's write; false when it refuses.
    func proposeWrite(at replica: Int, node: Int, operation: UInt64, key: Int, at time: Nanoseconds) -> Bool {
        if attempt(of: operation)?.proposed == true { return true }  // a duplicate request
        let range = ranges.range(of: replica)
        guard
            let (index, timestamp) = ranges.proposeWrite(
                at: replica, operation: operation, key: key, clock: clock(of: node) +| followerReads.writeLead,
                floor: followerReads.closedFloor[range], into: &effects)
        else { return false }
        driver.update(client: OpenLoopClient.client(of: operation), sequence: OpenLoopClient.sequence(of: operation)) {
            $0.proposed = true
            $0.servedTimestamp = timestamp
        }
        if recording {
            recorder?.proposed(.init(range: Int32(range), index: index, term: ranges.replicas[replica].term), key: key, value: timestamp)
        }
        carryOutEffects(of: replica, at: time)
        return true
    }

    /// Leader `replica` on `node` serves a strong read: from its liveness-backed lease when
    /// the range is quiesced, else through Raft (lease or ReadIndex); false when it refuses.
    func serveStrongRead(at replica: Int, node: Int, operation: UInt64, at time: Nanoseconds) -> Bool {
        if ranges.replicas[replica].quiesced && scenario.strongReads == .lease && liveness.holdsLease(replica, in: ranges, now: now) {
            // An idle range's leaseholder serves from its liveness-backed lease without
            // waking the range.
            if recording { noteLeaseRead(replica: replica) }
            if observation.isActive { measureRead(at: replica, operation: operation, readTimestamp: nil, bound: nil) }
            respond(from: node, operation: operation, ok: true, at: time)
            return true
        }
        guard ranges.read(at: replica, request: operation, into: &effects) else { return false }
        if recording, effects.contains(.readReady(request: operation, ok: true, byLease: true)) { noteLeaseRead(replica: replica) }
        carryOutEffects(of: replica, at: time)
        return true
    }

    /// Sends an answer from node `node` toward the operation's client: through the
    /// attempt's gateway, unless `node` is that gateway.
    func respond(from node: Int, operation: UInt64, ok: Bool, at time: Nanoseconds) {
        if Self.isTransactionOperation(operation) {
            transactionWriteCommitted(operation: operation, from: node, at: time)
            return
        }
        let index = OpenLoopClient.client(of: operation)
        // The client's bookkeeping says which gateway the attempt used; an attempt it
        // already gave up on needs no answer.
        guard let record = driver.clients[index].operations.record(OpenLoopClient.sequence(of: operation)),
            record.state == .pending
        else { return }
        // A proposed write may still commit: a refusal of a duplicate of its request must
        // not tell the client it failed.
        if !ok && record.proposed { return }
        let gateway = Int(record.gateway)
        let next = node == gateway ? driver.clients[index].endpoint : gateway
        send(from: node, to: next, .response(operation: operation, ok: ok, carriesValue: ok && !record.isWrite), at: time)
    }

    func carryOutEffects(of replica: Int, at time: Nanoseconds) {
        let range = ranges.range(of: replica)
        let node = ranges.node(of: replica)
        for effect in effects {
            switch effect {
            case .send(let peer, var message):
                if usesDisk, message.kind == .appendResponse, message.success {
                    // A follower answers for entries only once they are durable, and a
                    // heartbeat's answer claims no more than what is.
                    if message.entryCount > 0 {
                        holdUntilDurable(replica: replica, peer: peer, message, on: node, at: time)
                        continue
                    }
                    message.index = heldAcks.cap(message.index, replica: replica)
                }
                if usesDisk, message.kind == .vote || (message.kind == .voteResponse && message.success) {
                    // A vote asked or given binds the term and the vote: durable first.
                    makeDurable(.hardState(replica: Int32(replica), peer: Int32(peer), message: message), on: node, at: time)
                    continue
                }
                let peerNode = ranges.node(of: ranges.replica(peer, ofRange: range))
                if transport.coalescingFrom == node, message.entryCount == 0, message.kind == .append || message.kind == .appendResponse {
                    transport.batches.add(CoalescedItem(kind: .raft, range: Int32(range), message: message, timestamp: 0, index: 0), to: peerNode)
                } else {
                    send(from: node, to: peerNode, .raft(range: Int32(range), message), at: time)
                }
            case .commit(let first, let last):
                committed(replica: replica, first: first, last: last, at: time)
            case .readReady(let request, let ok, _):
                if ok, observation.isActive { measureRead(at: replica, operation: request, readTimestamp: nil, bound: nil) }
                respond(from: node, operation: request, ok: ok, at: time)
            case .campaign:
                leadership.elections += 1
            case .becameLeader(let term):
                leadership.leaderChanges += 1
                leadership.leaderGained(replica: replica, term: term, in: ranges, down: faults.down, now: now)
                ranges.noteLeader(range: range, node: node)
                transactions?.noteLeader(range: range, replica: replica)
                if !checkers.isEmpty { checkers[range].leaderElected(node: ranges.local(replica), term: term, log: ranges.replicas[replica], at: now) }
                recorder?.leaderElected(range: range, node: node, term: term, at: now)
            case .steppedDown:
                leadership.leaderLost(replica: replica, in: ranges, now: now)
            case .persist(let index):
                makeDurable(.leaderAppend(replica: Int32(replica), term: ranges.replicas[replica].term, index: index), on: node, at: time)
            }
        }
        effects.removeAll(keepingCapacity: true)
        armElectionTimer(replica)
    }

    /// Re-arms `replica`'s election timer if its step restarted it (`force`: regardless).
    @inline(__always)
    func armElectionTimer(_ replica: Int, force: Bool = false) {
        let resets = ranges.replicas[replica].timerResets
        if let at = timers.observe(replica, resets: resets, now: now, clockScale: faults.clockScale(of: ranges.node(of: replica)), force: force) {
            queue.schedule(.electionTimer(replica: Int32(replica)), at: at)
        }
    }

    /// `replica`'s election timer event: it campaigns if the timer ran out while its node
    /// is up; a timer restarted since waits again.
    func electionTimerExpired(_ replica: Int) {
        switch timers.expired(replica, now: now) {
        case .idle: return
        case .waitUntil(let at): queue.schedule(.electionTimer(replica: Int32(replica)), at: at)
        case .fire:
            let node = ranges.node(of: replica)
            guard !faults.down[node] else { return }
            ranges.electionTimerFired(replica, into: &effects)
            carryOutEffects(of: replica, at: max(now, cpu.busyUntil[node]))
        }
    }

    /// `replica` committed entries `first...last`: it applies them; a leader answers the
    /// writers of its own term (after the commit wait of a write timestamped ahead).
    func committed(replica: Int, first: UInt64, last: UInt64, at time: Nanoseconds) {
        let range = ranges.range(of: replica)
        let node = ranges.node(of: replica)
        if scenario.applyService != nil { _ = serve(node: node, .apply, times: Int(last - first + 1)) }
        if recording { recorder?.apply(replica: replica, range: range, through: last, log: ranges.replicas[replica]) }
        if !checkers.isEmpty { checkers[range].committed(node: ranges.local(replica), first: first, last: last, log: ranges.replicas[replica]) }
        if observation.isActive { followerReads.applied(through: last, at: replica) }
        guard ranges.replicas[replica].role == .leader else { return }
        leadership.committedEntries += last - first + 1
        let term = ranges.replicas[replica].term
        leadership.leaderCommitted(replica: replica, range: range, term: term, now: now)
        for index in first...last {
            // Entries of earlier terms commit too; only this term's writers are still
            // connected to this leader and get an answer.
            let (taken, entryTerm) = ranges.takeCommitted(index: index, at: replica)
            guard let command = taken else { continue }
            // Global tables wait out the future timestamp before answering (commit wait).
            let visibleAt = max(now, command.timestamp -| faults.clockOffset[node])
            observation.recordCommit(key: command.key, .init(index: index, timestamp: command.timestamp, committedAt: visibleAt))
            if recording, !Self.isTransactionOperation(command.operation) {
                recorder?.committed(key: command.key, value: command.timestamp, visibleAt: visibleAt)
            }
            if let cache = scenario.cache, cache.invalidation == .global {
                // The change stream invalidates every region's cache.
                for region in 0..<(cacheLayer?.regionCount ?? 0) {
                    countCacheTraffic(.invalidation, from: scenario.topology.nodes[node].region, to: region)
                    queue.schedule(.cacheInvalidate(region: Int32(region), key: command.key), at: visibleAt +| cache.invalidationLag)
                }
            }
            guard entryTerm == term else { continue }
            if visibleAt > time {
                // Commit wait: the answer leaves when the leaseholder's clock passes the
                // write's timestamp (an event, so later answers do not queue behind it on
                // the link).
                queue.schedule(.commitWaitDone(node: Int32(node), operation: command.operation), at: visibleAt)
            } else {
                respond(from: node, operation: command.operation, ok: true, at: time)
            }
        }
        ranges.releaseProposals(ofRange: range, through: last)
    }
}
