// Time and faults: node ticks, quiescence wake-ups, crashes, restarts, link faults.

extension Simulation {
    // MARK: - Time and faults

    /// A node's clock ticks: every replica it hosts ticks; their heartbeats leave
    /// coalesced, one message per peer node.
    func handleTick(node: Int, epoch: UInt32) {
        guard epoch == faults.tickEpoch[node], !faults.down[node] else { return }
        if mode != .raft {
            queue.schedule(.tick(node: Int32(node), epoch: epoch), at: now +| faults.tickInterval[node])
            return
        }
        // Timer work is not charged service time; its messages leave once the node is free.
        let departure = max(now, cpu.busyUntil[node])
        transport.coalescingFrom = node
        for peer in 0..<nodeCount where peer != node {
            transport.batches.add(CoalescedItem(kind: .ping, range: 0, message: CoalescedItem.noMessage, timestamp: now, index: 0), to: peer)
        }
        for replica in ranges.replicasOnNode[node] {
            let id = Int(replica)
            if ranges.replicas[id].quiesced && ranges.replicas[id].role != .leader { wakeIfLeaderSilent(replica: id, on: node) }
            ranges.tick(id, into: &effects)
            if !effects.isEmpty { carryOutEffects(of: id, at: departure) }
        }
        transport.coalescingFrom = nil
        sendRound(from: node, at: departure)
        queue.schedule(.tick(node: Int32(node), epoch: epoch), at: now +| faults.tickInterval[node])
    }

    /// A quiesced follower runs no election timer, so node liveness stands in for it: when
    /// its leader's node has not pinged for an election timeout, it wakes.
    func wakeIfLeaderSilent(replica: Int, on node: Int) {
        guard let leader = ranges.replicas[replica].leader else {
            ranges.wake(replica)
            armElectionTimer(replica)
            return
        }
        let leaderNode = ranges.node(of: ranges.replica(leader, ofRange: ranges.range(of: replica)))
        if leaderNode != node, liveness.isSilent(leaderNode, to: node, for: scenario.electionTimeout, now: now) {
            ranges.wake(replica)
            armElectionTimer(replica)
        }
    }

    func handleFault(index: Int, starting: Bool) {
        let fault = faults.setActive(index, starting)
        if starting { leadership.latestFaultStart = now }
        switch fault.kind {
        case .crash(let target):
            for node in faults.nodes(of: target) {
                if starting { crash(node: node) } else { restart(node: node) }
            }
        case .clock(let node, let offset, let drift):
            faults.setClock(node: node, offset: offset, drift: drift, starting: starting)
        default:
            let injector = faults
            transport.applyLinkFaults(injector.activeFaults, members: injector.endpoints(of:))
        }
    }

    func crash(node: Int) {
        guard !faults.down[node] else { return }
        if primaries?.crashed(node, now: now) == true, let delay = scenario.replication.promotionDelay {
            queue.schedule(.promotePrimary(planned: false), at: now +| delay)
        }
        for replica in ranges.replicasOnNode[node] where ranges.replicas[Int(replica)].role == .leader {
            leadership.leaderLost(replica: Int(replica), in: ranges, now: now, crashed: true)
        }
        diskCrashed(node: node)
        _ = faults.markDown(node)
    }

    func restart(node: Int) {
        guard faults.markUp(node) else { return }
        cpu.restart(node: node, now: now)
        for replica in ranges.replicasOnNode[node] {
            ranges.restart(Int(replica))
            followerReads.reset(replica: Int(replica))
            armElectionTimer(Int(replica))
        }
        queue.schedule(.tick(node: Int32(node), epoch: faults.tickEpoch[node]), at: now +| faults.tickInterval[node])
    }
}
