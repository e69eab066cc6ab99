/// Multi-key transactions (`--txn`): what each client operation is when set.
///
/// `ro:K` reads K keys at one MVCC snapshot, the transaction's start, taking no locks
/// and waiting only on intents below its snapshot (`VersionStore`).
///
/// `rmw:K` reads K distinct keys, one after another (locking reads, `SELECT … FOR
/// UPDATE`, unless `lockingReads` is off), holds for `hold`, then writes all K in
/// parallel and commits; CockroachDB-style on Raft ranges: locks at each key's
/// leaseholder, writes replicated by Raft, locks released when the commit is known.
/// PostgreSQL-style on a primary: row locks at the primary, writes applied there at
/// once, and one commit (WAL fsync, and synchronous replicas under primary-sync).
///
/// `wo:K` writes K keys without reading them (blind writes; `put` is `wo:1`, a
/// single-key write that still takes its key's lock), and `get` is `ro:1`.
///
/// Invariants: `mix` holds 1…16 shapes, each of 1…16 keys with a positive weight;
/// `statements` is 1…100; `deadlockTimeout` is positive.
public struct TransactionSettings: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Read K keys, then write them (K = 2 is a transfer).
        case readModifyWrite = "rmw"
        /// Read K keys at one snapshot (the transaction's start), without locks.
        case readOnly = "ro"
        /// Write K keys without reading them (blind writes), taking their locks.
        case writeOnly = "wo"
    }

    /// How a transaction on Raft ranges commits (`--txn-commit`).
    public enum CommitProtocol: String, Sendable, CaseIterable {
        /// CockroachDB's parallel commits (its default since v19.2): the transaction
        /// record is written in the STAGING state alongside the last writes, and the
        /// transaction is committed once all of them are replicated: one consensus round.
        case parallel
        /// Two-phase commit: the writes' intents are replicated, then the transaction
        /// record is written COMMITTED: a second consensus round on the anchor key's range.
        case twoPhase = "2pc"
    }

    /// One kind of transaction in the mix, with its keys and relative weight.
    public struct Shape: Sendable, Equatable {
        public var kind: Kind
        public var keys: Int
        public var weight: Double

        public init(kind: Kind, keys: Int, weight: Double = 1) {
            self.kind = kind
            self.keys = keys
            self.weight = weight
        }
    }

    /// The transactions clients issue, each drawn by weight (`--txn rmw:2` or a mix such
    /// as `rmw:2=3,ro:4=1`).
    public var mix = [Shape(kind: .readModifyWrite, keys: 2)]
    /// Application time between the last read and the writes, holding the locks (ns).
    public var hold: Nanoseconds = 0
    /// Sequential statements per read (an N+1 inside the transaction); the first locks.
    public var statements = 1
    /// Reads lock their keys (`SELECT … FOR UPDATE`); off: plain reads, writes lock.
    public var lockingReads = true
    /// Serializable on Raft ranges unless set (as CockroachDB), read-committed on a
    /// primary (as PostgreSQL): `ScenarioSettings` picks the mode's default.
    public var isolation = IsolationLevel.serializable
    public var commit = CommitProtocol.parallel
    /// Under primary replication, how long a lock wait lasts before the waiter looks for
    /// a deadlock (PostgreSQL's `deadlock_timeout`, 1 s by default). Raft ranges detect a
    /// deadlock when the wait that closes it starts.
    public var deadlockTimeout: Nanoseconds = 1_000_000_000
    /// Retries of an aborted transaction, with jittered exponential backoff (`--retry-backoff`).
    /// CockroachDB's client drivers retry serialization failures; 3 is a common setting.
    public var retries = 3

    public init() {}

    /// The most keys a transaction of the mix touches.
    public var maximumKeys: Int { mix.map(\.keys).max() ?? 0 }

    /// The mix as `--txn` takes it: `rmw:2`, or `rmw:2=3,ro:4=1` with weights.
    public var mixText: String {
        if mix.count == 1 { return "\(mix[0].kind.rawValue):\(mix[0].keys)" }
        return mix.map { "\($0.kind.rawValue):\($0.keys)=\($0.weight.compactDescription)" }.joined(separator: ",")
    }

    /// `KIND:K` or a comma list of `KIND:K=WEIGHT` (KIND rmw, ro or wo, K from 1 to 16,
    /// weights positive; `get` and `put` for `ro:1` and `wo:1`); nil when the text is not one.
    static func parseMix(_ text: String) -> [Shape]? {
        var shapes: [Shape] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let sides = item.split(separator: "=", omittingEmptySubsequences: false)
            guard sides.count <= 2 else { return nil }
            let name = sides[0] == "get" ? "ro:1" : sides[0] == "put" ? "wo:1" : sides[0]
            let parts = name.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])), let count = Int(parts[1]), (1...16).contains(count) else { return nil }
            var weight = 1.0
            if sides.count == 2 {
                guard let parsed = NumberText.decimal(String(sides[1])), parsed > 0, parsed.isFinite else { return nil }
                weight = parsed
            }
            shapes.append(Shape(kind: kind, keys: count, weight: weight))
        }
        // Weights must add up to a finite total, or no draw could pick by them.
        guard !shapes.isEmpty, shapes.count <= 16, shapes.reduce(0, { $0 + $1.weight }).isFinite else { return nil }
        return shapes
    }
}
