// Disks: appends, votes and commits durable before they count (`NodeDisk`, `--fsync`).

extension Simulation {
    // MARK: - Disks

    /// Hands `write` to `node`'s disk at `time`; when it starts an fsync, schedules its end.
    func makeDurable(_ write: DiskWrite, on node: Int, at time: Nanoseconds) {
        guard let end = disk?.enqueue(write, node: node, at: time), let epoch = disk?.epoch[node] else { return }
        queue.schedule(.fsyncDone(node: Int32(node), epoch: epoch), at: end)
    }

    /// The fsync under way on `node` ended: the next group starts, and each write it made
    /// durable takes effect (a leader's entries count, a follower's answer leaves, a
    /// primary commits, a replica receives).
    func fsyncEnded(node: Int, epoch: UInt32) {
        guard epoch == disk?.epoch[node] else { return }
        if let end = disk?.complete(node: node, at: now, into: &diskDone) {
            queue.schedule(.fsyncDone(node: Int32(node), epoch: epoch), at: end)
        }
        gatherPersisted()
        for write in diskDone {
            switch write {
            case .leaderAppend(let replica, _, _):
                // Once per leader and group, at its first write, through its highest.
                let leader = Int(replica)
                guard persistThrough[leader] > 0 else { continue }
                ranges.persisted(leader, through: persistThrough[leader], term: persistTerm[leader], into: &effects)
                persistThrough[leader] = 0
                carryOutEffects(of: leader, at: now)
            case .followerAck(let replica, let peer, let message):
                heldAcks.release(replica: Int(replica), through: message.index)
                sendDurable(message, from: Int(replica), to: Int(peer), on: node)
            case .hardState(let replica, let peer, let message):
                sendDurable(message, from: Int(replica), to: Int(peer), on: node)
            case .primaryCommit(let request):
                commitAtPrimary(node: node, request, at: now)
            case .shipment(let index, let from):
                receiveDurableShipment(index, at: node, from: Int(from), at: now)
            }
        }
        diskDone.removeAll(keepingCapacity: true)
    }

    /// Sends `message` from `replica` (on `node`) to its range's local replica `peer`, now
    /// that what it vouches for is durable.
    private func sendDurable(_ message: RaftMessage, from replica: Int, to peer: Int, on node: Int) {
        let range = ranges.range(of: replica)
        let peerNode = ranges.node(of: ranges.replica(peer, ofRange: range))
        send(from: node, to: peerNode, .raft(range: Int32(range), message), at: now)
    }

    /// Per leader replica with writes in the group that just ended, the highest index it
    /// made durable (of the newest term among them): a busy leader has one write per
    /// proposal in a group, and counting them once is enough.
    func gatherPersisted() {
        for write in diskDone {
            guard case .leaderAppend(let replica, let term, let index) = write else { continue }
            let leader = Int(replica)
            if term > persistTerm[leader] || (term == persistTerm[leader] && index > persistThrough[leader]) {
                persistTerm[leader] = term
                persistThrough[leader] = index
            }
        }
    }

    /// A follower's answer to an append with entries waits for the fsync that makes them
    /// durable.
    func holdUntilDurable(replica: Int, peer: Int, _ message: RaftMessage, on node: Int, at time: Nanoseconds) {
        let count = UInt64(message.entryCount)
        heldAcks.hold(replica: replica, first: message.index >= count ? message.index - count + 1 : 0)
        makeDurable(.followerAck(replica: Int32(replica), peer: Int32(peer), message: message), on: node, at: time)
    }

    /// `node` crashed: what its disk had not made durable is lost, held answers included.
    func diskCrashed(node: Int) {
        guard disk != nil else { return }
        disk?.crash(node: node)
        for replica in ranges.replicasOnNode[node] { heldAcks.drop(replica: Int(replica)) }
    }
}
