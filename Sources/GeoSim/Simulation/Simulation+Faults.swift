// Time and faults: node ticks, quiescence wake-ups, crashes, restarts, link faults.

extension Simulation {
    // MARK: - Time and faults

    /// A node's clock ticks: every replica it hosts ticks; their heartbeats leave
    /// coalesced, one message per peer node.
    func handleTick(node: Int, epoch: UInt32) {
        guard epoch == tickEpoch[node], !down[node] else { return }
        if primaries != nil || leaderless != nil {
            queue.schedule(.tick(node: Int32(node), epoch: epoch), at: now +| tickInterval[node])
            return
        }
        // Timer work is not charged service time; its messages leave once the node is free.
        let departure = max(now, busyUntil[node])
        coalescingFrom = node
        for peer in 0..<nodeCount where peer != node {
            batches.add(CoalescedItem(kind: .ping, range: 0, message: CoalescedItem.noMessage, timestamp: now, index: 0), to: peer)
        }
        for replica in replicasOnNode[node] {
            let id = Int(replica)
            if replicas[id].quiesced && replicas[id].role != .leader { wakeIfLeaderSilent(replica: id, on: node) }
            replicas[id].tick(into: &effects)
            if !effects.isEmpty { carryOutEffects(of: id, at: departure) }
        }
        coalescingFrom = nil
        sendRound(from: node, at: departure)
        queue.schedule(.tick(node: Int32(node), epoch: epoch), at: now +| tickInterval[node])
    }

    /// A quiesced follower runs no election timer, so node liveness stands in for it: when
    /// its leader's node has not pinged for an election timeout, it wakes.
    func wakeIfLeaderSilent(replica: Int, on node: Int) {
        let range = Int(replicaRange[replica])
        guard let leader = replicas[replica].leader else {
            replicas[replica].wake()
            return
        }
        let leaderNode = Int(replicaNode[Int(rangeBase[range]) + leader])
        if leaderNode != node, now - lastPingFrom[node * nodeCount + leaderNode] > scenario.electionTimeout {
            replicas[replica].wake()
        }
    }

    /// Whether quiesced leader `replica` still holds its lease: a quorum of its voters'
    /// nodes answered a ping sent less than the lease ago. They will not wake and elect
    /// anyone before an election timeout after that ping, which is longer.
    func holdsLivenessLease(_ replica: Int) -> Bool {
        guard scenario.strongReads == .lease else { return false }
        let range = Int(replicaRange[replica])
        let base = Int(rangeBase[range])
        let node = Int(replicaNode[replica])
        var confirmed = 1
        for voter in replicas[replica].voters where base + voter != replica {
            let peerNode = Int(replicaNode[base + voter])
            if lastPongFor[node * nodeCount + peerNode] +| livenessLease > now { confirmed += 1 }
        }
        return confirmed >= replicas[replica].quorum
    }

    func handleFault(index: Int, starting: Bool) {
        activeFaults[index] = starting
        let fault = scenario.faults[index]
        switch fault.kind {
        case .crash(let target):
            for node in nodesOf(target) {
                if starting { crash(node: node) } else { restart(node: node) }
            }
        case .clock(let node, let offset, let drift):
            // A fast clock (drift > 0) fires its timers sooner in true time.
            let rate = starting ? 1 + drift : 1
            tickInterval[node] = max(1, Int64(saturating: Double(scenario.heartbeatInterval) / rate))
            clockOffset[node] = starting ? offset : 0
        default:
            let active = scenario.faults.indices.filter { activeFaults[$0] }.map { scenario.faults[$0] }
            network.applyLinkFaults(active, members: endpoints(of:))
        }
    }

    func crash(node: Int) {
        guard !down[node] else { return }
        if let primaries, primaries.primary == node, primaryDownSince == nil {
            primaryDownSince = now
            if let delay = scenario.replication.promotionDelay { queue.schedule(.promotePrimary, at: now +| delay) }
        }
        for replica in replicasOnNode[node] where replicas[Int(replica)].role == .leader {
            leaderLost(replica: Int(replica), at: now)
        }
        down[node] = true
        tickEpoch[node] &+= 1
    }

    func restart(node: Int) {
        guard down[node] else { return }
        down[node] = false
        busyUntil[node] = now
        for core in (node * cores)..<((node + 1) * cores) { coreFree[core] = now }
        for replica in replicasOnNode[node] {
            replicas[Int(replica)].restart()
            closed.reset(replica: Int(replica))
        }
        queue.schedule(.tick(node: Int32(node), epoch: tickEpoch[node]), at: now +| tickInterval[node])
    }

    func nodesOf(_ target: Fault.Target) -> [Int] {
        switch target {
        case .node(let node): return [node]
        case .region(let region): return (0..<nodeCount).filter { scenario.topology.nodes[$0].region == region }
        }
    }

    func endpoints(of target: Fault.Target) -> [Int] {
        switch target {
        case .node(let node): return [node]
        case .region(let region): return nodesOf(target) + clients.indices.filter { clients[$0].region == region }.map { clients[$0].endpoint }
        }
    }
}
