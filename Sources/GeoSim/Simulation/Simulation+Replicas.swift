// Nodes and replicas: service times, message delivery, Raft effects carried out.

extension Simulation {
    // MARK: - Nodes and replicas

    /// The kinds of work a node does, each with its own service time.
    enum Work: Int, CaseIterable { case read, write, replication, apply }

    static func serviceTime(_ work: Work, in scenario: Scenario) -> Distribution {
        switch work {
        case .read: return scenario.readService ?? scenario.serviceTime
        case .write: return scenario.writeService ?? scenario.serviceTime
        case .replication: return scenario.replicationService ?? scenario.serviceTime
        case .apply: return scenario.applyService ?? .constant(0)
        }
    }

    /// Occupies the first free core of `node` for one service time of `work`, in FIFO
    /// order; returns the instant it finishes (when its outgoing messages leave).
    @inline(__always)
    func serve(node: Int, _ work: Work, times: Int = 1) -> Nanoseconds {
        let draw =
            constantServiceTime[work.rawValue]
            ?? Simulation.serviceTime(work, in: scenario).sample(using: &serviceRandom[node])
        let duration = cappedDraws.cap(draw, at: horizon, CappedDraws.serviceSources[work.rawValue]) *| Int64(times)
        if cores == 1 {
            let start = max(now, busyUntil[node])
            busyUntil[node] = start +| duration
            busyTime[node] = busyTime[node] +| duration
            return start +| duration
        }
        let base = node * cores
        var chosen = base
        for core in (base + 1)..<(base + cores) where coreFree[core] < coreFree[chosen] { chosen = core }
        let start = max(now, coreFree[chosen])
        coreFree[chosen] = start +| duration
        busyTime[node] = busyTime[node] +| duration
        var earliest = coreFree[base]
        for core in (base + 1)..<(base + cores) { earliest = min(earliest, coreFree[core]) }
        busyUntil[node] = earliest
        return start +| duration
    }

    @inline(__always)
    func send(from: Int, to: Int, _ message: SimulationMessage, at time: Nanoseconds) {
        let delivery = network.deliver(from: from, to: to, sentAt: time)
        if delivery.copies == 1 {
            // Links between replicas are FIFO: their deliveries can wait in a lane.
            if from < nodeCount && to < nodeCount && usesLanes {
                queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: delivery.arrival, lane: from * nodeCount + to)
            } else {
                queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: delivery.arrival)
            }
            return
        }
        if case .coalesced(let batch) = message {
            // A batch is released when its message is delivered: a lost message releases
            // it now, and each duplicate gets a batch of its own.
            if delivery.copies == 0 { batches.release(batch) }
            for copy in 0..<delivery.copies {
                let own = copy == 0 ? batch : batches.copy(batch)
                queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: .coalesced(batch: own)), at: delivery.arrival)
            }
            return
        }
        for _ in 0..<delivery.copies {
            queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: delivery.arrival)
        }
    }

    /// Sends the batches `node` filled this round, one coalesced message per peer node.
    func sendRound(from node: Int, at time: Nanoseconds) {
        batches.closeRound(into: &closedRound)
        for (peer, batch) in closedRound { send(from: node, to: peer, .coalesced(batch: batch), at: time) }
        closedRound.removeAll(keepingCapacity: true)
    }

    /// The replica of `range` on `node`, or nil.
    @inline(__always)
    func replica(ofRange range: Int, on node: Int) -> Int? {
        let id = replicaOf[range * nodeCount + node]
        return id >= 0 ? Int(id) : nil
    }

    func handleDelivery(to: Int, from: Int, message: SimulationMessage) {
        if to >= nodeCount {
            if case .response(let operation, let ok) = message { completeAtClient(operation: operation, ok: ok) }
            return
        }
        guard !down[to] else {
            if case .coalesced(let batch) = message { batches.release(batch) }
            return
        }
        let work: Work
        switch message {
        case .request(_, let isWrite, _): work = isWrite ? .write : .read
        default: work = .replication
        }
        let finish = serve(node: to, work)
        switch message {
        case .request(let operation, let isWrite, let hops):
            if leaderless != nil {
                coordinate(at: to, operation: operation, isWrite: isWrite, at: finish)
            } else if primaries != nil {
                handlePrimaryRequest(at: to, operation: operation, isWrite: isWrite, hops: hops, at: finish)
            } else {
                handleRequest(at: to, operation: operation, isWrite: isWrite, hops: hops, at: finish)
            }
        case .replicaWrite(let operation, let key, let timestamp, let repair):
            leaderless?.store(key, timestamp: timestamp, at: to)
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
        case .response(let operation, let ok):
            // A gateway relays the leader's answer to its client.
            let client = OpenLoopClient.client(of: operation)
            send(from: to, to: clients[client].endpoint, .response(operation: operation, ok: ok), at: finish)
        case .raft(let range, let raftMessage):
            deliverRaft(range: Int(range), raftMessage, to: to, from: from, at: finish)
        case .coalesced(let batch):
            coalescingFrom = to
            deliverCoalesced(batch, to: to, from: from, at: finish)
            batches.release(batch)
            coalescingFrom = nil
            sendRound(from: to, at: finish)
        }
    }

    func deliverCoalesced(_ batch: Int32, to: Int, from: Int, at finish: Nanoseconds) {
        for item in batches.items(batch) {
            switch item.kind {
            case .closedTimestamp:
                if let replica = replica(ofRange: Int(item.range), on: to) {
                    closed.received(.init(timestamp: item.timestamp, index: item.index), at: replica, appliedIndex: replicas[replica].commitIndex)
                }
            case .raft:
                deliverRaft(range: Int(item.range), item.message, to: to, from: from, at: finish)
            case .ping:
                lastPingFrom[to * nodeCount + from] = now
                batches.add(CoalescedItem(kind: .pong, range: 0, message: CoalescedItem.noMessage, timestamp: item.timestamp, index: 0), to: from)
            case .pong:
                lastPongFor[to * nodeCount + from] = max(lastPongFor[to * nodeCount + from], item.timestamp)
            }
        }
    }

    func deliverRaft(range: Int, _ message: RaftMessage, to: Int, from: Int, at finish: Nanoseconds) {
        guard let target = replica(ofRange: range, on: to), let sender = replica(ofRange: range, on: from) else { return }
        let base = Int(rangeBase[range])
        let senderLocal = sender - base
        if replicas[target].role == .leader, message.kind == .appendResponse, message.term == replicas[target].term {
            lastAnswer[answerBase[range] + (target - base) * Int(rangeSize[range]) + senderLocal] = now
        }
        if checkers.isEmpty {
            replicas[target].step(message, from: senderLocal, into: &effects)
        } else {
            let before = checkers[range].snapshotIfLeader(replicas[target])
            replicas[target].step(message, from: senderLocal, into: &effects)
            checkers[range].afterStep(node: target - base, before: before, log: replicas[target])
        }
        carryOutEffects(of: target, at: finish)
    }

    func handleRequest(at node: Int, operation: UInt64, isWrite: Bool, hops: UInt8, at time: Nanoseconds) {
        // The key matters only to route among ranges and to version the data.
        var key = 0
        if layout.ranges.count > 1 || versions != nil {
            // A request whose client already gave up (or was answered) is not served:
            // nobody waits for it, and its key is no longer known.
            guard let record = clientRecord(of: operation), record.state == .pending else { return }
            key = record.key
        }
        let range = layout.range(ofKey: key)
        let here = replica(ofRange: range, on: node)
        if !isWrite, hops == 0, let here, versions != nil, replicas[here].role != .leader || scenario.readMode == .nearest {
            if serveBelowLeaseholder(replica: here, node: node, operation: operation, at: time) { return }
        }
        if let here, replicas[here].role == .leader {
            if isWrite {
                if clientRecord(of: operation)?.proposed == true { return }  // a duplicate request
                if let index = replicas[here].propose(into: &effects) {
                    let lead = scenario.locality == .global ? globalLead : 0
                    let timestamp = max(clock(of: node) +| lead, closedFloor[range] +| 1, lastTimestamp[range] +| 1)
                    lastTimestamp[range] = timestamp
                    proposals[range].record(index: index, term: replicas[here].term, .init(operation: operation, key: key, timestamp: timestamp))
                    clients[OpenLoopClient.client(of: operation)].operations.update(OpenLoopClient.sequence(of: operation)) {
                        $0.proposed = true
                        $0.servedTimestamp = timestamp
                    }
                    if recording {
                        entryPayloads[EntryID(range: Int32(range), index: index, term: replicas[here].term)] = (key, timestamp)
                    }
                    carryOutEffects(of: here, at: time)
                    return
                }
            } else if replicas[here].quiesced && holdsLivenessLease(here) {
                // An idle range's leaseholder serves from its liveness-backed lease
                // without waking the range.
                if recording { noteLeaseRead(replica: here) }
                if versions != nil { measureRead(at: here, operation: operation, readTimestamp: nil, bound: nil) }
                respond(from: node, operation: operation, ok: true, at: time)
                return
            } else if replicas[here].read(request: operation, into: &effects) {
                if recording, effects.contains(.readReady(request: operation, ok: true, byLease: true)) {
                    noteLeaseRead(replica: here)
                }
                carryOutEffects(of: here, at: time)
                return
            }
            // A leader handing over leadership refuses; the client may retry.
            respond(from: node, operation: operation, ok: false, at: time)
            return
        }
        // Not the leader here: redirect to the replica's known leader, else to the range
        // cache's guess.
        var target = Int(leaderHint[range])
        var knowsLeader = true
        if let here {
            if let leader = replicas[here].leader {
                target = Int(replicaNode[Int(rangeBase[range]) + leader])
            } else {
                knowsLeader = false
            }
        }
        if target != node, hops < 3, knowsLeader {
            send(from: node, to: target, .request(operation: operation, isWrite: isWrite, hops: hops + 1), at: time)
        } else {
            // No known leader (an election is under way): known not applied.
            respond(from: node, operation: operation, ok: false, at: time)
        }
    }

    /// Sends an answer from node `node` toward the operation's client: through the
    /// attempt's gateway, unless `node` is that gateway.
    func respond(from node: Int, operation: UInt64, ok: Bool, at time: Nanoseconds) {
        let index = OpenLoopClient.client(of: operation)
        // The client's bookkeeping says which gateway the attempt used; an attempt it
        // already gave up on needs no answer.
        guard let record = clients[index].operations.record(OpenLoopClient.sequence(of: operation)),
            record.state == .pending
        else { return }
        // A proposed write may still commit: a refusal of a duplicate of its request must
        // not tell the client it failed.
        if !ok && record.proposed { return }
        let gateway = Int(record.gateway)
        let next = node == gateway ? clients[index].endpoint : gateway
        send(from: node, to: next, .response(operation: operation, ok: ok), at: time)
    }

    func carryOutEffects(of replica: Int, at time: Nanoseconds) {
        let range = Int(replicaRange[replica])
        let node = Int(replicaNode[replica])
        let base = Int(rangeBase[range])
        for effect in effects {
            switch effect {
            case .send(let peer, let message):
                let peerNode = Int(replicaNode[base + peer])
                if coalescingFrom == node, message.entryCount == 0, message.kind == .append || message.kind == .appendResponse {
                    batches.add(CoalescedItem(kind: .raft, range: Int32(range), message: message, timestamp: 0, index: 0), to: peerNode)
                } else {
                    send(from: node, to: peerNode, .raft(range: Int32(range), message), at: time)
                }
            case .commit(let first, let last):
                if scenario.applyService != nil { _ = serve(node: node, .apply, times: Int(last - first + 1)) }
                if recording { apply(replica: replica, range: range, through: last) }
                if !checkers.isEmpty { checkers[range].committed(node: replica - base, first: first, last: last, log: replicas[replica]) }
                if versions != nil { closed.applied(through: last, at: replica) }
                guard replicas[replica].role == .leader else { continue }
                committedEntries += last - first + 1
                let term = replicas[replica].term
                if let awaiting = awaitingFirstCommit[range], awaiting.replica == replica, awaiting.term == term {
                    failovers.append(now - awaiting.since)
                    awaitingFirstCommit[range] = nil
                }
                for index in first...last {
                    // Entries of earlier terms commit too; only this term's writers are
                    // still connected to this leader and get an answer.
                    let entryTerm = replicas[replica].term(at: index) ?? term
                    guard let command = proposals[range].take(index: index, term: entryTerm) else { continue }
                    // Global tables wait out the future timestamp before answering (commit wait).
                    let visibleAt = max(now, command.timestamp -| clockOffset[node])
                    versions?.record(key: command.key, .init(index: index, timestamp: command.timestamp, committedAt: visibleAt))
                    if recording, self.visibleAt[KeyVersion(key: command.key, value: command.timestamp)] == nil {
                        self.visibleAt[KeyVersion(key: command.key, value: command.timestamp)] = visibleAt
                        history.commits.append(.init(key: command.key, value: command.timestamp, at: visibleAt))
                    }
                    if let cache = scenario.cache, cache.invalidation == .global {
                        // The change stream invalidates every region's cache.
                        for region in caches.indices {
                            queue.schedule(.cacheInvalidate(region: Int32(region), key: command.key), at: visibleAt +| cache.invalidationLag)
                        }
                    }
                    guard entryTerm == term else { continue }
                    if visibleAt > time {
                        // Commit wait: the answer leaves when the leaseholder's clock passes
                        // the write's timestamp (an event, so later answers do not queue
                        // behind it on the link).
                        queue.schedule(.commitWaitDone(node: Int32(node), operation: command.operation), at: visibleAt)
                    } else {
                        respond(from: node, operation: command.operation, ok: true, at: time)
                    }
                }
                proposals[range].release(through: last)
            case .readReady(let request, let ok, _):
                if ok, versions != nil { measureRead(at: replica, operation: request, readTimestamp: nil, bound: nil) }
                respond(from: node, operation: request, ok: ok, at: time)
            case .campaign:
                elections += 1
            case .becameLeader(let term):
                leaderChanges += 1
                leaderGained(replica: replica, term: term)
                leaderHint[range] = Int32(node)
                if !checkers.isEmpty { checkers[range].leaderElected(node: replica - base, term: term, log: replicas[replica], at: now) }
                if recording { history.leaderships.append(.init(range: range, node: node, term: term, at: now)) }
            case .steppedDown:
                leaderLost(replica: replica, at: now)
            }
        }
        effects.removeAll(keepingCapacity: true)
    }
}
