/// Leaderless (Dynamo-style) quorums during a run: the client's gateway coordinates each
/// operation, sending it to the key's N replicas and answering at W acknowledgements (a
/// write) or R answers (a read, which returns the newest version among them and may
/// repair stale responders). Each leg's travel time is the topology's, or a draw of the
/// scenario's leg distributions (PBS-style), or both.
///
/// Invariant: every open wait has fewer answers than its quorum needs (it ends there).
struct LeaderlessCoordinator {
    private(set) var store: LeaderlessStore
    private let settings: ReplicationSettings
    private var legRandom: RandomStream
    private(set) var capped = CappedDraws()
    private let horizon: Nanoseconds
    /// A coordinator gives up at the operation timeout, as its client does (ns).
    private let timeout: Nanoseconds

    init(scenario: Scenario, nodeCount: Int, horizon: Nanoseconds) {
        store = LeaderlessStore(replicaCount: min(scenario.replication.n, nodeCount), nodeCount: nodeCount)
        settings = scenario.replication
        legRandom = RandomStream(seed: scenario.seed, component: "legs")
        self.horizon = horizon
        timeout = scenario.operationTimeout
    }

    var replicaCount: Int { store.replicaCount }

    /// The i-th replica (node) of `key`.
    @inline(__always) func replica(_ i: Int, of key: Int) -> Int { store.replica(i, of: key) }

    /// Whether the topology's latency comes on top of drawn leg times.
    var legsAddToTopology: Bool { settings.legsAddToTopology }

    /// A draw of `leg`'s travel time (ns); nil when the scenario gives no leg distributions.
    mutating func legTime(_ leg: KeyPath<ReplicationSettings.Legs, Distribution>) -> Nanoseconds? {
        guard let legs = settings.legs else { return nil }
        return capped.cap(legs[keyPath: leg].sample(using: &legRandom), at: horizon, .leaderlessLeg)
    }

    /// Opens the wait for `operation` on `key`, coordinated with the coordinator's clock
    /// reading `timestamp` at `now`.
    mutating func begin(_ operation: UInt64, isWrite: Bool, key: Int, timestamp: Nanoseconds, now: Nanoseconds) {
        store.begin(
            operation,
            LeaderlessStore.Pending(
                isWrite: isWrite, key: key, answers: 0, needed: isWrite ? settings.w : settings.r,
                newest: Int64.min, timestamp: timestamp, startedAt: now), timeout: timeout, now: now)
    }

    /// A replica answered (with the version it holds, for a read): at the quorum, the
    /// finished wait and, for a read with read repair, the responders to repair.
    mutating func answer(_ operation: UInt64, from replica: Int, timestamp: Nanoseconds?, now: Nanoseconds) -> (
        wait: LeaderlessStore.Pending, repair: [Int]
    )? {
        guard let (waiting, responders) = store.answer(operation, from: replica, timestamp: timestamp, timeout: timeout, now: now) else { return nil }
        guard !waiting.isWrite, settings.readRepair, waiting.newest > Int64.min else { return (waiting, []) }
        return (waiting, responders.filter { $0.timestamp < waiting.newest }.map(\.node))
    }

    /// Replica `node` stores version `timestamp` of `key` (if newer than what it holds).
    mutating func store(_ key: Int, timestamp: Nanoseconds, at node: Int) { store.store(key, timestamp: timestamp, at: node) }

    /// The newest version of `key` replica `node` holds (`Int64.min`: none).
    func timestamp(of key: Int, at node: Int) -> Nanoseconds { store.timestamp(of: key, at: node) }

    /// An anti-entropy sweep: every live replica of each written key gets its newest version.
    mutating func antiEntropy(isUp: (Int) -> Bool) { store.antiEntropy(isUp: isUp) }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        store.pending.values.contains { $0.answers >= $0.needed } ? ["a wait stayed open after its quorum answered"] : []
    }
}
