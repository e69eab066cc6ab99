/// What a transactional run did, as the serializability checker needs it: each
/// transaction's reads (the version each saw) and writes (the version each created).
///
/// A version is a number unique among the versions of its key, and a key's versions are
/// ordered by it: the MVCC timestamp of the writer in geosim's own runs, a position in
/// the key's version order for a history recorded elsewhere. Version 0 is the key's
/// initial value, written by no transaction.
public struct TransactionHistory: Sendable, Equatable {
    /// How a transaction ended, as its client saw it.
    public enum Outcome: String, Sendable, Equatable {
        /// Acknowledged as committed.
        case committed
        /// Acknowledged as aborted: none of its writes may be visible.
        case aborted
        /// Timed out: it may or may not have committed. Its writes count as committed
        /// when some committed transaction read them or wrote over them.
        case unknown
    }

    /// A key and one of its versions: what a read returned, or what a write created.
    public struct Access: Sendable, Equatable {
        public var key: Int
        public var version: Int64
        public init(key: Int, version: Int64) {
            self.key = key
            self.version = version
        }
    }

    /// One read of a key inside a transaction, and the version it returned.
    public typealias Read = Access
    /// One write of a key inside a transaction, and the version it created.
    public typealias Write = Access

    /// One transaction. `id` is the caller's name for it (reported in evidence).
    public struct Transaction: Sendable, Equatable {
        public var id: Int
        public var outcome: Outcome
        public var reads: [Read]
        public var writes: [Write]

        public init(id: Int, outcome: Outcome, reads: [Read], writes: [Write]) {
            self.id = id
            self.outcome = outcome
            self.reads = reads
            self.writes = writes
        }
    }

    public var transactions: [Transaction]

    public init(transactions: [Transaction] = []) {
        self.transactions = transactions
    }
}
