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

    /// Closes the round: appends the open batch per destination node to `closed`, in
    /// node order (so the order of sends never depends on which node was touched first).
    /// The caller sends them afterwards: sending may release or copy batches.
    mutating func closeRound(into closed: inout [(node: Int, batch: Int32)]) {
        for node in open.indices where open[node] >= 0 {
            closed.append((node, open[node]))
            open[node] = -1
        }
    }

    func items(_ batch: Int32) -> [CoalescedItem] { batches[Int(batch)] }

    /// How many items batch `batch` holds.
    func itemCount(_ batch: Int32) -> Int { batches[Int(batch)].count }

    /// A second batch with the same items, for a duplicated message: each copy is
    /// delivered (and released) on its own.
    mutating func copy(_ batch: Int32) -> Int32 {
        let items = batches[Int(batch)]
        let clone: Int32
        if let reused = free.popLast() {
            clone = reused
            batches[Int(clone)] = items
        } else {
            clone = Int32(batches.count)
            batches.append(items)
        }
        return clone
    }

    /// Returns a delivered (or lost) batch for reuse.
    mutating func release(_ batch: Int32) {
        batches[Int(batch)].removeAll(keepingCapacity: true)
        free.append(batch)
    }
}
