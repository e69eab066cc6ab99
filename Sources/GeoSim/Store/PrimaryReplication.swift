/// Primary-with-replicas replication (primary-async, primary-sync) during a run: the
/// primary commits alone and ships its log to every replica, which replays it; a
/// synchronous primary answers once `syncReplicas` replicas acknowledged receipt. After
/// the primary fails, the replica that received the most is promoted, and acknowledged
/// writes beyond what it received are lost (the data-loss window).
///
/// Invariants: `acknowledgedThrough` is at most the primary's last index; the writes
/// waiting for sync acknowledgements are in index order.
struct PrimaryReplication {
    private(set) var replicaSet: PrimaryReplicaSet
    private let mode: ReplicationSettings.Mode
    private let settings: ReplicationSettings
    private var applyRandom: RandomStream
    /// primary-sync: per node, the highest index it acknowledged; and the writes waiting
    /// for enough acknowledgements, in index order.
    private var shipAcked: [UInt64]
    private var syncWaiting = FIFOQueue<(index: UInt64, operation: UInt64)>()
    /// The highest index acknowledged to a client.
    private var acknowledgedThrough: UInt64 = 0
    /// Per replica region, replay lag (primary commit → replica apply) (ns).
    private(set) var replicaLag: [LatencyHistogram]
    private(set) var lostAcknowledgedWrites = 0
    private(set) var promotions = 0
    /// Per promotion after a crash: from the primary's crash to the promotion (ns).
    private(set) var failovers: [Nanoseconds] = []
    /// When asked: (log index, commit time) of every acknowledged write.
    private(set) var acknowledgedLog: [(index: UInt64, committedAt: Nanoseconds)] = []
    private let recordsAcknowledgements: Bool
    /// Since when the primary has been down (nil: up, or promoted past).
    private var primaryDownSince: Nanoseconds?
    private var lagScratch: [Nanoseconds] = []
    private var ackScratch: [UInt64] = []
    /// Scratch: the writes an acknowledgement completes (reused: one per acknowledgement).
    private var answeredScratch: [(index: UInt64, operation: UInt64)] = []
    private(set) var capped = CappedDraws()
    private let horizon: Nanoseconds
    private let nodeRegion: [Int]
    private let replicaLogLimit: Int

    init(scenario: Scenario, horizon: Nanoseconds) {
        let topology = scenario.topology
        let primary = topology.nodes.firstIndex(where: { $0.region == scenario.leaderRegion }) ?? 0
        replicaSet = PrimaryReplicaSet(primary: primary, nodeCount: topology.nodes.count)
        mode = scenario.replication.mode
        settings = scenario.replication
        applyRandom = RandomStream(seed: scenario.seed, component: "apply")
        shipAcked = Array(repeating: 0, count: topology.nodes.count)
        resendAskedAt = Array(repeating: Nanoseconds.min / 2, count: topology.nodes.count)
        replicaLag = Array(repeating: LatencyHistogram(), count: topology.regions.count)
        recordsAcknowledgements = scenario.recordAcknowledgedWrites
        self.horizon = horizon
        nodeRegion = topology.nodes.map(\.region)
        replicaLogLimit = scenario.limits.replicaLog
    }

    var primary: Int { replicaSet.primary }

    /// Whether replica `node` is fresh enough to serve a read within `bound` (nil: any
    /// replica serves) at `now`.
    func isFresh(_ node: Int, bound: Nanoseconds?, now: Nanoseconds) -> Bool {
        guard let bound else { return true }
        return replicaSet.isFresh(node, now: now, bound: bound)
    }

    /// Per node, when it last asked the primary to ship missed entries again (ns).
    private var resendAskedAt: [Nanoseconds]
    /// How long a replica waits before asking again for entries it still misses: TCP's
    /// minimum retransmission timeout on Linux, since streaming replication runs over TCP.
    static let resendInterval: Nanoseconds = 200_000_000
    /// The most entries one request ships again.
    static let resendBatch: UInt64 = 4096

    /// Replica `node` got entry `arrived` at `now`; returns the first entry to ask for
    /// again when an earlier one never came (a shipment was lost), at most once per
    /// `resendInterval`.
    mutating func missingShipment(at node: Int, arrived index: UInt64, now: Nanoseconds) -> UInt64? {
        let expected = replicaSet.replicas[node].received + 1
        guard index > expected, now - resendAskedAt[node] >= Self.resendInterval else { return nil }
        resendAskedAt[node] = now
        return expected
    }

    /// The newest commit timestamp handed out (ns): each write's version is above it.
    private var lastTimestamp: Int64 = 0

    /// A write's version: the primary's clock, or just above the previous write's when the
    /// clock has not moved past it (or a promoted primary's clock is behind), so versions
    /// of a key increase and never repeat.
    mutating func commitTimestamp(clock: Nanoseconds) -> Int64 {
        lastTimestamp = max(clock, lastTimestamp + 1)
        return lastTimestamp
    }

    /// The primary commits a write at `time` with version `version`; returns its log index.
    mutating func append(at time: Nanoseconds, version: Int64) -> UInt64 { replicaSet.append(at: time, version: version) }

    /// Whether replica `node` has applied a version at or above a session's `token` (its
    /// newest write or read), so it may serve the session's read.
    func sessionFresh(_ node: Int, token: Int64) -> Bool {
        guard token > Int64.min else { return true }
        return replicaSet.version(through: replicaSet.replicas[node].applied).map { $0 >= token } ?? false
    }

    /// Whether the write at `index` is answered at once (asynchronous, or no replica);
    /// otherwise it waits for acknowledgements.
    mutating func answersAtOnce(index: UInt64, operation: UInt64, nodeCount: Int) -> Bool {
        if mode == .primaryAsync || nodeCount == 1 { return true }
        syncWaiting.append((index, operation))
        return false
    }

    /// The write at `index` was acknowledged to its client at `time`.
    mutating func acknowledged(index: UInt64, at time: Nanoseconds) {
        acknowledgedThrough = max(acknowledgedThrough, index)
        if recordsAcknowledgements { acknowledgedLog.append((index, time)) }
    }

    /// Replica `node` receives entry `index` from `from` at `finish`; returns whether it
    /// acknowledges receipt (primary-sync).
    mutating func receive(_ index: UInt64, at node: Int, from: Int, finish: Nanoseconds) -> Bool {
        guard from == replicaSet.primary else { return false }
        let applyTime = capped.cap(settings.applyTime.sample(using: &applyRandom), at: horizon, .replicaApply)
        return replicaSet.receive(index, at: node, time: finish, applyTime: applyTime) != nil && mode == .primarySync
    }

    /// Applies what replica `node` has replayed by `now` and records each entry's lag (in
    /// `timeline` too, when given).
    mutating func catchUp(_ node: Int, now: Nanoseconds, timeline: inout TimelineRecorder, recordsTimeline: Bool) {
        guard node != replicaSet.primary else { return }
        let region = nodeRegion[node]
        lagScratch.removeAll(keepingCapacity: true)
        replicaSet.catchUp(node, to: now, lags: &lagScratch)
        for lag in lagScratch {
            replicaLag[region].record(lag)
            if recordsTimeline { timeline.recordReplicaLag(region: region, lag) }
        }
        replicaSet.trim(keepingAtMost: replicaLogLimit)
    }

    /// primary-sync: replica `node` acknowledged receipt through `index`; returns the
    /// waiting writes that now have `syncReplicas` acknowledgements among live replicas.
    mutating func shipmentAcknowledged(_ index: UInt64, from node: Int, down: [Bool]) -> [(index: UInt64, operation: UInt64)] {
        shipAcked[node] = max(shipAcked[node], index)
        // The live replicas' acknowledged indices, highest first (a reused scratch array:
        // this runs for every acknowledgement).
        ackScratch.removeAll(keepingCapacity: true)
        for replica in shipAcked.indices where replica != replicaSet.primary && !down[replica] { ackScratch.append(shipAcked[replica]) }
        ackScratch.sort(by: >)
        let needed = min(settings.syncReplicas, ackScratch.count)
        answeredScratch.removeAll(keepingCapacity: true)
        guard needed > 0 else { return answeredScratch }
        let durable = ackScratch[needed - 1]
        while let waiting = syncWaiting.first, waiting.index <= durable {
            _ = syncWaiting.popFirst()
            answeredScratch.append(waiting)
        }
        return answeredScratch
    }

    /// Node `node` crashed at `now`; returns whether it was the primary going down (a
    /// promotion follows after the detection delay).
    mutating func crashed(_ node: Int, now: Nanoseconds) -> Bool {
        guard node == replicaSet.primary, primaryDownSince == nil else { return false }
        primaryDownSince = now
        return true
    }

    /// Promotes the live replica that received the most; acknowledged writes beyond what
    /// it received are lost.
    mutating func promote(down: [Bool], now: Nanoseconds) {
        var best: Int?
        for node in shipAcked.indices where node != replicaSet.primary && !down[node] {
            if best.map({ replicaSet.replicas[node].received > replicaSet.replicas[$0].received }) ?? true { best = node }
        }
        guard let chosen = best else { return }
        let takeover = replicaSet.promote(chosen)
        if acknowledgedThrough > takeover { lostAcknowledgedWrites += Int(acknowledgedThrough - takeover) }
        acknowledgedThrough = min(acknowledgedThrough, takeover)
        for node in shipAcked.indices { shipAcked[node] = min(shipAcked[node], takeover) }
        // Writes waiting for sync acknowledgement on the old primary never get them.
        syncWaiting.removeAll()
        promotions += 1
        if let since = primaryDownSince { failovers.append(now - since) }
        primaryDownSince = nil
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        if acknowledgedThrough > replicaSet.lastIndex {
            problems.append("acknowledged through \(acknowledgedThrough) beyond the last index \(replicaSet.lastIndex)")
        }
        var previous: UInt64 = 0
        for waiting in syncWaiting.queued {
            if waiting.index < previous { problems.append("sync waiters out of index order") }
            previous = waiting.index
        }
        return problems
    }
}
