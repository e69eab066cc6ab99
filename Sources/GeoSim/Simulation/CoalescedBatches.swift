/// Storage for coalesced messages: per-range heartbeats and closed timestamps travelling
/// between one pair of nodes in one message, as CockroachDB coalesces them, so that a
/// thousand idle ranges cost one message per node pair and tick, not a thousand. Batches
/// are reused, so steady state allocates nothing.
struct CoalescedBatches {
    private var batches: [[CoalescedItem]] = []
    private var free: [Int32] = []
    /// The batch being filled per destination node in the current round, or -1.
    private var open: [Int32]

    init(nodeCount: Int) {
        open = Array(repeating: -1, count: nodeCount)
    }

    /// Adds `item` to the open batch toward `node`.
    mutating func add(_ item: CoalescedItem, to node: Int) {
        var batch = open[node]
        if batch < 0 {
            if let reused = free.popLast() {
                batch = reused
            } else {
                batch = Int32(batches.count)
                batches.append([])
            }
            open[node] = batch
        }
        batches[Int(batch)].append(item)
    }

    /// Closes the round: the open batch per destination node, in node order (so the
    /// order of sends never depends on which node was touched first).
    mutating func closeRound(_ send: (_ node: Int, _ batch: Int32) -> Void) {
        for node in open.indices where open[node] >= 0 {
            let batch = open[node]
            open[node] = -1
            send(node, batch)
        }
    }

    func items(_ batch: Int32) -> [CoalescedItem] { batches[Int(batch)] }

    /// Returns a delivered batch for reuse.
    mutating func release(_ batch: Int32) {
        batches[Int(batch)].removeAll(keepingCapacity: true)
        free.append(batch)
    }
}
