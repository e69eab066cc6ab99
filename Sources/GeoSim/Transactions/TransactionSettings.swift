/// Multi-key transactions (`--txn`): what each client operation is when set.
///
/// `rmw:K` reads K distinct keys, one after another (locking reads, `SELECT … FOR
/// UPDATE`, unless `lockingReads` is off), holds for `hold`, then writes all K in
/// parallel and commits; CockroachDB-style on Raft ranges: locks at each key's
/// leaseholder, writes replicated by Raft, locks released when the commit is known.
///
/// Invariants: `keys` is 1…16; `statements` is 1…100.
public struct TransactionSettings: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Read K keys, then write them (K = 2 is a transfer).
        case readModifyWrite = "rmw"
    }

    public var kind = Kind.readModifyWrite
    /// Keys per transaction.
    public var keys = 2
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

    /// `rmw:K`; nil when the text is not one.
    static func parse(_ text: String) -> (Kind, Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])), let count = Int(parts[1]), (1...16).contains(count) else { return nil }
        return (kind, count)
    }
}
