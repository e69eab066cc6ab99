/// Multi-key transactions (`--txn`): what each client operation is when set.
///
/// `ro:K` reads K keys at one MVCC snapshot, the transaction's start, taking no locks
/// and waiting only on intents below its snapshot (`VersionStore`).
///
/// `rmw:K` reads K distinct keys, one after another (locking reads, `SELECT … FOR
/// UPDATE`, unless `lockingReads` is off), holds for `hold`, then writes all K in
/// parallel and commits; CockroachDB-style on Raft ranges: locks at each key's
/// leaseholder, writes replicated by Raft, locks released when the commit is known.
///
/// Invariants: `mix` holds 1…16 shapes, each of 1…16 keys with a positive weight;
/// `statements` is 1…100.
public struct TransactionSettings: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Read K keys, then write them (K = 2 is a transfer).
        case readModifyWrite = "rmw"
        /// Read K keys at one snapshot (the transaction's start), without locks.
        case readOnly = "ro"
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
    public var isolation = IsolationLevel.serializable
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

    /// `KIND:K` or a comma list of `KIND:K=WEIGHT` (KIND rmw or ro, K from 1 to 16, weights
    /// positive); nil when the text is not one.
    static func parseMix(_ text: String) -> [Shape]? {
        var shapes: [Shape] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let sides = item.split(separator: "=", omittingEmptySubsequences: false)
            guard sides.count <= 2 else { return nil }
            let parts = sides[0].split(separator: ":", omittingEmptySubsequences: false)
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
