/// Each node's disk, with group commit: one fsync at a time per node, and one fsync covers
/// every write queued when it starts. A write that reaches an idle disk starts an fsync at
/// once, and writes handed over at that same instant (one step's writes: a candidate's
/// vote requests, say) join it; writes that arrive while one is under way wait together
/// for the next, which starts when the current one ends. So a node pays one fsync per group, not per write,
/// and under load its groups grow instead of its queue (as etcd and CockroachDB batch
/// their Raft log syncs).
///
/// The hub stores what each write makes durable (`Write`), schedules the end of each
/// fsync this component starts, and carries out the writes `complete` hands back.
///
/// Invariants: a node with writes syncing or waiting has an fsync under way; `busyTime`
/// grows only.
struct NodeDisk<Write> {
    /// Per node, the writes the fsync under way makes durable.
    private var syncing: [[Write]]
    /// Per node, the writes waiting for the next fsync.
    private var waiting: [[Write]]
    /// Per node, the latest instant a waiting write was handed over (ns): the next fsync
    /// starts no earlier.
    private var waitingSince: [Nanoseconds]
    /// Per node, whether an fsync is under way (its end is scheduled).
    private(set) var busy: [Bool]
    /// Per node, when the fsync under way ends (ns).
    private(set) var busyUntil: [Nanoseconds]
    /// Per node, when the fsync under way started (ns).
    private var startedAt: [Nanoseconds]
    /// Per node, the fsync time spent so far (ns), for utilization.
    private(set) var busyTime: [Nanoseconds]
    /// Per node, the fsyncs started so far.
    private(set) var fsyncs: [Int]
    /// Per node, a count of crashes: an fsync end scheduled before one is stale.
    private(set) var epoch: [UInt32]
    private var random: [RandomStream]
    /// The fsync time in ns when it is a constant (nothing to draw).
    private let constantTime: Nanoseconds?
    private let time: Distribution
    /// Draws longer than the run's horizon are cut to it and counted here.
    private(set) var capped = CappedDraws()
    private let horizon: Nanoseconds

    /// Disks for `nodeCount` nodes whose fsyncs take draws of `time`, each node with its
    /// own random stream ("fsync", by node).
    init(time: Distribution, seed: UInt64, nodeCount: Int, horizon: Nanoseconds) {
        syncing = Array(repeating: [], count: nodeCount)
        waiting = Array(repeating: [], count: nodeCount)
        waitingSince = Array(repeating: 0, count: nodeCount)
        busy = Array(repeating: false, count: nodeCount)
        busyUntil = Array(repeating: 0, count: nodeCount)
        startedAt = Array(repeating: 0, count: nodeCount)
        busyTime = Array(repeating: 0, count: nodeCount)
        fsyncs = Array(repeating: 0, count: nodeCount)
        epoch = Array(repeating: 0, count: nodeCount)
        random = (0..<nodeCount).map { RandomStream(seed: seed, component: "fsync", index: $0) }
        self.time = time
        if case .constant = time {
            var unused = RandomStream(seed: 0)
            constantTime = time.sample(using: &unused)
        } else {
            constantTime = nil
        }
        self.horizon = horizon
    }

    /// Hands `write` to `node`'s disk at `now` (ns). Returns when the fsync that covers it
    /// ends if that fsync starts now (the caller schedules its end), else nil: it joins
    /// the fsync that started at this same instant, or waits for the next one, which
    /// `complete` starts.
    mutating func enqueue(_ write: Write, node: Int, at now: Nanoseconds) -> Nanoseconds? {
        if busy[node] {
            if startedAt[node] == now {
                syncing[node].append(write)
                return nil
            }
            waiting[node].append(write)
            waitingSince[node] = max(waitingSince[node], now)
            return nil
        }
        syncing[node].append(write)
        return start(node: node, at: now)
    }

    /// The fsync under way on `node` ended at `now`: its writes move into `done` (which
    /// must be empty; buffers are swapped, not copied), and the writes waiting start the
    /// next fsync. Returns when that one ends (ns), or nil when none was waiting.
    mutating func complete(node: Int, at now: Nanoseconds, into done: inout [Write]) -> Nanoseconds? {
        swap(&done, &syncing[node])
        busy[node] = false
        guard !waiting[node].isEmpty else { return nil }
        swap(&syncing[node], &waiting[node])
        return start(node: node, at: max(now, waitingSince[node]))
    }

    /// Starts an fsync on `node` at `now` for the writes in `syncing[node]`.
    private mutating func start(node: Int, at now: Nanoseconds) -> Nanoseconds {
        let draw = constantTime ?? time.sample(using: &random[node])
        let duration = capped.cap(draw, at: horizon, .fsync)
        busy[node] = true
        startedAt[node] = now
        busyUntil[node] = now +| duration
        busyTime[node] = busyTime[node] +| duration
        fsyncs[node] += 1
        return busyUntil[node]
    }

    /// `node` crashed: whatever it had not made durable is gone, and the end of the fsync
    /// under way (scheduled with the old `epoch`) will be ignored.
    mutating func crash(node: Int) {
        syncing[node].removeAll(keepingCapacity: true)
        waiting[node].removeAll(keepingCapacity: true)
        busy[node] = false
        epoch[node] &+= 1
    }

    /// Per node, the share of time its disk spent in fsyncs by `now` (0…1).
    func utilization(at now: Nanoseconds) -> [Double] {
        busyTime.map { now > 0 ? min(1, Double($0) / Double(now)) : 0 }
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        for node in busy.indices {
            if !busy[node] && !(syncing[node].isEmpty && waiting[node].isEmpty) {
                problems.append("node \(node): writes wait for a disk with no fsync under way")
            }
            if busyTime[node] < 0 { problems.append("node \(node): negative disk busy time") }
        }
        return problems
    }
}
