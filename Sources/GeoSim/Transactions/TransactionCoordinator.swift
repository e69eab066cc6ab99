/// The transactions under way and what they did: each one's keys, phase, locks held and
/// versions seen; the lock table of every leaseholder; the latest committed version of
/// each key; and the outcome counts, latencies and (when checking) the history.
///
/// A transaction attempt has its own id (`TransactionID`, increasing); a retry takes a
/// new one, so answers to an abandoned attempt find nothing and are dropped. Live attempts
/// sit in a direct-mapped table indexed by id modulo its size, which doubles when a new
/// id's slot is still taken: no hashing and no allocation per transaction step.
///
/// Invariants: a live attempt waits on at most one key; `acknowledged` is empty or one
/// longer than `keys` (its last entry is the transaction record, or the commit on a
/// primary).
struct TransactionCoordinator {
    typealias TransactionID = UInt32

    enum Phase: UInt8 {
        case reading, holding, writing
    }

    /// Why an attempt aborted.
    enum AbortCause: Int, CaseIterable {
        /// A lock wait would have closed a waits-for cycle.
        case deadlock
        /// Without locking reads: a key read was overwritten before this write locked it
        /// (the serializable read refresh failed).
        case conflict
        /// No leaseholder, or a leaseholder refused (an election under way).
        case failed
        /// The client's timeout passed; whether it committed is unknown.
        case timeout
        var name: String { ["deadlock", "conflict", "failed", "timeout"][rawValue] }
    }

    /// The refusal code of a snapshot read that found a version inside its uncertainty
    /// interval: the client restarts its reads at that version's timestamp.
    static let uncertaintyRestart: UInt8 = 255

    struct Attempt {
        /// 0 marks a free slot.
        var id: TransactionID = 0
        var client: Int
        var keys: [Int]
        /// When the transaction was first issued (ns): latency counts from here.
        var issuedAt: Nanoseconds
        var attempts: Int
        var kind = TransactionSettings.Kind.readModifyWrite
        /// The MVCC timestamp its snapshot reads are at (0: not taken yet; a primary
        /// takes it at the first statement, as PostgreSQL does).
        var snapshot: Int64 = 0
        var phase = Phase.reading
        /// The key being read (an index into `keys`) and its statements still to send.
        var reading = 0
        var statementsLeft = 0
        /// Per key (as `keys`), whether its write is known committed: the transaction
        /// commits when all are (a duplicated answer counts once).
        var acknowledged: [Bool] = []
        /// Keys this attempt holds the lock of, in acquisition order.
        var held: [Int] = []
        var waitingOn: Int?
        var reads: [TransactionHistory.Read] = []
        var writes: [TransactionHistory.Write] = []
        /// Whether a leaseholder or the primary already took the record (or commit), so a
        /// duplicated request does nothing more.
        var recordProposed = false
        /// With parallel commits: the record came with the anchor key's write, to be
        /// proposed with its intent.
        var recordRides = false
        /// On a primary: the commit is done there (versions visible, locks released).
        var committedAtServer = false

        /// A read-only transaction (`ro:K`): no locks, no writes, every read at `snapshot`.
        var readOnly: Bool { kind == .readOnly }
        /// Where the record's acknowledgement sits in `acknowledged`.
        var recordSlot: Int { keys.count }
        /// Whether every write (not the record) is acknowledged.
        var writesAcknowledged: Bool { acknowledged.count == keys.count + 1 && !acknowledged[..<keys.count].contains(false) }
    }

    let settings: TransactionSettings
    private var slots = Array(repeating: Attempt(client: 0, keys: [], issuedAt: 0, attempts: 0), count: 1024)
    private var mask = 1023
    private var nextID: TransactionID = 1
    var locks = LockTable()
    /// The committed versions and pending intents of every key.
    var store = VersionStore()
    private(set) var stats: TransactionStats
    /// Finished transactions, when a checker will judge them.
    private(set) var history: TransactionHistory?
    /// Per range, the replica that last became its leader (-1: none yet): where a
    /// client's range cache sends its reads and writes, checked before use.
    private(set) var leaderReplica: [Int32]

    /// Draws each new transaction's shape from the mix.
    private var mixRandom: RandomStream

    init(settings: TransactionSettings, regions: Int, ranges: Int, recording: Bool, seed: UInt64) {
        self.settings = settings
        mixRandom = RandomStream(seed: seed, component: "txn-mix")
        leaderReplica = Array(repeating: -1, count: ranges)
        stats = TransactionStats(regions: regions)
        history = recording ? TransactionHistory() : nil
    }

    /// Starts an attempt of a transaction on `keys` for `client`; returns its id.
    mutating func begin(client: Int, keys: [Int], issuedAt: Nanoseconds, attemptNumber: Int, kind: TransactionSettings.Kind) -> TransactionID {
        let id = nextID
        nextID &+= 1
        if nextID == 0 { nextID = 1 }
        while slots[Int(id) & mask].id != 0 { grow() }
        slots[Int(id) & mask] = Attempt(
            id: id, client: client, keys: keys, issuedAt: issuedAt, attempts: attemptNumber, kind: kind, statementsLeft: settings.statements)
        return id
    }

    /// Doubles the table until every live attempt has a slot of its own.
    private mutating func grow() {
        var size = slots.count * 2
        while true {
            var fresh = Array(repeating: Attempt(client: 0, keys: [], issuedAt: 0, attempts: 0), count: size)
            var fits = true
            for attempt in slots where attempt.id != 0 {
                let slot = Int(attempt.id) & (size - 1)
                if fresh[slot].id != 0 {
                    fits = false
                    break
                }
                fresh[slot] = attempt
            }
            if fits {
                slots = fresh
                mask = size - 1
                return
            }
            size *= 2
        }
    }

    func attempt(_ id: TransactionID) -> Attempt? {
        let attempt = slots[Int(id) & mask]
        return attempt.id == id && id != 0 ? attempt : nil
    }

    /// Changes attempt `id` in place (no copy of its arrays), if it is live.
    mutating func update(_ id: TransactionID, _ change: (inout Attempt) -> Void) {
        let slot = Int(id) & mask
        guard id != 0, slots[slot].id == id else { return }
        change(&slots[slot])
    }

    /// The shape of the next transaction: drawn by weight when the mix has several.
    mutating func drawShape() -> TransactionSettings.Shape {
        let mix = settings.mix
        guard mix.count > 1 else { return mix[0] }
        var pick = mixRandom.nextUnit() * mix.reduce(0) { $0 + $1.weight }
        for shape in mix {
            pick -= shape.weight
            if pick < 0 { return shape }
        }
        return mix[mix.count - 1]
    }

    /// `replica` became the leader of `range`.
    mutating func noteLeader(range: Int, replica: Int) { leaderReplica[range] = Int32(replica) }

    /// The version a read of `key` returns now (0: the initial value).
    func version(of key: Int) -> Int64 { store.latest(of: key) }

    /// Attempt `id` committed: its writes (intents until now) become the keys' newest
    /// versions, all at the transaction's one commit timestamp (the highest of its
    /// intents', as CockroachDB commits; on a primary, the commit's instant `at`, as
    /// PostgreSQL orders versions by commit), so no snapshot sees part of it. Returns the
    /// snapshot readers that waited on those intents.
    mutating func makeVisible(_ id: TransactionID, at instant: Int64 = 0) -> [(transaction: UInt32, node: Int)] {
        guard let attempt = attempt(id) else { return [] }
        let newest = attempt.writes.map { store.latest(of: $0.key) + 1 }.max() ?? 0
        let commit = max(attempt.writes.map(\.version).max() ?? 0, instant, newest)
        update(id) { attempt in
            for index in attempt.writes.indices { attempt.writes[index].version = commit }
        }
        return attempt.writes.flatMap { store.resolve($0.key, intent: $0.version, committedAt: commit) }
    }

    /// An aborted attempt's intents are abandoned. Returns the readers that waited on them.
    mutating func abandonIntents(of attempt: Attempt) -> [(transaction: UInt32, node: Int)] {
        attempt.writes.flatMap { store.resolve($0.key, intent: $0.version, committedAt: nil) }
    }

    /// The attempt ends: committed (`cause` nil) or aborted. Returns it, removed.
    mutating func finish(_ id: TransactionID, cause: AbortCause?, region: Int, now: Nanoseconds, final: Bool) -> Attempt? {
        guard let attempt = attempt(id) else { return nil }
        slots[Int(id) & mask] = Attempt(client: 0, keys: [], issuedAt: 0, attempts: 0)
        stats.record(region: region, latency: now - attempt.issuedAt, cause: cause, attempts: attempt.attempts, final: final, now: now)
        if history != nil {
            // A timed-out attempt may still commit later: its writes may yet be seen.
            let outcome: TransactionHistory.Outcome = cause == nil ? .committed : (cause == .timeout ? .unknown : .aborted)
            history?.transactions.append(
                TransactionHistory.Transaction(id: Int(id), outcome: outcome, reads: attempt.reads, writes: attempt.writes))
        }
        return attempt
    }

    /// A transaction of a client in `region` got a lock after waiting `waited` (ns).
    mutating func noteLockWait(_ waited: Nanoseconds, region: Int) { stats.regions[region].lockWait.record(waited) }

    /// An attempt restarts its reads at `timestamp`, above a version it was uncertain of.
    mutating func restartReads(_ id: TransactionID, at timestamp: Int64) {
        let statements = settings.statements
        update(id) {
            $0.snapshot = timestamp
            $0.reading = 0
            $0.reads.removeAll(keepingCapacity: true)
            $0.statementsLeft = statements
        }
        stats.uncertaintyRestarts += 1
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems = locks.invariantViolations()
        for attempt in slots where attempt.id != 0 && !attempt.acknowledged.isEmpty && attempt.acknowledged.count != attempt.keys.count + 1 {
            problems.append("transaction \(attempt.id): \(attempt.acknowledged.count) acknowledgements for \(attempt.keys.count) keys")
        }
        return problems
    }
}
