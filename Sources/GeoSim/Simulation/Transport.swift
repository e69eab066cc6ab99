/// Sends the simulation's messages over the `Network`: each becomes a delivery event, on
/// a FIFO lane per ordered pair of nodes (replica links are ordered), with the copies a
/// duplicating link makes. Heartbeats, their answers and closed timestamps of all ranges
/// between two nodes wait in `CoalescedBatches` and leave as one message per round.
struct Transport {
    private(set) var network: Network
    /// The items of coalesced messages, by batch.
    var batches: CoalescedBatches
    let nodeCount: Int
    /// Whether deliveries between replicas use the queue's FIFO lanes (one per ordered
    /// pair of nodes; skipped for very large clusters, where the lanes would cost memory).
    let usesLanes: Bool
    /// Whether effects of the current step may join coalesced batches (ticks and
    /// coalesced deliveries), and the node whose batches they join.
    var coalescingFrom: Int?
    /// The messages between replicas in a window, when a diagram of them is wanted;
    /// `tracing` says so without touching the optional on the hot path.
    var trace: MessageTrace? {
        didSet { tracing = trace != nil }
    }
    private(set) var tracing = false
    /// Scratch: the batches a round closed, before they are sent.
    private var closedRound: [(node: Int, batch: Int32)] = []
    /// The bytes sent between regions, by class.
    let traffic: TrafficCounters
    /// What each message weighs on the wire.
    let sizes: WireSizes

    init(network: Network, nodeCount: Int, traffic: TrafficCounters, sizes: WireSizes) {
        self.network = network
        self.nodeCount = nodeCount
        self.traffic = traffic
        self.sizes = sizes
        usesLanes = nodeCount <= 256
        batches = CoalescedBatches(nodeCount: nodeCount)
    }

    /// Counts `message`'s bytes on the link it takes (`items`: a coalesced batch's item
    /// count). Static and out of line: inlined, it makes `send` too large for the
    /// network's delivery to be inlined into it; as a method, calling it would copy the
    /// whole transport out of the simulation.
    @inline(never)
    private static func meter(_ traffic: TrafficCounters, _ sizes: WireSizes, from: Int, to: Int, _ message: SimulationMessage, items: Int) {
        let (kind, size) = sizes.measure(message, items: items)
        traffic.count(from: from, to: to, kind, bytes: size)
    }

    /// The item count of `message` when it is a coalesced batch, else 0.
    @inline(__always)
    private func items(_ message: SimulationMessage) -> Int {
        if case .coalesced(let batch) = message { return batches.itemCount(batch) }
        return 0
    }

    /// The FIFO lanes the event queue needs for this transport.
    var laneCount: Int { usesLanes ? nodeCount * nodeCount : 0 }

    /// Sends `message` from endpoint `from` to endpoint `to` at `time`.
    @inline(__always)
    mutating func send(from: Int, to: Int, _ message: SimulationMessage, at time: Nanoseconds, queue: inout EventQueue<SimulationEvent>) {
        Self.meter(traffic, sizes, from: from, to: to, message, items: items(message))
        let delivery = network.deliver(from: from, to: to, sentAt: time)
        if tracing && from < nodeCount && to < nodeCount && trace?.concerns(message) == true {
            trace?.record(from: from, to: to, sent: time, arrival: delivery.copies == 0 ? nil : delivery.arrival, label: Self.label(message))
        }
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

    /// Sends a message whose travel time was drawn elsewhere (a leaderless leg): it
    /// arrives at `arrival`, or, when `overLinks`, crosses the network after it.
    mutating func send(
        from: Int, to: Int, _ message: SimulationMessage, arrivingAt arrival: Nanoseconds, overLinks: Bool, queue: inout EventQueue<SimulationEvent>
    ) {
        Self.meter(traffic, sizes, from: from, to: to, message, items: items(message))
        var arrival = arrival
        if overLinks {
            let delivery = network.deliver(from: from, to: to, sentAt: arrival)
            guard delivery.copies > 0 else { return }
            arrival = delivery.arrival
        }
        queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: arrival)
    }

    /// Sends the batches `node` filled this round, one coalesced message per peer node.
    mutating func sendRound(from node: Int, at time: Nanoseconds, queue: inout EventQueue<SimulationEvent>) {
        batches.closeRound(into: &closedRound)
        for (peer, batch) in closedRound { send(from: node, to: peer, .coalesced(batch: batch), at: time, queue: &queue) }
        closedRound.removeAll(keepingCapacity: true)
    }

    /// Applies the link faults in force (partitions, delays, loss, duplication).
    mutating func applyLinkFaults(_ active: [Fault], members: (Fault.Target) -> [Int]) {
        network.applyLinkFaults(active, members: members)
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        closedRound.isEmpty ? [] : ["\(closedRound.count) closed batches were never sent"]
    }

    /// A message's kind in a few words, for the trace.
    static func label(_ message: SimulationMessage) -> String {
        switch message {
        case .raft(let range, let raft):
            let what =
                switch raft.kind {
                case .append: raft.entryCount == 0 ? "heartbeat" : "append \(raft.entryCount)@\(raft.index + 1)"
                case .appendResponse: "append ok \(raft.index)"
                case .preVote: "pre-vote"
                case .preVoteResponse: "pre-vote answer"
                case .vote: "vote?"
                case .voteResponse: "vote answer"
                case .timeoutNow: "timeout now"
                case .snapshot: "snapshot"
                }
            return "r\(range) \(what) t\(raft.term)"
        case .coalesced: return "heartbeats"
        case .ship(let index): return "ship \(index)"
        case .shipAck(let index): return "ship ack \(index)"
        case .shipResend(let index): return "resend from \(index)"
        case .replicaWrite(_, let key, let timestamp, let repair): return (repair ? "repair" : "write") + " k\(key) v=\(timestamp)"
        case .replicaAck: return "write ack"
        case .replicaRead(_, let key): return "read k\(key)"
        case .replicaValue(_, let timestamp): return timestamp == Int64.min ? "value none" : "value v=\(timestamp)"
        case .request(let request): return request.isWrite ? "fwd write k\(request.key)" : "fwd read k\(request.key)"
        case .response: return "answer"
        default: return "txn"
        }
    }
}
